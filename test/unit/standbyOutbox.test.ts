/**
 * The outbox after a promotion continues exactly once (docs/STANDBY.md § The outbox after a
 * promotion), against the real reference central (central/app.ts on PGlite, real HTTP on loopback).
 * The standby's copy is taken (hub/standby/snapshot.ts) while two requests wait in the outbox; the
 * old hub then delivers both and dies. The promoted copy still holds both as queued: it sends them
 * again, and the central answers each with what it filed the first time (the submission id is the
 * idempotency key) — one row each, the same tracking codes on both sides.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createCentralApp } from '../../central/app';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { pgliteSql, type Sql } from '../../central/sql';
import { openDatabase } from '../../db/open';
import * as s from '../../db/sync';
import { takeSnapshot } from '../../hub/standby/snapshot';
import { enrollConfirmed, syncOffice } from '../support/sync';
import { testHub } from '../support/hub';

let sql: Sql;
let app: FastifyInstance;
let clock: () => Date = () => new Date();
let url = '';
const submitted: string[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  sql = await pgliteSql();
  app = await createCentralApp({ sql, now: () => clock(), hooks: { afterSubmitCommit: (id) => void submitted.push(id) } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await sql?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the outbox after a standby’s promotion', () => {
  it('sends what the copy holds as queued; the central keeps one row per submission and the same tracking code', async () => {
    const o = await syncOffice({ sync: { backoff: { baseMs: 1000, capMs: 60_000 }, timeoutMs: 3000, concurrency: 1 } });
    dirs.push(o.dir);
    clock = () => o.t.hub.services.now();
    const central = await createOffice(sql, { code: '61001', name: 'دفتر ۶۱۰۰۱' });
    const { code } = await issueEnrollmentCode(sql, central.id, 3_600_000, clock());
    await enrollConfirmed(o.t, url, code);
    const a = await o.sent();
    const b = await o.sent();

    // the standby's copy: both queued; its page files as the standby keeps them
    const copyDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-standby-outbox-'));
    dirs.push(copyDir);
    const snapshot = await takeSnapshot(o.t.db, path.join(copyDir, 'incoming'), () => o.t.hub.services.now(), null);
    cpSync(path.join(o.dir, 'pages'), path.join(copyDir, 'pages'), { recursive: true });

    // after the copy the old hub delivers both, and dies
    await o.sync.runOnce();
    const tracking = (id: string) => s.submission(o.t.db, id)!.trackingCode;
    const [trackingA, trackingB] = [tracking(a.submissionId), tracking(b.submissionId)];
    expect(trackingA).toMatch(/^[1-9]\d{15}$/);
    expect(trackingB).toMatch(/^[1-9]\d{15}$/);
    expect(submitted.sort()).toEqual([a.submissionId, b.submissionId].sort());
    o.t.close();

    // the promoted copy: both still queued there (its outbox never heard of the deliveries)
    const db = openDatabase(snapshot.file);
    const promoted = testHub({ db, capture: { dir: copyDir }, sync: { backoff: { baseMs: 1000, capMs: 60_000 }, timeoutMs: 3000, concurrency: 1 }, startAt: clock().toISOString() });
    clock = () => promoted.hub.services.now();
    expect(s.outboxItem(db, a.submissionId)).toMatchObject({ state: 'pending' });
    expect(s.submission(db, a.submissionId)!.trackingCode).toBeNull();
    await promoted.hub.services.sync.runOnce();
    // both delivered from the promoted hub's side, with the tracking codes the central gave the first time
    expect(s.outboxItems(db)).toEqual([]);
    expect(s.submission(db, a.submissionId)!.trackingCode).toBe(trackingA);
    expect(s.submission(db, b.submissionId)!.trackingCode).toBe(trackingB);
    // and on the central: one row each (the submission id is the idempotency key; a replay is answered from the row)
    const rows = (await sql.query<{ submission_id: string; tracking_code: string }>('SELECT submission_id, tracking_code FROM submission WHERE office_id = $1', [central.id])).rows;
    expect(rows.map((r) => `${r.submission_id}:${r.tracking_code}`).sort()).toEqual([`${a.submissionId}:${trackingA}`, `${b.submissionId}:${trackingB}`].sort());
    promoted.close();
  }, 120_000);
});
