import { useEffect, type RefObject } from 'react';

/**
 * A dialog's keyboard: the first control matching `focusFirst` gets focus when it opens, and Escape
 * closes it wherever focus is.
 */
export function useDialogKeys(ref: RefObject<HTMLElement | null>, onClose: () => void, focusFirst = 'select, input, textarea, button'): void {
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(focusFirst)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
}
