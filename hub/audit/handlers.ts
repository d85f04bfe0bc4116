import type { HandlerGroup } from '../handlers/types';
import { auditPage } from '../../db/audit';
import { getStaff } from '../../db/staff';
import type { AuditEntryView } from '../../core/api/audit';
import { verify } from './auditLog';
import type { HubServices } from '../services';

/** The manager's view of the audit trail (the contract limits both to the manager). */
export const auditHandlers: HandlerGroup<'audit'> = (hub: HubServices) => ({
  'audit.list': ({ beforeSeq, limit, action }) => {
    const rows = auditPage(hub.db, { beforeSeq: beforeSeq ?? Number.MAX_SAFE_INTEGER, limit: limit + 1, action: action ?? null });
    const names = new Map<number, string | null>();
    const nameOf = (actor: string): string | null => {
      const m = /^staff:(\d+)$/.exec(actor);
      if (!m) return null;
      const id = Number(m[1]);
      if (!names.has(id)) names.set(id, getStaff(hub.db, id)?.displayName ?? null);
      return names.get(id)!;
    };
    const entries: AuditEntryView[] = rows.slice(0, limit).map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      actorName: nameOf(r.actor),
      action: r.action as AuditEntryView['action'],
      subject: r.subject,
      reason: r.reason,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      hash: r.hash,
    }));
    return { entries, more: rows.length > limit };
  },
  'audit.verify': () => verify(hub.db),
});
