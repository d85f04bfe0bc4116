import { afterEach, describe, expect, it } from 'vitest';
import { addClerk, setUpHub } from '../../test/support/hub';

let t: Awaited<ReturnType<typeof setUpHub>>;
afterEach(() => t?.close());

describe('report exports (ماده ۳۸ ب: exports are logged)', () => {
  it('records a CSV export with the report, its period and the file name; only the manager may export', async () => {
    t = await setUpHub();
    await t.ok('report.exported', { report: { kind: 'exemptions', month: '1405-09' }, format: 'csv', fileName: 'daftaryar-exemptions-1405-09.csv' }, t.managerSession);
    await t.ok('report.exported', { report: { kind: 'queueDay', day: '1405-09-08' }, format: 'csv', fileName: 'daftaryar-queue-1405-09-08.csv' }, t.managerSession);
    const entries = (await t.ok('audit.list', { limit: 10, action: 'reportExported' }, t.managerSession)).entries;
    expect(entries.map((e) => e.detail)).toEqual([
      { report: { kind: 'queueDay', day: '1405-09-08' }, format: 'csv', fileName: 'daftaryar-queue-1405-09-08.csv' },
      { report: { kind: 'exemptions', month: '1405-09' }, format: 'csv', fileName: 'daftaryar-exemptions-1405-09.csv' },
    ]);
    const clerk = await addClerk(t);
    const res = await t.call('report.exported', { report: { kind: 'queueDay', day: '1405-09-08' }, format: 'csv', fileName: 'x.csv' }, clerk);
    expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN');
    // a file name is a name, not a path
    const bad = await t.call('report.exported', { report: { kind: 'queueDay', day: '1405-09-08' }, format: 'csv', fileName: '../../etc/passwd' }, t.managerSession);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
  });
});
