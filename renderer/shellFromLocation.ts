import { shells, type Shell } from '../core/roles';

/** `/kiosk` → kiosk. Anything else is the counter (the hub redirects `/` there too). */
export function shellFromPath(pathname: string): Shell {
  const first = pathname.split('/').filter(Boolean)[0] ?? '';
  return (shells as readonly string[]).includes(first) ? (first as Shell) : 'counter';
}
