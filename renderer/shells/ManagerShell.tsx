import { useState } from 'react';
import { SyncPanel, useSyncStatus } from '../sync/SyncPanel';
import { SyncManager } from '../manager/SyncManager';
import { toPersianDigits } from '../../core/text/digits';
import type { ShellProps } from '../app/shellProps';
import { EmptyState } from '../components/EmptyState';
import { Header } from '../components/Header';
import { fa } from '../i18n/fa';
import { AuditLog } from '../manager/AuditLog';
import { DayReport } from '../manager/DayReport';
import { OfficeDayClose } from '../manager/OfficeDayClose';
import { BackupPanel } from '../manager/BackupPanel';
import { DocumentSearch } from '../manager/DocumentSearch';
import { LiveView } from '../manager/LiveView';
import { OpenRequests } from '../counter/OpenRequests';
import { ReturnedRequests } from '../counter/ReturnedRequests';
import { RequestSearch } from '../counter/RequestSearch';
import { LockSettings } from '../manager/LockSettings';
import { DwtLicenceSettings } from '../manager/DwtLicenceSettings';
import { QueueConfig, TicketPrinterSettings } from '../manager/QueueConfig';
import { CounterTerminalSettings } from '../manager/TerminalSettings';
import { CounterReceiptPrinterSettings } from '../manager/ReceiptPrinterSettings';
import { Reports } from '../manager/Reports';
import { Satisfaction } from '../manager/Satisfaction';
import { StaffManager } from '../manager/StaffManager';
import { DeviceManager } from '../manager/DeviceManager';
import { TariffTables } from '../manager/TariffTables';
import { TotpSettings } from '../manager/TotpSettings';
import { FirstDayChecklist } from '../manager/FirstDayChecklist';
import { Statistics, StatisticsDue } from '../manager/Statistics';
import { Compliance } from '../manager/Compliance';

type Section = keyof typeof fa.manager.nav;
const sections = Object.keys(fa.manager.nav) as Section[];

/** The office manager's console: live view, reports, tariffs, services, staff, audit, settings. */
export function ManagerShell({ office, principal, onLogout }: ShellProps) {
  const [section, setSection] = useState<Section>('dashboard');
  const t = fa.manager;
  return (
    <div className="shell manager-shell">
      <Header officeName={office.name} title={fa.shells.manager} principal={principal} onLogout={onLogout} />
      <div className="manager-body">
        <nav className="manager-nav" aria-label={fa.shells.manager}>
          <ul>
            {sections.map((s) => (
              <li key={s}>
                <button type="button" className={`nav-item${s === section ? ' nav-item-active' : ''}`} aria-current={s === section ? 'page' : undefined} onClick={() => setSection(s)}>
                  {t.nav[s]}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="manager-main">
          <h1>{t.nav[section]}</h1>
          <SectionBody section={section} office={office} principal={principal} onGo={setSection} />
        </main>
      </div>
    </div>
  );
}

function SectionBody({ section, office, principal, onGo }: { section: Section; onGo: (section: Section) => void } & Pick<ShellProps, 'office' | 'principal'>) {
  switch (section) {
    case 'dashboard':
      return (
        <>
          <Dashboard office={office} onGo={onGo} />
          <BackupPanel />
        </>
      );
    case 'reports':
      return (
        <>
          <OfficeDayClose />
          <DayReport />
        </>
      );
    case 'tariffs':
      return <TariffTables />;
    case 'services':
      return <QueueConfig />;
    case 'staff':
      return (
        <>
          <StaffManager meId={principal.kind === 'user' ? principal.userId : null} />
          <DeviceManager />
        </>
      );
    case 'requestSearch':
      return (
        <div className="card">
          <RequestSearch counterId={null} />
        </div>
      );
    case 'documentSearch':
      return <DocumentSearch />;
    case 'sync':
      return <SyncManager />;
    case 'audit':
      return <AuditLog />;
    case 'settings':
      return (
        <div className="queue-config">
          <TotpSettings />
          <LockSettings />
          <TicketPrinterSettings />
          <CounterTerminalSettings />
          <CounterReceiptPrinterSettings />
          <DwtLicenceSettings />
        </div>
      );
    case 'moneyReports':
      return <Reports />;
    case 'satisfaction':
      return <Satisfaction />;
    case 'statistics':
      return <Statistics />;
    case 'compliance':
      return <Compliance onGo={(to) => (sections as readonly string[]).includes(to) && onGo(to as Section)} />;
    default:
      return <EmptyState>{fa.manager.sectionEmpty}</EmptyState>;
  }
}

/** The outbox on the dashboard: the link, what waits and the deadline alarms, at a glance. */
function DashboardSync() {
  const status = useSyncStatus();
  return status.data ? <SyncPanel status={status.data} onReload={() => void status.reload()} /> : null;
}

function Dashboard({ office, onGo }: Pick<ShellProps, 'office'> & { onGo: (section: Section) => void }) {
  const t = fa.manager;
  return (
    <div className="dashboard-grid">
      <FirstDayChecklist onGo={onGo} />
      <StatisticsDue onGo={() => onGo('statistics')} />
      <LiveView />
      <div className="card">
        <OpenRequests counterId={null} serving={false} />
        <ReturnedRequests counterId={null} serving={false} />
      </div>
      <DashboardSync />
      <section className="card" aria-labelledby="office-card-title">
        <h2 id="office-card-title">{t.officeCard}</h2>
        <dl className="facts">
          <dt>{t.officeName}</dt>
          <dd>{office.name}</dd>
          <dt>{fa.common.officeCode}</dt>
          <dd>{toPersianDigits(office.code)}</dd>
          <dt>{t.city}</dt>
          <dd>{office.city}</dd>
        </dl>
      </section>
    </div>
  );
}
