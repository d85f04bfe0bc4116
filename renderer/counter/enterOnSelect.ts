/**
 * Enter moves forward from every field of a step form — a `<select>` included, which browsers leave
 * out of a form's implicit submission. Listening on the window keeps it one rule for every step.
 */
export function submitFromSelect(e: KeyboardEvent): void {
  if (e.key !== 'Enter' || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const target = e.target;
  if (!(target instanceof HTMLSelectElement) || !target.form) return;
  e.preventDefault();
  target.form.requestSubmit();
}
