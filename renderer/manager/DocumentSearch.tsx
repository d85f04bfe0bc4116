import { useState, type FormEvent } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { EmptyState } from '../components/EmptyState';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';

type Hit = ProcedureOutput<'documents.search'>['hits'][number];

/** A piece of a snippet: plain text, or a word the search matched. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * The hub marks the matched words in a snippet with `[` … `]` (SQLite FTS snippet()). Split it into
 * parts so each is rendered as a text node — the OCR text is whatever was on the paper and is never
 * treated as markup. A `[` never closed marks to the end; a stray `]` is kept as text.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let text = '';
  let match = false;
  const flush = () => {
    if (text) parts.push({ text, match });
    text = '';
  };
  for (const ch of snippet) {
    if (ch === '[' && !match) {
      flush();
      match = true;
    } else if (ch === ']' && match) {
      flush();
      match = false;
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

/**
 * «جستجوی اسناد»: the manager searches the OCR text of the captured pages. Every search is written
 * to the audit trail by the hub (the text of people's documents is not browsed idly), and the page
 * says so before the first search.
 */
export function DocumentSearch() {
  const t = fa.managerSearch;
  const { client } = useEnv();
  const [query, setQuery] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const [result, setResult] = useState<{ query: string; hits: Hit[] } | null>(null);
  const search = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const q = query.trim();
    if ([...q].length < 2) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    const found = await search.run(() => client.call('documents.search', { query: q }));
    if (found) setResult({ query: q, hits: found.hits });
  }

  return (
    <div className="document-search">
      <section className="card" aria-labelledby="doc-search-title">
        <h2 id="doc-search-title">{t.title}</h2>
        <form className="doc-search-form" role="search" onSubmit={(e) => void submit(e)}>
          <div className="field doc-search-field">
            <label htmlFor="doc-search-query">{t.label}</label>
            <input
              id="doc-search-query"
              type="search"
              value={query}
              maxLength={200}
              placeholder={t.placeholder}
              aria-describedby="doc-search-hint doc-search-audited"
              aria-invalid={tooShort || undefined}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          <button type="submit" className="button button-primary" disabled={search.busy}>
            {search.busy ? t.searching : t.submit}
          </button>
        </form>
        {tooShort && (
          <p className="form-error" role="alert">
            {t.tooShort}
          </p>
        )}
        <p id="doc-search-hint" className="muted">
          {t.hint}
        </p>
        <p id="doc-search-audited" className="doc-search-audited">
          {t.audited}
        </p>
        <FormError error={search.error} />
      </section>

      <section className="card" aria-labelledby="doc-results-title">
        <h2 id="doc-results-title">{t.resultsTitle}</h2>
        {result === null ? (
          <EmptyState>{t.before}</EmptyState>
        ) : result.hits.length === 0 ? (
          <EmptyState>{t.empty(result.query)}</EmptyState>
        ) : (
          <>
            <p className="muted" role="status">
              {t.count(toPersianDigits(result.hits.length))}
            </p>
            <ol className="doc-hits">
              {result.hits.map((h) => (
                <li key={h.pageId} className="doc-hit">
                  <p className="doc-hit-where">
                    <span className="doc-hit-request">{t.request(toPersianDigits(h.requestNumber))}</span>
                    <span className="doc-hit-page">{t.page(toPersianDigits(h.pageNumber))}</span>
                  </p>
                  <p className="doc-hit-snippet" dir="auto">
                    {snippetParts(h.snippet).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                  </p>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </div>
  );
}
