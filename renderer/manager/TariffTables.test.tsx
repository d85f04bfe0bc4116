import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { feeLineFa } from '../../core/fees/labels.fa';
import { shippedTariffTables } from '../../core/fees/tables/index';
import { tariffItemCodes } from '../../core/fees/tariff';
import { fa } from '../i18n/fa';
import { raiseRials, readEffectiveDay, readPercent, readRials, TariffTables } from './TariffTables';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';

const t = fa.managerTariffs;
const f = fa.managerTariffs.form;

// 2026-11-28 is 1405-09-07 in Tehran: the shipped 1403 table is in force.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-28T06:30:00.000Z'));
});
afterEach(() => vi.useRealTimers());

const T1399 = 'تعرفه خدمات دفاتر خدمات الکترونیک قضایی — ۱۳۹۹';
const T1403 = 'تعرفه خدمات دفاتر خدمات الکترونیک قضایی — ۱۴۰۳';
const T1406 = 'تعرفه خدمات دفاتر ۱۴۰۶';
const shipped = shippedTariffTables.map((x) => ({ ...x, items: { ...x.items }, addedAt: '2026-01-10T08:00:00.000Z', addedBy: null }));
const table1406 = {
  id: 'office-1406',
  title: 'تعرفه خدمات دفاتر 1406',
  effectiveFrom: '1406-01-01',
  source: 'بخشنامه 9000/1406',
  items: { petition: 900_000 },
  addedAt: '2026-11-20T07:15:00.000Z',
  addedBy: 1,
};
const staff = { staff: [{ id: 1, username: 'maryam', displayName: 'مریم احمدی', role: 'manager', active: true, createdAt: '2026-01-10T08:00:00.000Z', nationalId: null, certificate: null, deactivatedAt: null, deactivatedBy: null, deactivationReason: null }] };

function renderTariffs(script: Script = {}) {
  return renderWithHub(<TariffTables />, { 'tariff.tables': () => out({ tables: shipped }), 'staff.list': () => out(staff), ...script });
}

const rowOf = (title: string) => screen.getByRole('rowheader', { name: title }).closest('tr')!;
const field = (label: string) => screen.getByLabelText(label);
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
const openForm = async () => {
  fireEvent.click(await screen.findByRole('button', { name: t.add }));
  return screen.getByRole('form', { name: f.title });
};
const review = () => fireEvent.click(screen.getByRole('button', { name: f.review }));

