/** The caller; a manager may act on any request, anyone else only at the counter they have open. */
export type Staff = { userId: number; role: 'manager' | 'legalExpert' | 'clerk' };
