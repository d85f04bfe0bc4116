/**
 * The code of the FeeError a call throws, for the fee tests (core/fees/*.test.ts): `undefined` when
 * it returns; any other error is thrown on, so a test never mistakes a crash for a refusal.
 */
import { FeeError, type FeeErrorCode } from '../../core/fees/errors';

export function feeErrorCode(f: () => unknown): FeeErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof FeeError) return e.code;
    throw e;
  }
  return undefined;
}
