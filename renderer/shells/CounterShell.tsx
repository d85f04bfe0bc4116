import { useEffect, useRef, useState } from 'react';
import { submitFromSelect } from '../counter/enterOnSelect';
import { SyncPanel, SyncStatusItem, useSyncStatus } from '../sync/SyncPanel';
import type { ShellProps } from '../app/shellProps';
import type { PublicTicket } from '../../core/api/queue';
import { Header } from '../components/Header';
import { DisplayToggles } from '../components/DisplayToggles';
import { QueuePanel } from '../counter/QueuePanel';
import { RequestDesk } from '../counter/RequestDesk';
import { RequestSearch } from '../counter/RequestSearch';
import { WorkstationBanner } from '../counter/WorkstationBanner';
import { fa } from '../i18n/fa';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useHubData } from '../app/useHubData';

/**
 * The clerk's workstation: the queue panel at the start side (right, in RTL), the request
 * stepper in the middle, devices and sync at the bottom. Keyboard first: F1 lists the keys.
 */
export function CounterShell({ office, principal, onLogout }: ShellProps) {
  const t = fa.counter;
  const [helpOpen, setHelpOpen] = useState(false);
  const [syncOpen, setSyncOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const [counterId, setCounterId] = useState<number | null>(null);
  const [current, setCurrent] = useState<PublicTicket | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F1') {
        e.preventDefault();
        setHelpOpen((open) => !open);
      } else if (e.key === 'F5') {
        // «جستجوی درخواست» (not the browser's reload)
        e.preventDefault();
        setSearchOpen(true);
      } else if (e.key === 'Escape') {
        setHelpOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keydown', submitFromSelect);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keydown', submitFromSelect);
    };
  }, []);

  return (
    <div className="shell counter-shell">
      <Header officeName={office.name} title={fa.shells.counter} principal={principal} onLogout={onLogout}>
        <DisplayToggles shell="counter" />
      </Header>
      <WorkstationBanner counterId={counterId} />
      <div className="counter-body">
        <aside className="queue-panel" aria-labelledby="queue-title">
          <h2 id="queue-title">{t.queueTitle}</h2>
          {principal.kind === 'user' && <QueuePanel userId={principal.userId} onCurrentChange={setCurrent} onCounterChange={setCounterId} />}
        </aside>
        <main className="request-area" aria-labelledby="request-title">
          <h2 id="request-title">{t.requestTitle}</h2>
          <RequestDesk counterId={counterId} ticketId={current?.id ?? null} serving={current?.status === 'serving'} />
        </main>
      </div>
      <footer className="status-bar">
        <SyncStatusItem onOpen={() => setSyncOpen(true)} />
        <button type="button" className="status-bar-button" onClick={() => setSearchOpen(true)}>
          <kbd>F5</kbd> {fa.requestSearch.title}
        </button>
        <span>{t.printerState}</span>
        <ScannerState counterId={counterId} />
        <span className="status-bar-hint">
          <kbd>F1</kbd> {t.shortcutsTitle}
        </span>
      </footer>
      {helpOpen && <ShortcutSheet onClose={() => setHelpOpen(false)} />}
      {syncOpen && <SyncDialog onClose={() => setSyncOpen(false)} />}
      {searchOpen && <SearchDialog counterId={counterId} onClose={() => setSearchOpen(false)} />}
    </div>
  );
}

function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const t = fa.counter;
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="card dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="shortcuts-title">{t.shortcutsTitle}</h2>
        <table className="shortcut-table">
          <tbody>
            {t.shortcuts.map(([key, what]) => (
              <tr key={key}>
                <td>
                  <kbd>{key}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={closeRef} type="button" className="button" onClick={onClose}>
          {fa.common.close} <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}

/** The counter's scanner in the status bar: its name once one is chosen (renderer/capture/ScannerSetup). */
function ScannerState({ counterId }: { counterId: number | null }) {
  const { client } = useEnv();
  const data = useHubData(async () => (counterId === null ? null : client.call('scanner.get', { counterId })), ['capture.changed'], [counterId]);
  const label = data.data?.setting?.label;
  return <span>{label ? fa.counter.scannerIs(toPersianDigits(label)) : fa.counter.scannerState}</span>;
}

/** The outbox in full, over the counter, from the status bar. */
function SyncDialog({ onClose }: { onClose: () => void }) {
  const status = useSyncStatus();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog sync-dialog" role="dialog" aria-modal="true" aria-label={fa.sync.title} onClick={(e) => e.stopPropagation()}>
        {status.data ? <SyncPanel status={status.data} onReload={() => void status.reload()} /> : <p className="card">{status.error ?? fa.common.loading}</p>}
        <button ref={closeRef} type="button" className="button" onClick={onClose}>
          {fa.common.close} <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}

/** «جستجوی درخواست» over the counter (F5): the search, its results and an opened request (renderer/counter/RequestSearch.tsx). */
function SearchDialog({ counterId, onClose }: { counterId: number | null; onClose: () => void }) {
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="card dialog search-dialog" role="dialog" aria-modal="true" aria-label={fa.requestSearch.title} onClick={(e) => e.stopPropagation()}>
        <RequestSearch counterId={counterId} onClose={onClose} />
      </div>
    </div>
  );
}
