import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal that keeps Tab inside it, closes on Escape and on a click outside, and focuses its first field. */
export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => box.current?.querySelector<HTMLElement>('input, button')?.focus(), []);
  // Escape closes it wherever focus is (a button disabled while its call runs drops focus to the page).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={box}
        className="card dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key !== 'Tab' || !box.current) return;
          const items = [...box.current.querySelectorAll<HTMLElement>('input, button, select, textarea')].filter((el) => !el.hasAttribute('disabled'));
          const [firstItem, lastItem] = [items[0], items[items.length - 1]];
          if (e.shiftKey && document.activeElement === firstItem) (e.preventDefault(), lastItem?.focus());
          else if (!e.shiftKey && document.activeElement === lastItem) (e.preventDefault(), firstItem?.focus());
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