describe('TariffTables — the list', () => {
  it('lists the tables oldest first, marks the one in force today and a future one, and shows the items of the one in force', async () => {
    renderTariffs({ 'tariff.tables': () => out({ tables: [table1406, shipped[1], shipped[0]] }) });
    const list = await screen.findByRole('table', { name: t.title });
    const titles = within(list).getAllByRole('rowheader').map((h) => h.textContent);
    expect(titles).toEqual([T1399, T1403, T1406]);
    expect(rowOf(T1403)).toHaveTextContent(t.inForce);
    expect(rowOf(T1403)).toHaveTextContent('۱۴۰۳/۰۱/۰۱');
    expect(rowOf(T1399)).toHaveTextContent(t.past('۱۴۰۳/۰۱/۰۱'));
    expect(rowOf(T1399)).not.toHaveTextContent(t.inForce);
    expect(rowOf(T1406)).toHaveTextContent('از ۱۴۰۶/۰۱/۰۱ نافذ می‌شود');
    expect(screen.getByText(t.locked)).toBeInTheDocument();

    const items = screen.getByRole('table', { name: T1403 });
    expect(within(items).getAllByRole('row')).toHaveLength(tariffItemCodes.length + 1);
    expect(within(items).getByRole('rowheader', { name: feeLineFa.petition }).closest('tr')).toHaveTextContent('۷۷۰٬۰۰۰');
    expect(within(items).getByRole('rowheader', { name: feeLineFa.protest }).closest('tr')).toHaveTextContent('۵۰۰٬۰۰۰');
    expect(items.textContent).not.toMatch(/[0-9]/);
    expect(screen.getByText(t.details.shipped)).toBeInTheDocument();
  });

  it('shows another table’s items, source and who added it when asked', async () => {
    renderTariffs({ 'tariff.tables': () => out({ tables: [...shipped, table1406] }) });
    fireEvent.click(await screen.findByRole('button', { name: t.showLabel(T1399) }));
    const items = screen.getByRole('table', { name: T1399 });
    expect(within(items).getByRole('rowheader', { name: feeLineFa.petition }).closest('tr')).toHaveTextContent('۲۳۸٬۰۵۰');
    expect(within(items).getByRole('rowheader', { name: feeLineFa.protest }).closest('tr')).toHaveTextContent(t.missing);

    fireEvent.click(screen.getByRole('button', { name: t.showLabel(T1406) }));
    expect(screen.getByRole('button', { name: t.showLabel(T1406) })).toHaveAttribute('aria-pressed', 'true');
    expect(await screen.findByText(/مریم احمدی، ۱۴۰۵\/۰۸\/۲۹/)).toBeInTheDocument();
    expect(screen.getByText('بخشنامه ۹۰۰۰/۱۴۰۶')).toBeInTheDocument();
  });

  it('says it is loading, then that there is no table yet', async () => {
    let answer: (a: ReturnType<typeof out>) => void = () => {};
    renderTariffs({ 'tariff.tables': () => new Promise((r) => (answer = r)) });
    expect(screen.getByRole('status')).toHaveTextContent(fa.common.loading);
    answer(out({ tables: [] }));
    expect(await screen.findByText(t.empty)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says in Persian when the list cannot be loaded', async () => {
    renderTariffs({ 'tariff.tables': () => fail('HUB_UNREACHABLE') });
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.HUB_UNREACHABLE);
  });
});

