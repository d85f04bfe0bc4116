import type { FormEvent, ReactNode } from 'react';
import { fa } from '../i18n/fa';

/** A first-run step that only says what is happening (joined, becoming the hub, restored). */
export function FirstRunStatus({ text }: { text: string }) {
  return (
    <main className="centered-page">
      <div className="card form-card" role="status">
        <p className="app-name">{fa.appName}</p>
        <p>{text}</p>
      </div>
    </main>
  );
}

/** A first-run form: the app's name, its title and a line of what to do above the fields. */
export function FirstRunForm({ id, title, intro, onSubmit, children }: { id: string; title: string; intro: string; onSubmit: (e: FormEvent) => void; children: ReactNode }) {
  return (
    <main className="centered-page">
      <form className="card form-card first-run" onSubmit={onSubmit} aria-labelledby={id} noValidate>
        <p className="app-name">{fa.appName}</p>
        <h1 id={id}>{title}</h1>
        <p className="muted">{intro}</p>
        {children}
      </form>
    </main>
  );
}
