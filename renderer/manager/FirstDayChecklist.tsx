import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useHubData } from '../app/useHubData';
import { fa } from '../i18n/fa';

/** The console's sections an item may send the manager to (ManagerShell's nav). */
export type ChecklistTarget = 'staff' | 'services' | 'settings' | 'sync';

interface Item {
  key: string;
  done: boolean;
  label: string;
  detail: string;
  target: ChecklistTarget | null;
}

/**
 * «راه‌اندازی دفتر»: what a new office still has to do, each item with a link to its screen, on the
 * dashboard until every one is done. There is no backup feature yet: that line says «به‌زودی» and
 * what to do meanwhile, and does not hold the list open.
 */
export function FirstDayChecklist({ onGo }: { onGo: (target: ChecklistTarget) => void }) {
  const { client } = useEnv();
  const t = fa.manager.checklist;
  const data = useHubData(
    async () => {
      const [staff, devices, config, sync] = await Promise.all([client.call('staff.list', {}), client.call('device.list', {}), client.call('queue.config', {}), client.call('sync.status', {})]);
      return { staff, devices, config, sync };
    },
    ['queue.changed', 'sync.changed', 'device.changed'],
  );
  if (!data.data) return null;
  const { staff, devices, config, sync } = data.data;
  const others = staff.staff.filter((s) => s.active && s.role !== 'manager').length;
  const paired = devices.devices.filter((d) => d.revokedAt === null).length;
  const counters = config.counters.filter((c) => c.active && c.serviceIds.length > 0).length;
  const items: Item[] = [
    { key: 'staff', done: others > 0, label: t.staff, detail: others > 0 ? t.staffDone(toPersianDigits(others)) : t.staffTodo, target: 'staff' },
    { key: 'devices', done: paired > 0 || counters > 0, label: t.devices, detail: t.devicesDetail(toPersianDigits(counters), toPersianDigits(paired)), target: paired > 0 ? 'staff' : 'services' },
    { key: 'printer', done: config.printer.kind !== 'none', label: t.printer, detail: config.printer.kind !== 'none' ? t.printerDone : t.printerTodo, target: 'settings' },
    { key: 'central', done: sync.enrolled, label: t.central, detail: sync.enrolled ? t.centralDone(sync.officeName ?? '') : t.centralTodo, target: 'sync' },
  ];
  if (items.every((i) => i.done)) return null;
  const left = items.filter((i) => !i.done).length;
  return (
    <section className="card checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t.title}</h2>
      <p className="muted">{t.intro(toPersianDigits(left))}</p>
      <ul className="checklist-items">
        {items.map((i) => (
          <li key={i.key} className={i.done ? 'checklist-done' : 'checklist-todo'}>
            <span className="checklist-mark" aria-label={i.done ? t.done : t.todo} role="img">
              {i.done ? '✓' : '○'}
            </span>
            <div>
              <strong>{i.label}</strong>
              <p>{i.detail}</p>
            </div>
            {i.target && !i.done && (
              <button type="button" className="button button-small" onClick={() => onGo(i.target!)}>
                {t.go}
              </button>
            )}
          </li>
        ))}
        <li className="checklist-soon">
          <span className="checklist-mark" aria-hidden="true">
            …
          </span>
          <div>
            <strong>{t.backup}</strong>
            <p>{t.backupSoon}</p>
          </div>
        </li>
      </ul>
    </section>
  );
}