describe('TariffTables — «جدول تازه»', () => {
  it('is prefilled from the latest table, for next Farvardin, and the title and id follow the effective year', async () => {
    renderTariffs();
    await openForm();
    expect(field(f.effectiveFrom)).toHaveValue('۱۴۰۶/۰۱/۰۱');
    expect(field(f.effectiveFrom)).toHaveFocus();
    expect(field(f.tableTitle)).toHaveValue(f.titleFor('۱۴۰۶'));
    expect(field(f.id)).toHaveValue('office-1406');
    expect(field(feeLineFa.petition)).toHaveValue('۷۷۰٬۰۰۰');
    expect(field(feeLineFa.licenceRenewal)).toHaveValue('۷۵٬۰۰۰');
    expect(field(feeLineFa.petition)).toHaveAccessibleDescription(f.previous('۷۷۰٬۰۰۰'));

    type(f.effectiveFrom, '۱۴۰۷-۰۱-۰۱');
    expect(field(f.tableTitle)).toHaveValue(f.titleFor('۱۴۰۷'));
    expect(field(f.id)).toHaveValue('office-1407');
    type(f.id, 'office-1407-a');
    type(f.effectiveFrom, '۱۴۰۸/۰۱/۰۱');
    expect(field(f.id)).toHaveValue('office-1407-a');
  });

  it('suggests the Farvardin after a table already waiting to take effect, prefilled from it', async () => {
    renderTariffs({ 'tariff.tables': () => out({ tables: [...shipped, table1406] }) });
    await openForm();
    expect(field(f.effectiveFrom)).toHaveValue('۱۴۰۷/۰۱/۰۱');
    expect(field(f.id)).toHaveValue('office-1407');
    expect(field(feeLineFa.petition)).toHaveValue('۹۰۰٬۰۰۰');
    expect(field(feeLineFa.protest)).toHaveValue('');
    expect(field(feeLineFa.protest)).toHaveAccessibleDescription(f.previousMissing);
  });

  it('raises every amount of the latest table by a percentage, rounded down to the thousand rials, never compounding', async () => {
    renderTariffs();
    await openForm();
    type(f.percent, '۲۵');
    fireEvent.click(screen.getByRole('button', { name: f.applyPercent }));
    expect(field(feeLineFa.petition)).toHaveValue('۹۶۲٬۰۰۰'); // 770,000 × 1.25 = 962,500
    expect(field(feeLineFa.formalNotice)).toHaveValue('۷۸۷٬۰۰۰'); // 787,500
    expect(field(feeLineFa.extraPage)).toHaveValue('۸۷٬۰۰۰'); // 87,500
    expect(field(feeLineFa.powerOfAttorney)).toHaveValue('۶۲۵٬۰۰۰'); // exact
    expect(screen.getByRole('status')).toHaveTextContent(f.percentApplied('۲۵'));

    // applied again, from the latest table's figures, not from the raised ones
    type(f.percent, '۱۲٫۵');
    fireEvent.keyDown(field(f.percent), { key: 'Enter' });
    expect(field(feeLineFa.petition)).toHaveValue('۸۶۶٬۰۰۰'); // 866,250
    expect(screen.queryByText(f.confirmTitle)).not.toBeInTheDocument();

    type(f.percent, '-۵');
    fireEvent.click(screen.getByRole('button', { name: f.applyPercent }));
    expect(field(f.percent)).toHaveAccessibleDescription(f.badPercent);
    expect(field(feeLineFa.petition)).toHaveValue('۸۶۶٬۰۰۰');
  });

  it('sends exactly the table typed, Persian digits as Latin, after a confirmation, and reloads the list', async () => {
    const after = [...shipped, { ...table1406, id: 'office-1406-a', title: 'تعرفه 1406 کانون', source: 'بخشنامه 9000/123 مورخ 1405/12/20', items: { petition: 800_000 } }];
    const tables = vi.fn<Handler>().mockReturnValueOnce(out({ tables: shipped })).mockReturnValue(out({ tables: after }));
    const addTable = vi.fn<Handler>(() => out({ tables: after }));
    const { callsTo } = renderTariffs({ 'tariff.tables': tables, 'tariff.addTable': addTable });
    await openForm();
    type(f.effectiveFrom, '۱۴۰۶/۱/۱');
    type(f.tableTitle, 'تعرفه ۱۴۰۶ كانون');
    type(f.source, ' بخشنامه ۹۰۰۰/۱۲۳ مورخ ۱۴۰۵/۱۲/۲۰ ');
    type(f.id, 'OFFICE-۱۴۰۶-a');
    for (const code of tariffItemCodes) type(feeLineFa[code], '');
    type(feeLineFa.petition, '۸۰۰,۰۰۰');
    type(feeLineFa.extraPage, '٧٥٠٠٠'); // Arabic-Indic digits
    type(feeLineFa.criminalRecord, '0');
    review();

    expect(addTable).not.toHaveBeenCalled();
    const confirm = screen.getByRole('group', { name: f.confirmTitle });
    expect(confirm).toHaveTextContent('از ۱۴۰۶/۰۱/۰۱ هزینهٔ درخواست‌های تازه با این جدول محاسبه می‌شود؛ جدول‌های پیشین دست نمی‌خورند.');
    expect(confirm).toHaveTextContent(f.confirmCount('۳', '۱۳'));
    expect(confirm).toHaveTextContent(f.confirmLocked);
    const confirmButton = within(confirm).getByRole('button', { name: f.confirmButton });
    expect(confirmButton).toHaveFocus();
    fireEvent.click(confirmButton);

    await waitFor(() => expect(addTable).toHaveBeenCalledOnce());
    expect(addTable.mock.calls[0]![0]).toEqual({
      id: 'office-1406-a',
      title: 'تعرفه 1406 کانون',
      effectiveFrom: '1406-01-01',
      source: 'بخشنامه 9000/123 مورخ 1405/12/20',
      items: { petition: 800_000, extraPage: 75_000, criminalRecord: 0 },
    });
    expect(await screen.findByText(t.saved('تعرفه ۱۴۰۶ کانون', '۱۴۰۶/۰۱/۰۱'))).toBeInTheDocument();
    expect(callsTo('tariff.tables')).toHaveLength(2);
    expect(rowOf('تعرفه ۱۴۰۶ کانون')).toHaveTextContent('از ۱۴۰۶/۰۱/۰۱ نافذ می‌شود');
    expect(screen.getByRole('table', { name: 'تعرفه ۱۴۰۶ کانون' })).toHaveTextContent('۸۰۰٬۰۰۰');
    expect(screen.queryByRole('form', { name: f.title })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: t.add })).toHaveFocus());
  });

  it('goes back to editing from the confirmation with Escape, and an edit takes the confirmation away', async () => {
    renderTariffs({ 'tariff.addTable': () => out({ tables: shipped }) });
    await openForm();
    type(f.source, 'بخشنامه ۱');
    review();
    fireEvent.keyDown(screen.getByRole('button', { name: f.confirmButton }), { key: 'Escape' });
    expect(screen.queryByRole('group', { name: f.confirmTitle })).not.toBeInTheDocument();
    expect(screen.getByRole('form', { name: f.title })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: f.review })).toHaveFocus());
    review();
    type(feeLineFa.petition, '۷۰۰۰۰۰');
    expect(screen.queryByRole('group', { name: f.confirmTitle })).not.toBeInTheDocument();

    fireEvent.keyDown(field(f.source), { key: 'Escape' });
    expect(screen.queryByRole('form', { name: f.title })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: t.add })).toHaveFocus());
  });

  it('refuses, beside the field and without asking the hub, a day not after today, a day not in the calendar, a taken id and a bad amount', async () => {
    const { callsTo } = renderTariffs({ 'tariff.addTable': () => out({ tables: shipped }) });
    await openForm();
    type(f.source, 'بخشنامه ۱');
    type(f.effectiveFrom, '۱۴۰۵/۰۹/۰۷');
    type(f.id, 'office-1403');
    type(feeLineFa.brief, '۶۳۰ هزار');
    review();
    expect(field(f.effectiveFrom)).toHaveAccessibleDescription(fa.fields.tariff_backdated!);
    expect(field(f.id)).toHaveAccessibleDescription(f.idTaken);
    expect(field(feeLineFa.brief)).toHaveAccessibleDescription(f.badAmount);
    expect(field(feeLineFa.petition)).not.toHaveAttribute('aria-invalid');

    type(f.effectiveFrom, '۱۴۰۵/۱۲/۳۰'); // 1405 is not a leap year
    review();
    expect(field(f.effectiveFrom)).toHaveAccessibleDescription(fa.fields.invalid_jalali_day!);
    type(f.effectiveFrom, '۱۴۰۳/۰۱/۰۱');
    review();
    expect(field(f.effectiveFrom)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('group', { name: f.confirmTitle })).not.toBeInTheDocument();
    expect(callsTo('tariff.addTable')).toHaveLength(0);
  });

  it('shows the hub’s overlap in Persian at the field that clashes, from the reloaded list', async () => {
    const other = { ...table1406, id: 'office-1406-other', title: 'جدول همکار' };
    const tables = vi.fn<Handler>().mockReturnValueOnce(out({ tables: shipped })).mockReturnValue(out({ tables: [...shipped, other] }));
    renderTariffs({ 'tariff.tables': tables, 'tariff.addTable': () => fail('TARIFF_OVERLAP') });
    await openForm();
    type(f.source, 'بخشنامه ۱');
    review();
    fireEvent.click(screen.getByRole('button', { name: f.confirmButton }));

    await waitFor(() => expect(field(f.effectiveFrom)).toHaveAttribute('aria-invalid', 'true'));
    expect(field(f.effectiveFrom)).toHaveAccessibleDescription(f.dayTaken);
    expect(field(f.id)).not.toHaveAttribute('aria-invalid');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(fa.errors.TARIFF_OVERLAP);
    expect(await screen.findByRole('rowheader', { name: 'جدول همکار' })).toBeInTheDocument();
  });

  it('shows the hub’s field errors beside the amount and the day', async () => {
    const answers = [
      fail('INVALID_INPUT', { fields: [{ path: 'items.petition', reason: 'too_small' }] }),
      fail('TARIFF_BACKDATED', { fields: [{ path: 'effectiveFrom', reason: 'tariff_backdated' }] }),
    ];
    renderTariffs({ 'tariff.addTable': () => answers.shift()! });
    await openForm();
    type(f.source, 'بخشنامه ۱');
    review();
    fireEvent.click(screen.getByRole('button', { name: f.confirmButton }));
    await waitFor(() => expect(field(feeLineFa.petition)).toHaveAccessibleDescription(fa.fields.too_small!));

    review();
    fireEvent.click(screen.getByRole('button', { name: f.confirmButton }));
    await waitFor(() => expect(field(f.effectiveFrom)).toHaveAccessibleDescription(fa.fields.tariff_backdated!));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(fa.errors.TARIFF_BACKDATED);
  });
});

