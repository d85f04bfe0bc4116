import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OfficeDayStatus } from '../../core/api/day';
import { fa } from '../i18n/fa';
import { OfficeDayClose } from './OfficeDayClose';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.manager.officeDayClose;

const open: OfficeDayStatus = { day: '1405-09-07', closedAt: null, closedBy: null, countersClosed: 2 };
// 16:35 in Tehran
const closed: OfficeDayStatus = { day: '1405-09-07', closedAt: '2026-11-28T13:05:00.000Z', closedBy: 'مریم احمدی', countersClosed: 3 };
const closedLine = t.closed('۱۴۰۵/۰۹/۰۷', '۱۶:۳۵', 'مریم احمدی');

/** `day.status` answers open until the day is closed, then closed, as the hub's would. */
function hub(closeOffice: Handler) {
  let dayClosed = false;
  return renderWithHub(<OfficeDayClose />, {
    'day.status': () => out(dayClosed ? closed : open),
    'day.closeOffice': async (input) => {
      const answer = await closeOffice(input);
      if ('output' in answer) dayClosed = true;
      return answer;
    },
  });
}

const action = () => screen.findByRole('button', { name: t.action });

/** Open the confirmation and press Enter: the focused button is «بستن روز». */
async function confirmWithEnter() {
  fireEvent.click(await action());
  const dialog = screen.getByRole('dialog', { name: t.title });
  const submit = within(dialog).getByRole('button', { name: `${t.closeDay} Enter` });
  expect(submit).toHaveFocus();
  fireEvent.click(submit);
}

describe('OfficeDayClose — the status', () => {
  it('says the day is open and how many counters closed with their Z, in Persian digits and the Jalali day', async () => {
    hub(() => out({}));
    await action();
    expect(screen.getByText(t.open('۱۴۰۵/۰۹/۰۷'))).toBeInTheDocument();
    expect(screen.getByText(t.countersClosed('۲'))).toBeInTheDocument();
    expect(screen.getByRole('region', { name: t.title }).textContent).not.toMatch(/[0-9]/);
  });

  it('a day already closed shows when and by whom, and offers no close', async () => {
    const { callsTo } = renderWithHub(<OfficeDayClose />, { 'day.status': () => out(closed) });
    expect(await screen.findByRole('status')).toHaveTextContent(closedLine);
    expect(screen.queryByRole('button', { name: t.action })).not.toBeInTheDocument();
    expect(callsTo('day.closeOffice')).toHaveLength(0);
  });

  it('says in Persian when the hub will not tell the status', async () => {
    renderWithHub(<OfficeDayClose />, { 'day.status': () => fail('FORBIDDEN') });
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.FORBIDDEN);
  });
});

describe('OfficeDayClose — closing', () => {
  it('asks first; Esc goes back to the button without closing anything', async () => {
    const { callsTo } = hub(() => out({}));
    fireEvent.click(await action());
    expect(screen.getByRole('dialog', { name: t.title })).toHaveTextContent(t.confirm('۱۴۰۵/۰۹/۰۷'));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: t.action })).toHaveFocus());
    expect(callsTo('day.closeOffice')).toHaveLength(0);
  });

  it('Enter in the confirmation closes the day: the status then says when and by whom, and the button is gone', async () => {
    const { callsTo } = hub(() => out({ day: '1405-09-07', closedAt: closed.closedAt, counters: [] }));
    await confirmWithEnter();
    expect(await screen.findByText(closedLine)).toBeInTheDocument();
    expect(callsTo('day.closeOffice')).toHaveLength(1);
    expect(callsTo('day.closeOffice')[0]!.input).toEqual({});
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.action })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('refused while a card sale is in doubt: one Persian sentence naming the requests, and the day stays open', async () => {
    hub(() => fail('DAY_CLOSE_IN_DOUBT', { ref: '1405/2، 1405/17' }));
    await confirmWithEnter();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`${fa.errors.DAY_CLOSE_IN_DOUBT} ${fa.dayCloseWhich.DAY_CLOSE_IN_DOUBT}: ۱۴۰۵/۲، ۱۴۰۵/۱۷`);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByText(t.open('۱۴۰۵/۰۹/۰۷'))).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: t.action })).toHaveFocus());
  });

  it('refused while a receipt is missing: the sentence names the receipts in Persian digits', async () => {
    hub(() => fail('DAY_CLOSE_RECEIPT_MISSING', { ref: '1405/000001، 1405/000003' }));
    await confirmWithEnter();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`${fa.errors.DAY_CLOSE_RECEIPT_MISSING} ${fa.dayCloseWhich.DAY_CLOSE_RECEIPT_MISSING}: ۱۴۰۵/۰۰۰۰۰۱، ۱۴۰۵/۰۰۰۰۰۳`);
    expect(alert.textContent).not.toMatch(/[0-9]/);
    expect(screen.getByRole('button', { name: t.action })).toBeInTheDocument();
  });

  it('closed meanwhile from elsewhere: says so, and shows the hub’s status — closed, when and by whom', async () => {
    let calls = 0;
    const { callsTo } = renderWithHub(<OfficeDayClose />, {
      'day.status': () => out(calls++ === 0 ? open : closed),
      'day.closeOffice': () => fail('DAY_ALREADY_CLOSED'),
    });
    await confirmWithEnter();
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.DAY_ALREADY_CLOSED);
    expect(await screen.findByText(closedLine)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.action })).not.toBeInTheDocument();
    expect(callsTo('day.status')).toHaveLength(2);
  });
});
