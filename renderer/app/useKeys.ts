import { useEffect, useRef } from 'react';

/**
 * Function keys for a screen: `{ F2: callNext, … }`. The browser's own meaning of the key
 * (help, search, menu) is suppressed for keys we use. A handler that returns false leaves it.
 */
export function useKeys(keys: Record<string, (() => void) | undefined>, enabled = true): void {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const run = ref.current[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
