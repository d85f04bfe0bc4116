/**
 * Who may call the hub. Staff roles come from the bylaw (ماده ۸: manager, legal expert, clerks);
 * device roles are screens without a person behind them (kiosk, waiting-room board, the
 * applicant's second screen). Device pairing arrives with the security issue; until then a
 * device role is chosen by URL or flag.
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
