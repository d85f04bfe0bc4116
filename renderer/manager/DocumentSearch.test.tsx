import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { DocumentSearch, snippetParts } from './DocumentSearch';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.managerSearch;
const hit = (over: Partial<{ requestNumber: string; pageId: string; pageNumber: number; snippet: string }> = {}) => ({
  requestId: '6f1c1f7e-6a0b-4a57-9d43-1f1d8a0c2b11',
  requestNumber: '1405/17',
  pageId: '11111111-1111-4111-8111-111111111111',
  pageNumber: 3,
  snippet: '…خواهان [محمدی] علیه…',
  ...over,
});

function searchFor(text: string) {
  fireEvent.change(screen.getByLabelText(t.label), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: t.submit }));
}

describe('DocumentSearch', () => {
  it('says every search is recorded before the first one', () => {
    renderWithHub(<DocumentSearch />, {});
    expect(screen.getByText(t.audited)).toBeInTheDocument();
    expect(screen.getByText(t.before)).toBeInTheDocument();
  });

  it('lists the pages found with the request and page number in Persian digits and the matched words marked', async () => {
    const search = vi.fn<Handler>(() => out({ hits: [hit(), hit({ pageId: '22222222-2222-4222-8222-222222222222', pageNumber: 12, snippet: 'مبلغ [۵۰۰۰۰۰۰] ریال به [محمدی]' })] }));
    renderWithHub(<DocumentSearch />, { 'documents.search': search });
    searchFor('  محمدی  ');
    expect(await screen.findByText(t.count('۲'))).toBeInTheDocument();
    expect(search.mock.calls[0]![0]).toEqual({ query: 'محمدی' });
    expect(screen.getAllByText(t.request('۱۴۰۵/۱۷'))).toHaveLength(2);
    expect(screen.getByText(t.page('۳'))).toBeInTheDocument();
    expect(screen.getByText(t.page('۱۲'))).toBeInTheDocument();
    const marks = document.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['محمدی', '۵۰۰۰۰۰۰', 'محمدی']);
    expect(document.body.textContent).not.toContain('[');
  });

  it('renders hostile text in a snippet literally, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    renderWithHub(<DocumentSearch />, { 'documents.search': () => out({ hits: [hit({ snippet: `پیش ${hostile} [<b>واژه</b>] پس` })] }) });
    searchFor('واژه');
    expect(await screen.findByText(t.count('۱'))).toBeInTheDocument();
    expect(document.querySelector('.doc-hit img')).toBeNull();
    expect(document.querySelector('.doc-hit b')).toBeNull();
    const snippet = document.querySelector('.doc-hit-snippet')!;
    expect(snippet.textContent).toBe(`پیش ${hostile} <b>واژه</b> پس`);
    expect(snippet.querySelector('mark')!.textContent).toBe('<b>واژه</b>');
  });

  it('says plainly when nothing was found', async () => {
    renderWithHub(<DocumentSearch />, { 'documents.search': () => out({ hits: [] }) });
    searchFor('ناموجود');
    expect(await screen.findByText(t.empty('ناموجود'))).toBeInTheDocument();
  });

  it('asks for at least two characters without calling the hub', () => {
    const search = vi.fn<Handler>(() => out({ hits: [] }));
    renderWithHub(<DocumentSearch />, { 'documents.search': search });
    searchFor(' ا ');
    expect(screen.getByRole('alert')).toHaveTextContent(t.tooShort);
    expect(search).not.toHaveBeenCalled();
  });

  it('shows the hub’s refusal in Persian', async () => {
    renderWithHub(<DocumentSearch />, { 'documents.search': () => fail('FORBIDDEN') });
    searchFor('محمدی');
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.FORBIDDEN);
  });
});

describe('snippetParts', () => {
  it('splits on the hub’s markers and keeps stray brackets as text', () => {
    expect(snippetParts('a [b] c')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c', match: false },
    ]);
    expect(snippetParts('x ] y [z')).toEqual([
      { text: 'x ] y ', match: false },
      { text: 'z', match: true },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
