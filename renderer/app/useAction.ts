import { useCallback, useRef, useState } from 'react';
import { errorText, fieldErrors } from './errors';

/**
 * One call to the hub from a form: busy while it runs (a second press does nothing), the error as
 * one Persian sentence, and the per-field messages of an INVALID_INPUT to show beside each field.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const running = useRef(false);

  const run = useCallback(async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    setFields({});
    try {
      return await call();
    } catch (err) {
      setError(errorText(err));
      setFields(fieldErrors(err));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  return { busy, error, fields, run, clear: () => (setError(null), setFields({})) };
}
