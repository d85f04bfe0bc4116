import { describe, expect, it } from 'vitest';
import { fa } from './fa';

/** Every string in the catalogue, however deep. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

describe('the message catalogue', () => {
  it('sends the manager to the console section that exists, not to a «ارسال‌ها» menu there is none of', () => {
    const where = `«${fa.manager.nav.sync}»`;
    expect(fa.errors.SYNC_NOT_ENROLLED).toContain(where);
    expect(fa.filingReceipt.stuckHint).toContain(where);
    expect(strings(fa).filter((s) => s.includes('«ارسال‌ها»'))).toEqual([]);
  });
});
