import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { CaptureView, DocumentType, DocumentView, PageView } from '../../core/api/capture';
import { UPLOAD_CHUNK_BYTES, documentTypes, scanSources } from '../../core/api/capture';
import type { RequestView } from '../../core/api/request';
import { toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { useHubData } from '../app/useHubData';
import { useKeys } from '../app/useKeys';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { ScannerSetup } from './ScannerSetup';
import { usePageImage } from './usePageImage';
import { DocumentInquiry } from './DocumentInquiry';

const n = (x: number) => toPersianDigits(x);

/** Reads a File in upload-sized chunks as base64 (the hub takes at most UPLOAD_CHUNK_BYTES per call). */
async function* chunks(file: File): AsyncGenerator<{ offset: number; dataBase64: string }> {
  for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
    const bytes = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    yield { offset, dataBase64: btoa(binary) };
  }
}

/**
 * «اسناد» (ماده ۴): scan or bring files into the request, see each page as it arrives, put the pages
 * in order and in documents, decide blank pages, then show them to the applicant. Keyboard: Insert
 * scans; on a page, ←/→ move between pages, R / Shift+R rotate, Delete removes, Ctrl+←/→ moves the
 * page, S starts a new document at it.
 */
export function CaptureStep({ request, onChange }: { request: RequestView; onChange: (r: RequestView) => void }) {
  const t = fa.capture;
  const { client } = useEnv();
  const data = useHubData(() => client.call('capture.view', { requestId: request.id }), ['capture.changed'], [request.id]);
  const scanner = useHubData(() => client.call('scanner.get', { counterId: request.counterId }), [], [request.counterId]);
  const [docType, setDocType] = useState<DocumentType>('petition');
  const [source, setSource] = useState<(typeof scanSources)[number] | null>(null);
  const [setup, setSetup] = useState(false);
  const [upload, setUpload] = useState<{ name: string; sent: number; size: number } | null>(null);
  const action = useAction();
  const fileInput = useRef<HTMLInputElement>(null);
  const view = data.data;
  const setting = scanner.data?.setting ?? null;
  const running = view?.jobs.find((j) => j.status === 'running') ?? null;
  const lastJob = view?.jobs[0] ?? null;
  const pages = view?.documents.flatMap((d) => d.pages) ?? [];
  const editable = request.status === 'paid' || request.status === 'documentsCaptured';

  const reloadRequest = async () => onChange(await client.call('request.get', { requestId: request.id }));

  const scan = () =>
    void action.run(async () => {
      if (!setting) {
        setSetup(true);
        return;
      }
      await client.call('capture.start', { requestId: request.id, counterId: request.counterId, documentType: docType, ...(source ? { source } : {}) });
      await data.reload();
    });

  const importFiles = (files: FileList | File[]) =>
    void action.run(async () => {
      for (const file of Array.from(files)) {
        const uploadId = crypto.randomUUID();
        setUpload({ name: file.name, sent: 0, size: file.size });
        for await (const chunk of chunks(file)) {
          const { received } = await client.call('capture.upload', { uploadId, ...chunk });
          setUpload({ name: file.name, sent: received, size: file.size });
        }
        if (file.size === 0) await client.call('capture.upload', { uploadId, offset: 0, dataBase64: '' }).catch(() => undefined);
        await client.call('capture.import', { requestId: request.id, counterId: request.counterId, uploadId, fileName: file.name, documentType: docType });
        // one import at a time: the hub runs one job per request
        for (let i = 0; i < 600; i++) {
          const v = await client.call('capture.view', { requestId: request.id });
          if (!v.jobs.some((j) => j.status === 'running')) break;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      setUpload(null);
      await data.reload();
    }).finally(() => setUpload(null));

  const finish = () =>
    void action.run(async () => {
      await client.call('capture.finish', { requestId: request.id });
      await reloadRequest();
    });

  // End: «پایان اسکن» from the keyboard, as Insert scans (F1 lists both)
  const canFinish = request.status === 'paid' && (view?.documents.some((d) => d.pages.length > 0) ?? false) && !running && !action.busy;
  useKeys({ Insert: editable && !running ? scan : undefined, End: canFinish ? finish : undefined }, !setup);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (editable && e.dataTransfer.files.length) importFiles(e.dataTransfer.files);
  };

  const paidMismatch = view && view.chargesExtraPages && Math.max(0, pages.length - view.pagesIncluded) !== Math.max(0, view.pagesPaid - view.pagesIncluded);

  return (
    <section className="card capture" aria-labelledby="capture-title" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header className="capture-header">
        <h4 id="capture-title">{t.title}</h4>
        <span className="muted capture-scanner">
          {setting ? t.scannerIs(toPersianDigits(setting.label)) : t.noScanner}{' '}
          <button type="button" className="button button-quiet" onClick={() => setSetup(true)}>
            {setting ? t.changeScanner : t.chooseScanner}
          </button>
        </span>
      </header>

      {request.status === 'documentsCaptured' && <p className="form-notice" role="status">{t.waitingForApplicant}</p>}
      {view?.review?.outcome === 'objected' && request.status === 'paid' && (
        <p className="form-error" role="status">
          {t.objected(view.review.reason ?? '')}
        </p>
      )}

      {editable && (
        <div className="capture-controls">
          <div className="field">
            <label htmlFor="capture-doc-type">{t.nextDocument}</label>
            <select id="capture-doc-type" value={docType} onChange={(e) => setDocType(e.target.value as DocumentType)}>
              {documentTypes.map((d) => (
                <option key={d} value={d}>
                  {fa.documentTypes[d]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="capture-source">{t.source}</label>
            <select id="capture-source" value={source ?? setting?.source ?? 'flatbed'} onChange={(e) => setSource(e.target.value as (typeof scanSources)[number])}>
              {scanSources.map((s) => (
                <option key={s} value={s}>
                  {t.sources[s]}
                </option>
              ))}
            </select>
          </div>
          {running ? (
            <button type="button" className="button" onClick={() => void action.run(() => client.call('capture.cancel', { jobId: running.id }))}>
              {t.stop}
            </button>
          ) : (
            <button type="button" className="button button-primary" onClick={scan} disabled={action.busy}>
              {t.scan} <kbd>Insert</kbd>
            </button>
          )}
          <button type="button" className="button" onClick={() => fileInput.current?.click()} disabled={action.busy || running !== null}>
            {t.importFile}
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            multiple
            accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
            onChange={(e) => {
              if (e.target.files?.length) importFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
      )}

      {running && (
        <p className="capture-progress" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> {t.scanning(n(running.pages))}
        </p>
      )}
      {upload && (
        <p className="capture-progress" role="status" aria-live="polite">
          {t.uploading(upload.name, n(Math.round((100 * upload.sent) / Math.max(1, upload.size))))}
          <progress max={upload.size || 1} value={upload.sent} />
        </p>
      )}
      {lastJob && !running && lastJob.errorCode && lastJob.errorCode !== 'CANCELLED' && (
        <p className="form-error" role="alert">
          {t.jobErrors[lastJob.errorCode]} {lastJob.pages > 0 && t.pagesKept(n(lastJob.pages))}
        </p>
      )}
      <FormError error={action.error ?? data.error} />

      {view && pages.length === 0 && !running && <p className="muted capture-empty">{t.empty}</p>}
      {view &&
        view.documents.map((doc) => (
          <DocumentStrip
            key={doc.id}
            doc={doc}
            view={view}
            editable={editable && !running}
            run={action.run}
            onPdf={() => void downloadPdf(client, doc.id)}
            onRescan={(page) =>
              void action.run(async () => {
                if (!setting) return setSetup(true);
                await client.call('capture.start', { requestId: request.id, counterId: request.counterId, documentType: doc.type, replacePageId: page.id });
                await data.reload();
              })
            }
          />
        ))}

      {view && pages.length > 0 && (
        <footer className="capture-footer">
          <span className={paidMismatch ? 'form-error' : 'muted'}>{t.pageCount(n(pages.length), n(view.pagesPaid))}</span>
          {request.status === 'paid' && (
            <button type="button" className="button button-primary" onClick={finish} disabled={action.busy || running !== null} aria-keyshortcuts="End">
              {t.finish} <kbd aria-hidden="true">End</kbd>
            </button>
          )}
        </footer>
      )}
      {setup && (
        <ScannerSetup
          counterId={request.counterId}
          current={setting}
          onClose={() => setSetup(false)}
          onSaved={() => {
            setSetup(false);
            void scanner.reload();
            void data.reload();
          }}
        />
      )}
    </section>
  );
}

async function downloadPdf(client: ReturnType<typeof useEnv>['client'], documentId: string) {
  const pdf = await client.call('capture.documentPdf', { documentId });
  const bytes = Uint8Array.from(atob(pdf.pdfBase64), (ch) => ch.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = pdf.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Run = ReturnType<typeof useAction>['run'];

function DocumentStrip({
  doc,
  view,
  editable,
  run,
  onPdf,
  onRescan,
}: {
  doc: DocumentView;
  view: CaptureView;
  editable: boolean;
  run: Run;
  onPdf: () => void;
  onRescan: (page: PageView) => void;
}) {
  const t = fa.capture;
  const { client } = useEnv();
  const strip = useRef<HTMLOListElement>(null);
  const focusPage = (i: number) => strip.current?.querySelectorAll<HTMLElement>('.capture-page')[i]?.focus();
  const all = view.documents.flatMap((d) => d.pages);

  const edit = (page: PageView, action: 'rotateLeft' | 'rotateRight' | 'rotate180' | 'delete' | 'keepBlank') => void run(() => client.call('capture.editPage', { pageId: page.id, action }));
  const move = (page: PageView, delta: number) => {
    const at = doc.pages.findIndex((p) => p.id === page.id) + 1 + delta;
    if (at < 1 || at > doc.pages.length) return;
    void run(async () => {
      await client.call('capture.movePage', { pageId: page.id, documentId: doc.id, position: at });
      setTimeout(() => focusPage(at - 1), 200);
    });
  };

  const onKey = (e: KeyboardEvent<HTMLElement>, page: PageView, i: number) => {
    // physical keys (e.code), so the Persian keyboard layout works the same
    const rtlNext = e.key === 'ArrowLeft' ? 1 : e.key === 'ArrowRight' ? -1 : 0;
    if (rtlNext && e.ctrlKey && editable) move(page, rtlNext);
    else if (rtlNext) focusPage(i + rtlNext);
    else if (!editable) return;
    else if (e.code === 'KeyR') edit(page, e.shiftKey ? 'rotateLeft' : 'rotateRight');
    else if (e.key === 'Delete') edit(page, 'delete');
    else if (e.code === 'KeyS' && i > 0) void run(() => client.call('capture.split', { pageId: page.id, documentType: 'evidence' }));
    else return;
    e.preventDefault();
  };

  return (
    <div className="capture-document">
      <div className="capture-document-header">
        {editable ? (
          <select
            aria-label={t.documentType}
            value={doc.type}
            onChange={(e) => void run(() => client.call('capture.setDocument', { documentId: doc.id, type: e.target.value as DocumentType }))}
          >
            {documentTypes.map((d) => (
              <option key={d} value={d}>
                {fa.documentTypes[d]}
              </option>
            ))}
          </select>
        ) : (
          <strong>{fa.documentTypes[doc.type]}</strong>
        )}
        <span className="muted">{t.pagesOf(n(doc.pages.length))}</span>
        <button type="button" className="button button-quiet" onClick={onPdf}>
          {t.pdf}
        </button>
      </div>
      <ol className="capture-strip" ref={strip}>
        {doc.pages.map((page, i) => (
          <li key={page.id}>
            <div
              className={`capture-page${page.blank && !page.blankKept ? ' capture-page-blank' : ''}`}
              tabIndex={0}
              role="group"
              aria-label={t.pageLabel(n(page.number), n(all.length))}
              onKeyDown={(e) => onKey(e, page, i)}
            >
              <Thumb page={page} />
              <span className="capture-page-number">{n(page.number)}</span>
              {page.blank && !page.blankKept && editable && (
                <span className="capture-blank">
                  {t.blankQuestion}
                  <button type="button" className="button button-small" onClick={() => edit(page, 'keepBlank')}>
                    {t.keep}
                  </button>
                  <button type="button" className="button button-small" onClick={() => edit(page, 'delete')}>
                    {t.remove}
                  </button>
                </span>
              )}
              {editable && (
                <span className="capture-page-tools">
                  <button type="button" className="icon-button" title={t.rotateLeft} aria-label={t.rotateLeft} onClick={() => edit(page, 'rotateLeft')}>
                    ↺
                  </button>
                  <button type="button" className="icon-button" title={t.rotateRight} aria-label={t.rotateRight} onClick={() => edit(page, 'rotateRight')}>
                    ↻
                  </button>
                  {i > 0 && (
                    <button type="button" className="icon-button" title={t.split} aria-label={t.split} onClick={() => void run(() => client.call('capture.split', { pageId: page.id, documentType: 'evidence' }))}>
                      ✂
                    </button>
                  )}
                  <button type="button" className="icon-button" title={t.rescan} aria-label={t.rescan} onClick={() => onRescan(page)}>
                    ⎙
                  </button>
                  <button type="button" className="icon-button" title={t.remove} aria-label={t.remove} onClick={() => edit(page, 'delete')}>
                    ✕
                  </button>
                </span>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Thumb({ page }: { page: PageView }) {
  const { url, failed } = usePageImage(page.id, page.sha256, 'thumb');
  if (failed) return <span className="capture-thumb capture-thumb-failed">{fa.capture.imageFailed}</span>;
  return url ? <img className="capture-thumb" src={url} alt="" width={120} height={Math.round((120 * page.heightPx) / Math.max(1, page.widthPx))} /> : <span className="capture-thumb capture-thumb-loading" />;
}

/**
 * «مطابقت با اصل»: the clerk holds each paper original beside its page on screen. Enter or Space:
 * «مطابق است» and on to the next; N: «مغایرت دارد» with the reason (the request goes back to capture).
 */
export function MatchStep({ request, onChange }: { request: RequestView; onChange: (r: RequestView) => void }) {
  const t = fa.capture;
  const { client } = useEnv();
  const data = useHubData(() => client.call('capture.view', { requestId: request.id }), ['capture.changed'], [request.id]);
  const [at, setAt] = useState(0);
  const [mismatch, setMismatch] = useState(false);
  const [reason, setReason] = useState('');
  const action = useAction();
  const pages = data.data?.documents.flatMap((d) => d.pages) ?? [];
  const page = pages[Math.min(at, Math.max(0, pages.length - 1))] ?? null;
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);

  // Enter on the last page still to match also ends the match: nothing is left to do on this step
  const matchIt = () =>
    page &&
    void action.run(async () => {
      const last = pages.every((p) => p.matched || p.id === page.id);
      await client.call('capture.match', { pageId: page.id, matches: true });
      if (last) {
        await client.call('capture.matchDone', { requestId: request.id });
        onChange(await client.call('request.get', { requestId: request.id }));
        return;
      }
      await data.reload();
      setAt((i) => Math.min(i + 1, pages.length - 1));
    });
  const done = () =>
    void action.run(async () => {
      await client.call('capture.matchDone', { requestId: request.id });
      onChange(await client.call('request.get', { requestId: request.id }));
    });
  const sendMismatch = () =>
    page &&
    void action.run(async () => {
      await client.call('capture.match', { pageId: page.id, matches: false, reason });
      setMismatch(false);
      onChange(await client.call('request.get', { requestId: request.id }));
    });

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (mismatch) return;
    if (e.key === 'Enter' || e.key === ' ') matchIt();
    else if (e.code === 'KeyN') setMismatch(true);
    else if (e.key === 'ArrowLeft') setAt((i) => Math.min(i + 1, pages.length - 1));
    else if (e.key === 'ArrowRight') setAt((i) => Math.max(i - 1, 0));
    else return;
    e.preventDefault();
  };
  const matched = pages.filter((p) => p.matched).length;

  return (
    <section className="card capture-match" aria-labelledby="match-title">
      <h4 id="match-title">{t.matchTitle}</h4>
      <p className="muted">{t.matchHint}</p>
      <div className="capture-match-body" ref={panel} tabIndex={0} onKeyDown={onKey} aria-label={t.matchTitle}>
        <div className="capture-match-view">{page && <PageViewImage page={page} />}</div>
        <ol className="capture-match-list">
          {pages.map((p, i) => (
            <li key={p.id}>
              <button type="button" className={`capture-match-item${i === at ? ' capture-match-item-current' : ''}`} aria-current={i === at ? 'true' : undefined} onClick={() => setAt(i)}>
                <span aria-hidden="true">{p.matched ? '✓' : '○'}</span> {t.pageLabel(n(p.number), n(pages.length))}
              </button>
            </li>
          ))}
        </ol>
      </div>
      {mismatch ? (
        <div className="capture-mismatch">
          <label htmlFor="mismatch-reason">{t.mismatchReason}</label>
          <textarea id="mismatch-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          <div className="dialog-actions">
            <button type="button" className="button button-danger" disabled={reason.trim().length < 5 || action.busy} onClick={sendMismatch}>
              {t.mismatchSubmit}
            </button>
            <button type="button" className="button" onClick={() => setMismatch(false)}>
              {fa.common.close}
            </button>
          </div>
        </div>
      ) : (
        <div className="capture-match-actions">
          <button type="button" className="button button-primary" onClick={matchIt} disabled={!page || action.busy}>
            {t.matches} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={() => setMismatch(true)} disabled={!page}>
            {t.mismatch} <kbd>N</kbd>
          </button>
          <span className="muted">{t.matchedCount(n(matched), n(pages.length))}</span>
          <button type="button" className="button button-primary" onClick={done} disabled={action.busy || matched < pages.length || pages.length === 0}>
            {t.matchDone}
          </button>
        </div>
      )}
      <FormError error={action.error ?? data.error} />
      <DocumentInquiry requestId={request.id} />
    </section>
  );
}

function PageViewImage({ page }: { page: PageView }) {
  const { url, failed } = usePageImage(page.id, page.sha256, 'view');
  if (failed) return <p className="form-error">{fa.capture.imageFailed}</p>;
  return url ? <img src={url} alt={fa.capture.pageLabel(n(page.number), '')} className="capture-view-image" /> : <span className="capture-thumb-loading" />;
}
