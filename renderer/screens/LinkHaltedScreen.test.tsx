import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RejoinAnswer, RejoinRequest } from '../../core/api/workstation';
import { fa } from '../i18n/fa';
import { LinkHaltedScreen } from './LinkHaltedScreen';

const t = fa.workstation;
const revoked = { status: 'halted', reason: 'revoked' } as const;

function rejoiner(...answers: unknown[]) {
  return vi.fn<(r: RejoinRequest) => Promise<unknown>>(() => Promise.resolve(answers.length > 1 ? answers.shift() : answers[0]));
}

describe('LinkHaltedScreen', () => {
  it('removed from the office, in the desktop app: a code field with the focus; a short code is said at once, a refused one beside the field, then joined', async () => {
    const refused: RejoinAnswer = { ok: false, code: 'JOIN_CODE_REFUSED' };
    const rejoin = rejoiner(refused, { ok: true, pagesSetAside: 3 });
    render(<LinkHaltedScreen state={revoked} rejoin={rejoin} />);
    expect(screen.getByRole('heading', { name: t.revokedTitle })).toBeInTheDocument();
    expect(screen.getByText(t.rejoinWhatToDo)).toBeInTheDocument();
    const code = screen.getByLabelText(t.code);
    expect(code).toHaveFocus();
    const submit = screen.getByRole('button', { name: new RegExp(`^${t.rejoin}`) });

    fireEvent.change(code, { target: { value: '۱۲۳۴ ۵۶' } });
    fireEvent.click(submit);
    expect(await screen.findByText(t.errors.JOIN_MALFORMED_CODE)).toBeInTheDocument();
    expect(rejoin).not.toHaveBeenCalled();

    // Persian digits with the grouping spaces: the 12 Latin digits go
    fireEvent.change(code, { target: { value: '۱۲۳۴ ۵۶۷۸ ۹۰۱۲' } });
    fireEvent.click(submit);
    expect(await screen.findByText(t.errors.JOIN_CODE_REFUSED)).toBeInTheDocument();
    expect(rejoin).toHaveBeenLastCalledWith({ code: '123456789012' });
    expect(code).toHaveFocus();

    fireEvent.click(submit);
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(t.rejoined);
    expect(status).toHaveTextContent(t.rejoinPagesSetAside('۳'));
    expect(screen.queryByLabelText(t.code)).toBeNull();
  });

  it('an answer that is not what the main process promises is a plain error, the form stays', async () => {
    render(<LinkHaltedScreen state={revoked} rejoin={rejoiner({ ok: 'yes' })} />);
    fireEvent.change(screen.getByLabelText(t.code), { target: { value: '123456789012' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${t.rejoin}`) }));
    expect(await screen.findByText(fa.errors.INTERNAL)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: new RegExp(`^${t.rejoin}`) })).toBeEnabled());
  });

  it('a hub that no longer knows this PC offers the same; another contract version, or a browser window, offers no form', () => {
    const { unmount } = render(<LinkHaltedScreen state={{ status: 'halted', reason: 'forgotten' }} rejoin={rejoiner({ ok: true, pagesSetAside: 0 })} />);
    expect(screen.getByRole('form', { name: t.rejoinTitle })).toBeInTheDocument();
    unmount();
    const other = render(<LinkHaltedScreen state={{ status: 'halted', reason: 'incompatible', hubVersion: 9, ourVersion: 8 }} rejoin={rejoiner({ ok: true, pagesSetAside: 0 })} />);
    expect(screen.queryByRole('form')).toBeNull();
    other.unmount();
    render(<LinkHaltedScreen state={revoked} />);
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.getByText(t.revokedWhatToDo)).toBeInTheDocument();
  });
});
