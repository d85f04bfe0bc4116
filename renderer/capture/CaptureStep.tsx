import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { CaptureView, DocumentType, DocumentView, PageView } from '../../core/api/capture';
import { UPLOAD_CHUNK_BYTES, colorModes, documentTypes, scanResolutions, scanSources } from '../../core/api/capture';
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
import { PageViewer } from '../components/PageViewer';
import { DeleteIcon, RescanIcon, RotateLeftIcon, RotateRightIcon, SplitIcon, UndoIcon } from './icons';
import { UNDO_DEPTH, undoCalls, type PageAction, type RotateAction } from './pageUndo';
import { savePdf } from '../app/download';

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
 * «اسناد» (ماده ۴): scan or bring files into the request, see each page as it arrives — large, to
 * enlarge and move over — put the pages in order and in documents, decide blank pages, then show them
 * to the applicant. Keyboard: Insert scans; on a page, ←/→ move between pages and Shift+←/→ select
 * several, R / Shift+R rotate, Delete removes (the selected pages together), Ctrl+←/→ moves the page,
 * S starts a new document at it; Ctrl+Z undoes the last page action. Thumbnails are dragged to reorder;
 * Ctrl+click and Shift+click select.
 */
export function CaptureStep({ request, onChange }: { request: RequestView; onChange: (r: RequestView) => void }) {
  const t = fa.capture;
  const { client } = useEnv();
  const data = useHubData(() => client.call('capture.view', { requestId: request.id }), ['capture.changed'], [request.id]);
  const scanner = useHubData(() => client.call('scanner.get', { counterId: request.counterId }), [], [request.counterId]);
  const profiles = useHubData(() => client.call('scanProfiles.get', {}), [], []);
  // a remedy (رفع نقص) brings the pages the authority asked for, not a new petition
  const [docType, setDocType] = useState<DocumentType>(request.followUpOf ? 'evidence' : 'petition');
  const [choice, setChoice] = useState<ScanChoice | null>(null);
  const [setup, setSetup] = useState(false);
  const [upload, setUpload] = useState<{ name: string; sent: number; size: number } | null>(null);
  const action = useAction();
  const fileInput = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLElement>(null);
  const view = data.data;
  const setting = scanner.data?.setting ?? null;
  const running = view?.jobs.find((j) => j.status === 'running') ?? null;
  const lastJob = view?.jobs[0] ?? null;
  const pages = view?.documents.flatMap((d) => d.pages) ?? [];
  const editable = request.status === 'paid' || request.status === 'documentsCaptured';

  // The scan's settings: the office's profile for the document type, else the counter's scanner; the
  // clerk may change them for this scan (they go back to the profile when the type changes).
  const profile = profiles.data?.profiles.find((p) => p.documentType === docType) ?? null;
  const base: ScanChoice = profile ? { source: profile.source, dpi: profile.dpi, colorMode: profile.colorMode } : { source: setting?.source ?? 'flatbed', dpi: setting?.dpi ?? 300, colorMode: setting?.colorMode ?? 'grey' };
  const scanWith = choice ?? base;

  // Which pages are selected (in page order), the one the big viewer shows, and what can be undone.
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [anchor, setAnchor] = useState<string | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [history, setHistory] = useState<readonly PageAction[]>([]);
  useEffect(() => {
    setSelected([]);
    setAnchor(null);
    setCurrent(null);
    setHistory([]);
  }, [request.id]);
  const ids = pages.map((p) => p.id);
  const idsKey = ids.join(',');
  // pages that left (deleted, replaced) leave the selection too
  useEffect(() => {
    const live = new Set(idsKey.split(','));
    setSelected((sel) => (sel.every((id) => live.has(id)) ? sel : sel.filter((id) => live.has(id))));
    setCurrent((c) => (c && live.has(c) ? c : null));
  }, [idsKey]);
  const shown = pages.find((p) => p.id === current) ?? pages[0] ?? null;

  const remember = (a: PageAction) => setHistory((h) => [...h.slice(-(UNDO_DEPTH - 1)), a]);

  const reloadRequest = async () => onChange(await client.call('request.get', { requestId: request.id }));

  const scan = () =>
    void action.run(async () => {
      // Insert pressed as the step appears: the counter's scanner and the office's profiles not yet
      // loaded are asked for now, not taken for «no scanner» (which would open the setup instead)
      const own = scanner.data ? setting : (await client.call('scanner.get', { counterId: request.counterId })).setting;
      if (!own) {
        setSetup(true);
        return;
      }
      // (the profiles only refine the scan: without them it goes by the counter's own setting)
      const listed = profiles.data ?? (await client.call('scanProfiles.get', {}).catch(() => null));
      const profileNow = listed?.profiles.find((p) => p.documentType === docType) ?? null;
      // without a profile or a change for this scan, the hub scans with the counter's own setting
      const how = choice ?? profileNow;
      const settings = how ? { source: how.source, dpi: how.dpi, colorMode: how.colorMode } : {};
      await client.call('capture.start', { requestId: request.id, counterId: request.counterId, documentType: docType, ...settings });
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

  // ---- page actions, on one page or on the selection ----
  const targets = (page: PageView): string[] => (selected.includes(page.id) && selected.length > 1 ? ids.filter((id) => selected.includes(id)) : [page.id]);
  const rotate = (pageIds: readonly string[], how: RotateAction) =>
    void action.run(async () => {
      const done: string[] = [];
      try {
        for (const pageId of pageIds) {
          await client.call('capture.editPage', { pageId, action: how });
          done.push(pageId);
        }
      } finally {
        if (done.length) remember({ kind: 'rotate', pageIds: done, action: how });
      }
    });
  const remove = (pageIds: readonly string[]) =>
    void action.run(async () => {
      const done: string[] = [];
      try {
        for (const pageId of pageIds) {
          await client.call('capture.editPage', { pageId, action: 'delete' });
          done.push(pageId);
        }
      } finally {
        if (done.length) remember({ kind: 'delete', pageIds: done });
        setSelected((sel) => sel.filter((id) => !done.includes(id)));
      }
    });
  const move = (page: PageView, documentId: string, position: number) => {
    const from = view?.documents.find((d) => d.id === page.documentId);
    const at = from ? from.pages.findIndex((p) => p.id === page.id) + 1 : 0;
    if (!from || (documentId === from.id && position === at)) return;
    void action.run(async () => {
      await client.call('capture.movePage', { pageId: page.id, documentId, position });
      remember({ kind: 'move', pageId: page.id, from: { documentId: from.id, position: at } });
      setTimeout(() => focusPage(page.id), 200);
    });
  };
  const undo = () => {
    const last = history[history.length - 1];
    if (!last || action.busy) return;
    void action.run(async () => {
      for (const call of undoCalls(last)) await client.call(call.proc, call.input as never);
      setHistory((h) => h.slice(0, -1));
      await data.reload();
    });
  };

  // ---- selection ----
  const focusPage = (id: string | undefined) => id && root.current?.querySelector<HTMLElement>(`.capture-page[data-page-id="${id}"]`)?.focus();
  const range = (from: string, to: string) => {
    const a = ids.indexOf(from);
    const b = ids.indexOf(to);
    if (a < 0 || b < 0) return [to];
    return ids.slice(Math.min(a, b), Math.max(a, b) + 1);
  };
  const select = (page: PageView, how: 'only' | 'toggle' | 'extend') => {
    setCurrent(page.id);
    if (how === 'extend' && anchor) return setSelected(range(anchor, page.id));
    setAnchor(page.id);
    if (how === 'toggle') setSelected((sel) => (sel.includes(page.id) ? sel.filter((id) => id !== page.id) : ids.filter((id) => id === page.id || sel.includes(id))));
    else setSelected([page.id]);
  };
  const step = (page: PageView, delta: number, extend: boolean) => {
    const next = pages[ids.indexOf(page.id) + delta];
    if (!next) return;
    if (extend) {
      const from = anchor ?? page.id;
      setAnchor(from);
      setSelected(range(from, next.id));
      setCurrent(next.id);
    } else select(next, 'only');
    focusPage(next.id);
  };

  // End: «پایان اسکن» from the keyboard, as Insert scans (F1 lists both)
  const canFinish = request.status === 'paid' && (view?.documents.some((d) => d.pages.length > 0) ?? false) && !running && !action.busy;
  useKeys({ Insert: editable && !running ? scan : undefined, End: canFinish ? finish : undefined }, !setup);
  useEffect(() => {
    if (!editable || setup) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.code !== 'KeyZ' || e.shiftKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      e.preventDefault();
      undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (editable && e.dataTransfer.files.length) importFiles(e.dataTransfer.files);
  };

  const paidMismatch = view && view.chargesExtraPages && Math.max(0, pages.length - view.pagesIncluded) !== Math.max(0, view.pagesPaid - view.pagesIncluded);
  const lastAction = history[history.length - 1];
  const chosen = ids.filter((id) => selected.includes(id));
  const busy = action.busy || running !== null;

  return (
    <section ref={root} className="card capture" aria-labelledby="capture-title" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
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
            <select
              id="capture-doc-type"
              value={docType}
              onChange={(e) => {
                setDocType(e.target.value as DocumentType);
                setChoice(null);
              }}
            >
              {documentTypes.map((d) => (
                <option key={d} value={d}>
                  {fa.documentTypes[d]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="capture-source">{t.source}</label>
            <select id="capture-source" value={scanWith.source} onChange={(e) => setChoice({ ...scanWith, source: e.target.value as ScanChoice['source'] })}>
              {scanSources.map((s) => (
                <option key={s} value={s}>
                  {t.sources[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field capture-field-narrow">
            <label htmlFor="capture-dpi">{fa.scannerSetup.dpi}</label>
            <select id="capture-dpi" value={scanWith.dpi} onChange={(e) => setChoice({ ...scanWith, dpi: Number(e.target.value) })}>
              {[...new Set([...scanResolutions, scanWith.dpi])].sort((a, b) => a - b).map((r) => (
                <option key={r} value={r}>
                  {n(r)}
                </option>
              ))}
            </select>
          </div>
          <div className="field capture-field-narrow">
            <label htmlFor="capture-color">{fa.scannerSetup.colorMode}</label>
            <select id="capture-color" value={scanWith.colorMode} onChange={(e) => setChoice({ ...scanWith, colorMode: e.target.value as ScanChoice['colorMode'] })}>
              {colorModes.map((c) => (
                <option key={c} value={c}>
                  {fa.scannerSetup.colorModes[c]}
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
          <button type="button" className="button" onClick={() => fileInput.current?.click()} disabled={busy}>
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
          <p className="capture-profile muted">{profile && !choice ? t.profileUsed(fa.documentTypes[docType]) : choice ? t.profileChanged : t.noProfile}</p>
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
      {view && pages.length > 0 && (
        <div className="capture-workspace">
          <div className="capture-pages">
            {editable && (
              <div className="capture-selection" role="toolbar" aria-label={t.selectionTools}>
                <span className="capture-selection-count" aria-live="polite">
                  {chosen.length > 1 ? t.selectedCount(n(chosen.length)) : t.selectHint}
                </span>
                <button type="button" className="button button-small" disabled={chosen.length < 2 || busy} onClick={() => rotate(chosen, 'rotateRight')}>
                  <RotateRightIcon /> {t.rotateSelectedRight}
                </button>
                <button type="button" className="button button-small" disabled={chosen.length < 2 || busy} onClick={() => rotate(chosen, 'rotateLeft')}>
                  <RotateLeftIcon /> {t.rotateSelectedLeft}
                </button>
                <button type="button" className="button button-small" disabled={chosen.length < 2 || busy} onClick={() => remove(chosen)}>
                  <DeleteIcon /> {t.deleteSelected}
                </button>
                <button type="button" className="button button-small capture-undo" disabled={!lastAction || busy} onClick={undo} title={lastAction ? t.undoWhat[lastAction.kind] : undefined}>
                  <UndoIcon /> {lastAction ? t.undoWhat[lastAction.kind] : t.undo} <kbd>Ctrl+Z</kbd>
                </button>
              </div>
            )}
            {view.documents.map((doc) => (
              <DocumentStrip
                key={doc.id}
                doc={doc}
                view={view}
                editable={editable && !running}
                run={action.run}
                selected={selected}
                current={shown?.id ?? null}
                onSelect={select}
                onStep={step}
                onRotate={(page, how) => rotate(targets(page), how)}
                onDelete={(page) => remove(targets(page))}
                onMove={move}
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
          </div>
          {/* keyed: another page never shows the previous one's image under its own name */}
          {shown && <LargePage key={shown.id} page={shown} total={pages.length} />}
        </div>
      )}

      {view && pages.length > 0 && (
        <footer className="capture-footer">
          <span className={paidMismatch ? 'form-error' : 'muted'}>{t.pageCount(n(pages.length), n(view.pagesPaid))}</span>
          {request.status === 'paid' && (
            <button type="button" className="button button-primary" onClick={finish} disabled={busy} aria-keyshortcuts="End">
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
            void profiles.reload();
            void data.reload();
          }}
        />
      )}
    </section>
  );
}

interface ScanChoice {
  source: (typeof scanSources)[number];
  dpi: number;
  colorMode: (typeof colorModes)[number];
}

/** The page the clerk is on, as large as the step allows, to enlarge and move over. */
function LargePage({ page, total }: { page: PageView; total: number }) {
  const { url, failed } = usePageImage(page.id, page.sha256, 'view');
  const label = fa.capture.pageLabel(n(page.number), n(total));
  return (
    <div className="capture-large" aria-label={fa.capture.largeView}>
      <p className="capture-large-title">{label}</p>
      <PageViewer
        src={url}
        alt={label}
        className="capture-viewer"
        placeholder={failed ? <p className="form-error">{fa.capture.imageFailed}</p> : <span className="capture-thumb-loading" />}
      />
    </div>
  );
}

async function downloadPdf(client: ReturnType<typeof useEnv>['client'], documentId: string) {
  const pdf = await client.call('capture.documentPdf', { documentId });
  savePdf(pdf.pdfBase64, pdf.fileName);
}

type Run = ReturnType<typeof useAction>['run'];

/** The drag carries the page's id under this type, so a dragged thumbnail is never taken for a file. */
const PAGE_DRAG = 'application/x-daftaryar-page';
let dragged: string | null = null;

function DocumentStrip({
  doc,
  view,
  editable,
  run,
  selected,
  current,
  onSelect,
  onStep,
  onRotate,
  onDelete,
  onMove,
  onPdf,
  onRescan,
}: {
  doc: DocumentView;
  view: CaptureView;
  editable: boolean;
  run: Run;
  selected: readonly string[];
  current: string | null;
  onSelect: (page: PageView, how: 'only' | 'toggle' | 'extend') => void;
  onStep: (page: PageView, delta: number, extend: boolean) => void;
  onRotate: (page: PageView, how: RotateAction) => void;
  onDelete: (page: PageView) => void;
  onMove: (page: PageView, documentId: string, position: number) => void;
  onPdf: () => void;
  onRescan: (page: PageView) => void;
}) {
  const t = fa.capture;
  const { client } = useEnv();
  const all = view.documents.flatMap((d) => d.pages);
  const [dropAt, setDropAt] = useState<string | null>(null);

  const split = (page: PageView) => void run(() => client.call('capture.split', { pageId: page.id, documentType: 'evidence' }));

  const onKey = (e: KeyboardEvent<HTMLElement>, page: PageView, i: number) => {
    if (e.target !== e.currentTarget) return; // a tool button's own keys
    // physical keys (e.code), so the Persian keyboard layout works the same
    const rtlNext = e.key === 'ArrowLeft' ? 1 : e.key === 'ArrowRight' ? -1 : 0;
    if (rtlNext && e.ctrlKey && editable) onMove(page, doc.id, i + 1 + rtlNext);
    else if (rtlNext) onStep(page, rtlNext, e.shiftKey);
    else if (!editable) return;
    else if (e.code === 'KeyR') onRotate(page, e.shiftKey ? 'rotateLeft' : 'rotateRight');
    else if (e.key === 'Delete') onDelete(page);
    else if (e.code === 'KeyS' && i > 0) split(page);
    else return;
    e.preventDefault();
  };

  const onDrop = (e: DragEvent, target: PageView, i: number) => {
    const id = e.dataTransfer?.getData(PAGE_DRAG) || dragged;
    setDropAt(null);
    dragged = null;
    if (!id) return;
    e.preventDefault();
    e.stopPropagation();
    const page = all.find((p) => p.id === id);
    if (page && page.id !== target.id) onMove(page, doc.id, i + 1);
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
      <ol className="capture-strip">
        {doc.pages.map((page, i) => (
          <li key={page.id}>
            <div
              className={[
                'capture-page',
                page.blank && !page.blankKept ? 'capture-page-blank' : '',
                selected.includes(page.id) ? 'capture-page-selected' : '',
                current === page.id ? 'capture-page-current' : '',
                dropAt === page.id ? 'capture-page-drop' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              data-page-id={page.id}
              tabIndex={0}
              role="group"
              aria-label={t.pageLabel(n(page.number), n(all.length))}
              draggable={editable}
              onDragStart={(e) => {
                dragged = page.id;
                e.dataTransfer?.setData(PAGE_DRAG, page.id);
                if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
              }}
              onDragEnd={() => {
                dragged = null;
                setDropAt(null);
              }}
              onDragOver={(e) => {
                if (!editable || !(dragged || e.dataTransfer?.types.includes(PAGE_DRAG))) return;
                e.preventDefault();
                e.stopPropagation();
                setDropAt(page.id);
              }}
              onDragLeave={() => setDropAt((d) => (d === page.id ? null : d))}
              onDrop={(e) => onDrop(e, page, i)}
              onClick={(e) => onSelect(page, e.shiftKey ? 'extend' : e.ctrlKey || e.metaKey ? 'toggle' : 'only')}
              onKeyDown={(e) => onKey(e, page, i)}
            >
              <span className="capture-thumb-frame">
                <Thumb page={page} />
                {/* provisional: the scanner's own thumbnail while its deskew and blank check run (edits wait) */}
                {page.processing && <span className="capture-processing">{t.processing}</span>}
              </span>
              <span className="capture-page-number">{n(page.number)}</span>
              {selected.includes(page.id) && <span className="visually-hidden">{t.selectedMark}</span>}
              {page.blank && !page.blankKept && editable && (
                <span className="capture-blank">
                  {t.blankQuestion}
                  <button type="button" className="button button-small" onClick={() => void run(() => client.call('capture.editPage', { pageId: page.id, action: 'keepBlank' }))}>
                    {t.keep}
                  </button>
                  <button type="button" className="button button-small" onClick={() => onDelete(page)}>
                    {t.remove}
                  </button>
                </span>
              )}
              {editable && !page.processing && (
                <span className="capture-page-tools" onClick={(e) => e.stopPropagation()}>
                  <button type="button" className="icon-button" title={t.rotateLeft} aria-label={t.rotateLeft} onClick={() => onRotate(page, 'rotateLeft')}>
                    <RotateLeftIcon />
                  </button>
                  <button type="button" className="icon-button" title={t.rotateRight} aria-label={t.rotateRight} onClick={() => onRotate(page, 'rotateRight')}>
                    <RotateRightIcon />
                  </button>
                  {i > 0 && (
                    <button type="button" className="icon-button" title={t.split} aria-label={t.split} onClick={() => split(page)}>
                      <SplitIcon />
                    </button>
                  )}
                  <button type="button" className="icon-button" title={t.rescan} aria-label={t.rescan} onClick={() => onRescan(page)}>
                    <RescanIcon />
                  </button>
                  <button type="button" className="icon-button icon-button-danger" title={t.remove} aria-label={t.remove} onClick={() => onDelete(page)}>
                    <DeleteIcon />
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
  return url ? <img className="capture-thumb" src={url} alt="" draggable={false} width={120} height={Math.round((120 * page.heightPx) / Math.max(1, page.widthPx))} /> : <span className="capture-thumb capture-thumb-loading" />;
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
  // the panel takes the focus once its pages are in: an Enter before that would match nothing
  const loaded = pages.length > 0;
  useEffect(() => {
    if (loaded) panel.current?.focus();
  }, [loaded]);

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
