/**
 * Signed tariff tables pulled from the central: each verified against the central's key and checked
 * with the tables on record before it is stored; one that does not verify is asked for again.
 */
import * as p from '../../core/sync/protocol';
import { validateTables, type TariffTable } from '../../core/fees/tariff';
import * as s from '../../db/sync';
import * as r from '../../db/requests';
import { record } from '../audit/auditLog';
import { publicKeyFromRaw, verifyText } from './centralClient';
import { TARIFF_CURSOR, nowIso, type SyncDeps } from './context';

export function applyTariffs(deps: Pick<SyncDeps, 'db' | 'now' | 'log' | 'state'>, tables: p.SignedTariffTable[], identity: s.SyncIdentityRow): void {
  const { db, state } = deps;
  const serverKey = publicKeyFromRaw(identity.serverPublicKey);
  for (const t of [...tables].sort((a, b) => a.version - b.version)) {
    if (!verifyText(serverKey, p.canonicalJson({ version: t.version, table: t.table, publishedAt: t.publishedAt }), t.signature)) {
      state.lastError = { code: 'TARIFF_SIGNATURE_INVALID', message: `tariff version ${t.version} does not verify`, at: nowIso(deps) };
      deps.log.warn('a tariff table from the central does not verify; ignored', { version: t.version });
      return; // the cursor stays: it is asked again next time
    }
    const stored = r.listTariffTables(db);
    db.transaction(() => {
      if (!stored.some((x) => x.id === t.table.id)) {
        try {
          validateTables([...stored, t.table as TariffTable]);
        } catch (err) {
          state.lastError = { code: 'TARIFF_REFUSED', message: String(err).slice(0, 500), at: nowIso(deps) };
          s.setStateValue(db, TARIFF_CURSOR, String(t.version));
          return;
        }
        r.insertTariffTable(db, t.table as TariffTable, nowIso(deps), null);
        record(db, deps.now(), { actor: 'central', action: 'tariffReceived', subject: `tariff:${t.table.id}`, detail: { version: t.version, effectiveFrom: t.table.effectiveFrom } });
      }
      s.setStateValue(db, TARIFF_CURSOR, String(t.version));
    }).immediate();
  }
}