describe('reading the form', () => {
  it('reads a Jalali day in any digits with / or -, only a real one', () => {
    expect(readEffectiveDay('۱۴۰۶/۱/۱')).toBe('1406-01-01');
    expect(readEffectiveDay('1406-01-01')).toBe('1406-01-01');
    expect(readEffectiveDay(' ۱۴۰۳/۱۲/۳۰ ')).toBe('1403-12-30');
    expect(readEffectiveDay('1404/12/30')).toBeUndefined();
    expect(readEffectiveDay('1406/13/01')).toBeUndefined();
    expect(readEffectiveDay('2027-03-21')).toBeUndefined();
  });

  it('reads amounts with or without separators, refusing fractions, signs and words', () => {
    expect(readRials('۷۷۰٬۰۰۰')).toBe(770_000);
    expect(readRials('770,000')).toBe(770_000);
    expect(readRials('  ')).toBeNull();
    for (const bad of ['-5', '77.5', '۷۰ هزار', '1000000001']) expect(readRials(bad)).toBeUndefined();
  });

  it('reads a percentage in hundredths', () => {
    expect(readPercent('۲۵')).toBe(2500);
    expect(readPercent('۱۲٫۵')).toBe(1250);
    expect(readPercent('7.25%')).toBe(725);
    for (const bad of ['0', '-5', '501', '1.255', 'ده']) expect(readPercent(bad)).toBeUndefined();
  });

  it('never raises an amount above the exact percentage, and never by more than 999 rials below it', () => {
    for (const rials of [0, 999, 14_540, 25_300, 238_050, 770_000, 999_999_999]) {
      for (const p of [1, 50, 725, 1250, 2500, 3333, 50_000]) {
        const exact = (rials * (10_000 + p)) / 10_000;
        const raised = raiseRials(rials, p);
        expect(raised % 1000).toBe(0);
        expect(raised).toBeLessThanOrEqual(Math.min(exact, 1_000_000_000));
        if (exact < 1_000_000_000) expect(exact - raised).toBeLessThan(1000);
      }
    }
  });
});

describe('the A3 poster of the tariff in force (ماده ۳۴ ت)', () => {
  const realCreate = URL.createObjectURL;
  const realRevoke = URL.revokeObjectURL;
  afterEach(() => {
    vi.restoreAllMocks();
    URL.createObjectURL = realCreate;
    URL.revokeObjectURL = realRevoke;
  });

  it('asks the hub for the poster and saves its PDF', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:daftaryar/poster')) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const { callsTo } = renderTariffs({ 'tariff.poster': () => out({ fileName: 'daftaryar-tariff-1405-09-07.pdf', pdfBase64: btoa('%PDF-1.7 poster') }) });
    fireEvent.click(await screen.findByRole('button', { name: fa.managerTariffs.poster }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(callsTo('tariff.poster')).toHaveLength(1);
    expect(blobs[0]!.type).toBe('application/pdf');
    expect(clicked[0]!.download).toBe('daftaryar-tariff-1405-09-07.pdf');
  });

  it('says in Persian when the poster cannot be made', async () => {
    renderTariffs({ 'tariff.poster': () => fail('INTERNAL') });
    fireEvent.click(await screen.findByRole('button', { name: fa.managerTariffs.poster }));
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.INTERNAL);
  });
});
