import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApplicantScreenView } from '../../core/api/applicantScreen';
import { toPersianDigits } from '../../core/text/digits';
import { ApiError } from '../api/client';
import { useEnv } from '../app/api';
import { PageViewer } from '../components/PageViewer';
import { useKeys } from '../app/useKeys';
import { fa } from '../i18n/fa';

export type ReviewDocuments = NonNullable<NonNullable<ApplicantScreenView['request']>['documents']>;
export type ReviewOutcome = 'confirmed' | 'objected';

const REASON_MAX = 300;

/**
 * The captured pages shown to the applicant (ماده ۴ «به رؤیت متقاضی»), large and one at a time, and
 * their answer: the pages are right, or something is wrong with them. The answer counts only for the
 * page list shown (the digest), so the parent mounts this keyed by the digest.
 *
 * «Confirm» opens only after every page has been on the screen once: confirming pages one has not
 * seen would make the review a formality. «اشکال دارد» is open from the start — a missing or blurred
 * page may be obvious on page two, and nobody should have to leaf through the rest to say so.
 *
 * Privacy: the page images live only in this component; they are dropped when it goes away (the
 * request left the screen, the pages changed) and answers arriving after that are ignored.
 */
export function ApplicantReview({
  counterId,
  requestId,
  documents,
  onAnswered,
  onOutdated,
}: {
  counterId: number;
  /** the request the pages belong to: the answer names it, so it never counts for another */
  requestId: string;
  documents: ReviewDocuments;
  onAnswered: (outcome: ReviewOutcome, digest: string) => void;
  onOutdated: () => void;
}) {
  const t = fa.applicantReview;
  const { client } = useEnv();
  const pages = documents.pages;
  const total = pages.length;

  const [index, setIndex] = useState(0);
  const images = useRef(new Map<string, string>());
  const inFlight = useRef(new Set<string>());
  const alive = useRef(true);
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState<ReadonlySet<string>>(new Set());
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  const [objecting, setObjecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    alive.current = true;
    const cache = images.current;
    const pending = inFlight.current;
    return () => {
      alive.current = false;
      cache.clear();
      pending.clear();
    };
  }, []);

  const load = useCallback(
    (pageId: string) => {
      if (images.current.has(pageId) || inFlight.current.has(pageId)) return;
      inFlight.current.add(pageId);
      setFailed((prev) => without(prev, pageId));
      client.call('applicantScreen.page', { counterId, pageId }).then(
        (img) => {
          if (!alive.current || !inFlight.current.delete(pageId)) return;
          images.current.set(pageId, `data:${img.mime};base64,${img.base64}`);
          setVersion((v) => v + 1);
        },
        () => {
          if (!alive.current || !inFlight.current.delete(pageId)) return;
          setFailed((prev) => new Set(prev).add(pageId));
        },
      );
    },
    [client, counterId],
  );

  const current = pages[Math.min(index, total - 1)];
  const src = current ? images.current.get(current.id) : undefined;

  // The page on screen first, then the next one, so turning the page does not wait.
  useEffect(() => {
    if (current) load(current.id);
    const following = pages[index + 1];
    if (following) load(following.id);
  }, [current, index, pages, load]);

  // A page counts as seen once its image is on the screen.
  useEffect(() => {
    if (current && src) setSeen((prev) => (prev.has(current.id) ? prev : new Set(prev).add(current.id)));
  }, [current, src]);

  const go = useCallback((to: number) => setIndex(Math.max(0, Math.min(total - 1, to))), [total]);
  const next = () => go(index + 1);
  const previous = () => go(index - 1);

  // RTL: the next page lies to the left, so ← turns forward and → back.
  useKeys({ ArrowLeft: next, ArrowRight: previous, PageDown: next, PageUp: previous, Home: () => go(0), End: () => go(total - 1) }, !objecting);

  const allSeen = pages.every((p) => seen.has(p.id));

  function startOver() {
    images.current.clear();
    inFlight.current.clear();
    setFailed(new Set());
    setSeen(new Set());
    setObjecting(false);
    setIndex(0);
    setVersion((v) => v + 1);
  }

  async function answer(outcome: ReviewOutcome, reason?: string) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.call('applicantScreen.review', { counterId, requestId, outcome, digest: documents.digest, ...(reason ? { reason } : {}) });
      if (alive.current) onAnswered(outcome, documents.digest);
    } catch (err) {
      if (!alive.current) return;
      if (err instanceof ApiError && (err.code === 'REVIEW_OUTDATED' || err.code === 'SCREEN_OUTDATED')) {
        startOver();
        onOutdated();
      } else {
        setError(t.failed);
      }
    } finally {
      if (alive.current) setBusy(false);
    }
  }

  if (!current) return null;
  const number = toPersianDigits(current.number);
  const typeName = fa.documentTypes[current.documentType];

  return (
    <section className="review" aria-labelledby="review-title">
      <div className="review-stage">
        <PageViewer
          src={src ?? null}
          alt={t.pageAlt(number, typeName)}
          globalKeys={!objecting}
          // Like leafing through a Persian book: drawing the page to the right brings the next one.
          onSwipe={(direction) => (direction > 0 ? next() : previous())}
          placeholder={
            failed.has(current.id) ? (
              <div className="review-page-state" role="alert">
                <p>{t.pageFailed}</p>
                <button type="button" className="button" onClick={() => load(current.id)}>
                  {t.retry}
                </button>
              </div>
            ) : (
              <div className="review-page-state" role="status">
                {t.loadingPage}
              </div>
            )
          }
        />
        <div className="review-turns">
          <button type="button" className="button review-turn" onClick={previous} disabled={index === 0}>
            <span aria-hidden="true">→</span> {t.previous}
          </button>
          <p className="review-position" aria-live="polite">
            <strong>{t.pageOf(number, toPersianDigits(total))}</strong>
            <span className="review-type">{typeName}</span>
          </p>
          <button type="button" className="button review-turn" onClick={next} disabled={index >= total - 1}>
            {t.next} <span aria-hidden="true">←</span>
          </button>
        </div>
      </div>

      <div className="review-side">
        <h2 id="review-title" className="review-title">
          {t.title}
        </h2>
        <p className="review-intro">{t.intro}</p>

        <nav className="review-dots" aria-label={t.pagesNav}>
          <ol>
            {pages.map((p, i) => (
              <li key={p.id}>
                <button
                  type="button"
                  className={`review-dot${seen.has(p.id) ? ' review-dot-seen' : ''}`}
                  aria-label={t.pageDot(toPersianDigits(p.number))}
                  aria-current={i === index ? 'step' : undefined}
                  onClick={() => go(i)}
                >
                  {toPersianDigits(p.number)}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <p className="review-keys">{t.keysHint}</p>

        {objecting ? (
          <Objection busy={busy} onSend={(reason) => void answer('objected', reason)} onCancel={() => setObjecting(false)} />
        ) : (
          <div className="review-answer">
            <p id="review-progress" className={allSeen ? 'review-progress review-progress-done' : 'review-progress'}>
              {allSeen ? t.seenAll : t.seenSome(toPersianDigits(seen.size), toPersianDigits(total))}
            </p>
            <div className="review-answer-buttons">
              <button type="button" className="button button-primary review-big" disabled={!allSeen || busy} aria-describedby="review-progress" onClick={() => void answer('confirmed')}>
                {busy ? t.sending : t.confirm}
              </button>
              <button type="button" className="button review-big review-object" disabled={busy} onClick={() => setObjecting(true)}>
                {t.object}
              </button>
            </div>
          </div>
        )}
        {error && (
          <p className="form-error review-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}

/** What is wrong: a few quick choices a finger can press, and a line to write more. */
function Objection({ busy, onSend, onCancel }: { busy: boolean; onSend: (reason: string | undefined) => void; onCancel: () => void }) {
  const t = fa.applicantReview;
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [text, setText] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const toggle = (reason: string) => setChosen((prev) => (prev.includes(reason) ? prev.filter((r) => r !== reason) : [...prev, reason]));
  const reason = [...chosen, text.trim()].filter(Boolean).join('؛ ').slice(0, REASON_MAX);

  return (
    <form
      className="review-objection"
      aria-labelledby="objection-title"
      onSubmit={(e) => {
        e.preventDefault();
        onSend(reason || undefined);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) onCancel();
      }}
    >
      <h3 id="objection-title" ref={heading} tabIndex={-1}>
        {t.objectTitle}
      </h3>
      <p className="review-objection-hint">{t.objectHint}</p>
      <div className="review-quick">
        {t.quickReasons.map((r) => (
          <button key={r} type="button" className="button review-quick-choice" aria-pressed={chosen.includes(r)} onClick={() => toggle(r)}>
            {r}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor="objection-text">{t.reasonLabel}</label>
        <textarea id="objection-text" rows={2} maxLength={200} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="review-answer-buttons">
        <button type="submit" className="button button-danger review-big" disabled={busy}>
          {busy ? t.sending : t.sendObjection}
        </button>
        <button type="button" className="button review-big" disabled={busy} onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

function without(set: ReadonlySet<string>, item: string): ReadonlySet<string> {
  if (!set.has(item)) return set;
  const copy = new Set(set);
  copy.delete(item);
  return copy;
}
