/**
 * An office hub (./sync.ts syncOffice) enrolled with a reference central of its own (PGlite, its
 * registry stand-ins seeded) on a loopback port, for a test file: made before its tests, closed and
 * removed after them. The returned object is filled in by the time the tests run.
 */
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createCentralApp } from '../../central/app';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { pgliteSql, type Sql } from '../../central/sql';
import { seedDemoRegistry } from './demoRegistry';
import { enrollConfirmed, syncOffice, type SyncTestHub } from './sync';

export interface CentralOffice {
  sql: Sql;
  app: FastifyInstance;
  url: string;
  o: SyncTestHub;
}

export function officeAtCentral(office: { code: string; name: string }): CentralOffice {
  const at = {} as CentralOffice;
  beforeAll(async () => {
    at.sql = await pgliteSql();
    // the central's clock is the office's (a test may move it)
    at.app = await createCentralApp({ sql: at.sql, now: () => at.o?.t.hub.services.now() ?? new Date() });
    await seedDemoRegistry(at.sql);
    await at.app.listen({ host: '127.0.0.1', port: 0 });
    at.url = `http://127.0.0.1:${(at.app.server.address() as { port: number }).port}`;
    at.o = await syncOffice({ sync: { timeoutMs: 3000 } });
    const created = await createOffice(at.sql, office);
    const { code } = await issueEnrollmentCode(at.sql, created.id, 3_600_000, at.o.t.hub.services.now());
    await enrollConfirmed(at.o.t, at.url, code);
  }, 60_000);
  afterAll(async () => {
    at.o?.t.close();
    if (at.o) rmSync(at.o.dir, { recursive: true, force: true });
    await at.app?.close();
    await at.sql?.close();
  });
  return at;
}
