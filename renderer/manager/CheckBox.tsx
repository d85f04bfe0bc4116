import type { InputHTMLAttributes } from 'react';

/** A checkbox with its label beside it; the whole label is the click (and touch) target. */
export function CheckBox({ label, ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: string }) {
  return (
    <label className="check">
      <input type="checkbox" {...input} />
      <span>{label}</span>
    </label>
  );
}
