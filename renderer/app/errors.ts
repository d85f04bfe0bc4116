import { formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { ApiError } from '../api/client';
import { fa } from '../i18n/fa';

/** One Persian sentence for anything a call may throw. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const base = fa.errors[err.code];
    // retryAt is any string on the wire; a bad one must not turn the error message into a crash.
    // a workstation's scanner away: the sentence names the workstation («اسکنر باجهٔ ۳ در دسترس نیست»)
    if ((err.code === 'WORKSTATION_AGENT_OFFLINE' || err.code === 'WORKSTATION_DEVICE_MISSING' || err.code === 'WORKSTATION_PRINTER_OFFLINE' || err.code === 'WORKSTATION_TERMINAL_OFFLINE' || err.code === 'WORKSTATION_PRINTER_MISSING' || err.code === 'WORKSTATION_TERMINAL_MISSING') && err.ref) return fa.workstationErrors[err.code](toPersianDigits(err.ref));
    // a workstation of another contract version (ref «<hub>/<workstation>»): both numbers, and the update that brings them together
    if (err.code === 'CONTRACT_VERSION_MISMATCH' && err.ref && /^\d{1,6}\/\d{1,6}$/.test(err.ref)) {
      const [hub, ours] = err.ref.split('/') as [string, string];
      return fa.contractMismatch(toPersianDigits(hub), toPersianDigits(ours));
    }
    // the end of the day refused: the sentence names which receipts or requests hold it up
    if ((err.code === 'COUNTER_CLOSE_UNRECEIPTED' || err.code === 'DAY_CLOSE_RECEIPT_MISSING' || err.code === 'DAY_CLOSE_IN_DOUBT') && err.ref) return `${base} ${fa.dayCloseWhich[err.code]}: ${toPersianDigits(err.ref)}`;
    if ((err.code === 'ACCOUNT_LOCKED' || err.code === 'TOO_MANY_ATTEMPTS') && err.retryAt && !Number.isNaN(Date.parse(err.retryAt))) return `${base} پس از ساعت ${formatTime(err.retryAt, false)} دوباره تلاش کنید.`;
    return base;
  }
  return fa.errors.INTERNAL;
}

/** Persian text per field path, from an INVALID_INPUT or WEAK_PASSWORD error. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of err.fields) out[f.path] ??= fa.fields[f.reason] ?? fa.fields.invalid_format!;
  return out;
}

