import type { LinkState } from '../../core/api/workstation';
import { toPersianDigits } from '../../core/text/digits';
import { fa } from '../i18n/fa';

type Halted = Extract<LinkState, { status: 'halted' }>;

/**
 * A workstation window whose link to the office hub stopped for good (docs/OFFICE-SETUP.md): this
 * PC was removed from the office, the hub no longer knows it, or the two speak different contract
 * versions. The whole window says so and what to do — never a half-working screen.
 */
export function LinkHaltedScreen({ state }: { state: Halted }) {
  const t = fa.workstation;
  const [title, body, next] =
    state.reason === 'incompatible'
      ? [t.incompatibleTitle, t.versionMismatch(state.hubVersion === null ? t.unknownVersion : toPersianDigits(String(state.hubVersion)), toPersianDigits(String(state.ourVersion))), t.incompatibleWhatToDo]
      : state.reason === 'revoked'
        ? [t.revokedTitle, t.revokedBody, t.revokedWhatToDo]
        : [t.forgottenTitle, t.forgottenBody, t.revokedWhatToDo];
  return (
    <main className="centered-page link-halted" role="alert" aria-labelledby="link-halted-title">
      <section className="card form-card">
        <p className="app-name">{fa.appName}</p>
        <h1 id="link-halted-title">{title}</h1>
        <p>{body}</p>
        <p>{next}</p>
      </section>
    </main>
  );
}
