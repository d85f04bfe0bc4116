/** A restore's or a verification's problem as the app's own Persian sentence, naming the damaged file where there is one. */
import type { RestoreError } from '../hub/backup/restore';
import { fa } from '../renderer/i18n/fa';

export function problemFa(code: RestoreError['code'], detail: string | null): string {
  const sentence = (fa.errors as Record<string, string>)[code] ?? fa.errors.BACKUP_FAILED;
  return detail && (code === 'BACKUP_CORRUPT' || code === 'BACKUP_AUDIT_BROKEN') ? `${sentence} (${fa.dayCloseWhich[code]}: ${detail})` : sentence;
}

