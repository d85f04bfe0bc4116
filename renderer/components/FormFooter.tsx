/** A hub error as one Persian sentence under a form, announced to screen readers. */
export function FormError({ error }: { error: string | null | undefined }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** What just happened (saved, sent, created…), announced politely to screen readers; nothing when null. */
export function FormNotice({ notice }: { notice: string | null | undefined | false }) {
  return notice ? (
    <p className="form-notice" role="status">
      {notice}
    </p>
  ) : null;
}

/**
 * The end of every step form at the counter: the error of the last try, then the one submit
 * button (Enter submits the form from any field), disabled while the call runs.
 */
export function FormFooter({ error, busy, label, enterKey = true }: { error: string | null; busy: boolean; label: string; enterKey?: boolean }) {
  return (
    <>
      <FormError error={error} />
      <div className="step-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {label} {enterKey && <kbd>Enter</kbd>}
        </button>
      </div>
    </>
  );
}
