/**
 * For hub test files whose tests each set up their own hub (test/support/hub.ts): `hubsClosedAfterEach()`
 * registers, with vitest's afterEach, the closing of every hub set up during a test, and returns
 * `setUpHub` to call in the tests. Kept apart from hub.ts, which runs outside vitest too.
 */
import { afterEach } from 'vitest';
import { setUpHub } from './hub';

export function hubsClosedAfterEach(): typeof setUpHub {
  const open: Array<() => void> = [];
  afterEach(() => {
    for (const close of open.splice(0)) close();
  });
  return async (options) => {
    const t = await setUpHub(options);
    open.push(t.close);
    return t;
  };
}

/** «ok», or the error code of a refused call: for comparing many results at once. */
export const codeOf = (res: { ok: boolean; error?: { code: string } }): string => (res.ok ? 'ok' : res.error!.code);
