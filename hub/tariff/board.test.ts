import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../native/receipt';
import { addClerk, setUpHub } from '../../test/support/hub';

// The tariff in force today through the real dispatch (ماده ۳۴ ت). The test clock starts at
// 2026-11-28 06:30 UTC = 1405-09-07 10:00 in Tehran (the 1403 tariff in force).

const chromium = chromiumPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
afterAll(() => chromium.close());

const hasTool = (tool: string, arg: string) => spawnSync(tool, [arg], { stdio: 'ignore' }).error === undefined;
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);
const table1405 = { id: 'office-1405-10', title: 'تعرفه خدمات دفاتر — دی ۱۴۰۵', effectiveFrom: '1405-10-01', source: 'بخشنامهٔ شمارهٔ ۹۰۰۰/۱۲۳۴۵/۱۰۰ مورخ ۱۴۰۵/۰۹/۰۱', items: { petition: 880_000, extraPage: 80_000 } };

async function office() {
  const t = await setUpHub({ pdfPrinter: chromium });
  cleanup.push(t.close);
  return t;
}

describe('tariff.board: the tariff in force today', () => {
  it('is open to the board, the kiosk, the applicant screen and staff, not to a caller without a session', async () => {
    const t = await office();
    const board = (await t.ok('auth.deviceLogin', { role: 'board' })).session;
    const kiosk = (await t.ok('auth.deviceLogin', { role: 'kiosk' })).session;
    const clerk = await addClerk(t);
    for (const s of [board, kiosk, clerk, t.managerSession]) expect((await t.ok('tariff.board', {}, s)).office?.id).toBe('office-1403');
    expect(codeOf(await t.call('tariff.board', {}))).not.toBe('ok');
    // the poster is the manager's
    expect(codeOf(await t.call('tariff.poster', {}, board))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('tariff.poster', {}, clerk))).toBe('FORBIDDEN');
  });

  it('changes by itself on the day a new table takes effect (the office clock moved across it)', async () => {
    const t = await office();
    const board = (await t.ok('auth.deviceLogin', { role: 'board' })).session;
    await t.ok('tariff.addTable', table1405, t.managerSession);
    const before = await t.ok('tariff.board', {}, board);
    expect(before).toMatchObject({ day: '1405-09-07', office: { id: 'office-1403' }, nextChangeDay: '1405-10-01' });
    // 1405-09-30 23:59 in Tehran (UTC+3:30) is 20:29 UTC on 2026-12-21: still the old table
    t.setNow('2026-12-21T20:29:00.000Z');
    expect((await t.ok('tariff.board', {}, board)).office?.id).toBe('office-1403');
    // one minute later it is 1 Dey: the new one, with nothing done by anyone
    t.setNow('2026-12-21T20:30:00.000Z');
    const after = await t.ok('tariff.board', {}, board);
    expect(after).toMatchObject({ day: '1405-10-01', office: { id: 'office-1405-10', items: [{ code: 'petition', rials: 880_000 }, { code: 'extraPage', rials: 80_000 }] }, nextChangeDay: null });
  });

  it('prints the table in force as an A3 poster with its approval reference and day, in Persian digits', async () => {
    const t = await office();
    await t.ok('tariff.addTable', table1405, t.managerSession);
    t.setNow('2026-12-22T06:30:00.000Z');
    const { session } = await t.ok('auth.login', { username: 'maryam', password: 'Sabz-Kuh-1403' });
    const poster = await t.ok('tariff.poster', {}, session);
    expect(poster.fileName).toBe('daftaryar-tariff-1405-10-01.pdf');
    const pdf = Buffer.from(poster.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = '/tmp/daftaryar-tariff-poster.pdf';
    writeFileSync(file, pdf);
    if (hasTool('qpdf', '--version')) expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    else console.warn('qpdf is not installed: the PDF structure check is skipped');
    if (!hasTool('pdfinfo', '-v')) return console.warn('poppler-utils is not installed: the poster text checks are skipped');
    // A3 portrait: 297 × 420 mm = 841.89 × 1190.55 pt
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+841\.\d+ x 119[01]\.\d+ pts/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u202A-\u202C\u200E\u200F]/g, '');
    expect(text).toContain('۸۸۰٬۰۰۰');
    // «از ۱ دی ۱۴۰۵» (pdftotext may put the day's digits and its month apart)
    expect(text).toMatch(/از\s*۱\s*دی\s*۱۴۰۵/);
    expect(text).toContain('۹۰۰۰/۱۲۳۴۵/۱۰۰');
    expect(text).not.toContain('770');
  });

  it('fits the whole 1403 table and the judicial costs on one A3 page', async () => {
    const t = await office();
    const poster = await t.ok('tariff.poster', {}, t.managerSession);
    const file = '/tmp/daftaryar-tariff-poster-1403.pdf';
    writeFileSync(file, Buffer.from(poster.pdfBase64, 'base64'));
    if (!hasTool('pdfinfo', '-v')) return console.warn('poppler-utils is not installed: the page count is not checked');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
    for (const figure of ['۷۷۰٬۰۰۰', '۱۱۵٬۰۰۰', '۱٬۵۰۰٬۰۰۰']) expect(text).toContain(figure);
  });
});
