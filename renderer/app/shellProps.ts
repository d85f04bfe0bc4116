/** What App hands every shell; apart from App.tsx so a shell does not import the file that imports it. */
import type { Principal } from '../../core/api/schemas';

export interface OfficeInfo {
  name: string;
  code: string;
  city: string;
  /** idle minutes before a staff screen locks (0 = never) */
  lockAfterMinutes: number;
}

export interface ShellProps {
  office: OfficeInfo;
  principal: Principal;
  onLogout: () => void;
  /** a device screen opens its session again (the applicant's screen, once it has chosen its counter) */
  onReopen?: () => void;
}
