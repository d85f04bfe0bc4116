import type { ShellProps } from '../app/App';
import { Clock } from '../components/Clock';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';

/** The touch kiosk: full screen, big targets, no personal data ever. */
export function KioskShell({ office }: ShellProps) {
  return (
    <div className="shell kiosk-shell">
      <header className="kiosk-header">
        <div>
          <h1>{fa.kiosk.welcome}</h1>
          <p className="kiosk-office">{office.name}</p>
        </div>
        <Clock className="kiosk-clock" />
      </header>
      <main className="kiosk-main">
        <p className="kiosk-prompt">{fa.kiosk.takeTicket}</p>
        <EmptyState>{fa.kiosk.noServices}</EmptyState>
      </main>
    </div>
  );
}
