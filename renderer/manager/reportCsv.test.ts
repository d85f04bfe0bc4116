import { describe, expect, it } from 'vitest';
import { reportCsv } from './reportCsv';

const kpis = { tickets: 3, served: 2, noShows: 1, noShowPercent: 33.3, averageWaitMinutes: 12.5, maxWaitMinutes: 19, averageServiceMinutes: 7.5, withinTargetPercent: 50, transfers: 1, recalls: 0, outOfTurn: 1 };
const report = {
  day: '1405-09-07',
  serviceLevelMinutes: 15,
  total: kpis,
  byService: [{ serviceId: 1, name: 'ثبت دادخواست', prefix: 'الف', kpis }],
  byCounter: [{ counterId: 1, number: 2, kpis: { ...kpis, averageWaitMinutes: null } }],
  outOfTurn: [{ at: '2026-11-28T14:00:00.000Z', ticket: 'الف-۰۰۲', counterNumber: 2, staff: 'رضا', reason: 'legal_deadline_today' as const, note: '=HYPERLINK("x") "quoted"' }],
};

describe('reportCsv', () => {
  const csv = reportCsv(report);
  const lines = csv.split('\r\n');

  it('starts with a BOM and uses CRLF lines so Excel opens Persian right', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('has Persian headings and a row for the office, each service and each counter', () => {
    expect(lines[0]).toBe('\uFEFF"روز","بخش","نام","نوبت صادرشده","خدمت‌گرفته","غایب","درصد غیبت","میانگین انتظار","بیشینهٔ انتظار","میانگین زمان خدمت","در زمان هدف","ارجاع","فراخوانی دوباره","خارج از نوبت"');
    expect(lines[1]).toBe('"1405-09-07","کل دفتر","","3","2","1","33.3","12.5","19","7.5","50","1","0","1"');
    expect(lines[2]).toContain('"الف — ثبت دادخواست"');
    expect(lines[3]).toContain('"باجه","2","3","2","1","33.3",""'); // a null is an empty cell
  });

  it('writes out-of-turn calls with Tehran time, the Persian reason, and formulas defused', () => {
    const row = lines.find((l) => l.includes('الف-۰۰۲'))!;
    expect(row).toContain('"۱۴۰۵/۰۹/۰۷ ۱۷:۳۰:۰۰"');
    expect(row).toContain('"پایان مهلت قانونی امروز"');
    expect(row).toContain(`"'=HYPERLINK(""x"") ""quoted"""`);
  });
});
