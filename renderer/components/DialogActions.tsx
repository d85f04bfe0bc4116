import type { ReactNode } from 'react';
import { fa } from '../i18n/fa';

/**
 * A dialog's two buttons: what it does (its key shown when Enter does it) and «بستن» with Esc —
 * in that order everywhere, so the clerk's hand learns one place.
 */
export function DialogActions({ submit, enterKey = false, disabled, autoFocusSubmit, onClose }: { submit: ReactNode; enterKey?: boolean; disabled?: boolean; autoFocusSubmit?: boolean; onClose: () => void }) {
  return (
    <div className="dialog-actions">
      <button type="submit" className="button button-primary" disabled={disabled} autoFocus={autoFocusSubmit}>
        {submit}
        {enterKey && (
          <>
            {' '}
            <kbd>Enter</kbd>
          </>
        )}
      </button>
      <button type="button" className="button" onClick={onClose}>
        {fa.common.close} <kbd>Esc</kbd>
      </button>
    </div>
  );
}
