import type { ReactNode } from 'react';
import { toPersianDigits } from '../../core/text/digits';

/**
 * One of the counter's lists (open requests, returned ones): its title with the count, the last
 * action's error and the list's own load error, and the list — or a sentence when it is empty.
 * `after`: what follows the list (a hint, a dialog), shown either way.
 */
export function CounterListSection(props: { id: string; className: string; title: string; count: number; actionError: string | null; loadError: string | null; empty: string; children: ReactNode; after?: ReactNode }) {
  return (
    <section className={props.className} aria-labelledby={props.id}>
      <h3 id={props.id}>
        {props.title} <span className="muted">({toPersianDigits(props.count)})</span>
      </h3>
      {props.actionError && (
        <p className="form-error" role="alert">
          {props.actionError}
        </p>
      )}
      {props.loadError && <p className="form-error">{props.loadError}</p>}
      {props.count === 0 ? <p className="muted">{props.empty}</p> : props.children}
      {props.after}
    </section>
  );
}
