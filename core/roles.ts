/**
 * Who may call the hub. Staff roles come from the bylaw (ماده ۸: manager, legal expert, clerks);
 * device roles are screens without a person behind them (kiosk, waiting-room board, the
 * applicant's second screen). On the hub's own PC a screen's role is chosen by URL or window; a
 * screen on another PC of the LAN is served only once paired (docs/SECURITY.md § Devices on the LAN),
 * and its device kind bounds which sessions it may hold.
 */

export const staffRoles = ['manager', 'legalExpert', 'clerk'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const deviceRoles = ['kiosk', 'board', 'applicant'] as const;
export type DeviceRole = (typeof deviceRoles)[number];

export type Role = StaffRole | DeviceRole;
export const allRoles: readonly Role[] = [...staffRoles, ...deviceRoles];

/** The screens the renderer offers; each is a URL path in web mode and a window in Electron. */
export const shells = ['counter', 'kiosk', 'board', 'manager', 'applicant'] as const;
export type Shell = (typeof shells)[number];

export function isStaffRole(role: Role): role is StaffRole {
  return (staffRoles as readonly string[]).includes(role);
}

/**
 * The kind of caller a connection carries (docs/SECURITY.md § One kind of caller per connection):
 * staff, whichever staff role, or one kind of screen. A connection (a browser tab's WebSocket, a
 * window's IPC) holds the first kind it carries for its whole life; a clerk's connection cannot
 * become the applicant's screen, nor a screen's connection log staff in.
 */
export type ConnectionKind = 'staff' | DeviceRole | 'agent';
/**
 * `agent`: a workstation's device agent (docs/WORKSTATIONS.md) — a program, no person and no session;
 * only a paired counter or kiosk's connection becomes one, by `agent.hello`, and then carries nothing else.
 */

export function connectionKindOf(role: Role): ConnectionKind {
  return isStaffRole(role) ? 'staff' : role;
}

/** The kind a window opened for this screen carries (the desktop app knows each window's screen). */
export function connectionKindOfShell(shell: Shell): ConnectionKind {
  return shell === 'counter' || shell === 'manager' ? 'staff' : shell;
}

/** What a paired LAN device is: a counter PC (staff sign in there; its applicant screen too), or one screen. */
export const deviceKinds = ['counter', 'kiosk', 'board', 'applicant'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

/** Which roles a session opened on a paired device of this kind may have. */
export function deviceKindAllows(kind: DeviceKind, role: Role): boolean {
  switch (kind) {
    case 'counter':
      return isStaffRole(role) || role === 'applicant';
    case 'kiosk':
      return role === 'kiosk';
    case 'board':
      return role === 'board';
    case 'applicant':
      return role === 'applicant';
  }
}
