import type { ShellProps } from '../app/App';
import { Clock } from '../components/Clock';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';

/** The second screen facing the applicant: idle until a request is opened at the counter. */
export function ApplicantShell({ office }: ShellProps) {
  return (
    <div className="shell applicant-shell">
      <header className="applicant-header">
        <span className="applicant-office">{office.name}</span>
        <Clock />
      </header>
      <main className="applicant-main">
        <h1 className="applicant-wait">{fa.applicant.wait}</h1>
        <p className="applicant-idle">{fa.applicant.idle}</p>
        <section className="card applicant-tariffs" aria-labelledby="tariffs-title">
          <h2 id="tariffs-title">{fa.applicant.tariffs}</h2>
          <EmptyState>{fa.applicant.tariffsEmpty}</EmptyState>
        </section>
      </main>
    </div>
  );
}
