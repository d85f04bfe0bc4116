import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { REQUEST_ID, requestView } from '../../test/support/renderer/fixtures';
import { describe, expect, it, vi } from 'vitest';
import type { CaptureView, PageView } from '../../core/api/capture';
import type { RequestView } from '../../core/api/request';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub } from '../../test/support/renderer/testHub';
import { CaptureStep, MatchStep } from './CaptureStep';

const t = fa.capture;
const REQ = REQUEST_ID;
const DOC = '7a1c1f7e-6a0b-4a57-9d43-1f1d8a0c2b11';

const request: RequestView = requestView({ status: 'paid', currentStep: 'documents', missing: ['documents', 'applicantReview', 'originalsMatch'] });

const page = (i: number, extra: Partial<PageView> = {}): PageView => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  documentId: DOC,
  number: i,
  sha256: String(i).repeat(64),
  widthPx: 2480,
  heightPx: 3508,
  dpi: 300,
  bytes: 300_000,
  deskewDeg: 0.4,
  blank: false,
  blankKept: false,
  matched: false,
  ocr: 'pending',
  source: 'scanner',
  ...extra,
});

const view = (pages: PageView[], extra: Partial<CaptureView> = {}): CaptureView => ({
  requestId: REQ,
  documents: [{ id: DOC, type: 'petition', colorMode: 'grey', pages }],
  jobs: [],
  pagesPaid: 4,
  pagesIncluded: 2,
  chargesExtraPages: true,
  digest: 'a'.repeat(64),
  review: null,
  ...extra,
});

const jpeg = out({ mime: 'image/jpeg', base64: '/9j/4AAQSkZJRgABAQAAAQABAAD/2w==' });
const setting = out({ setting: { driver: 'escl', deviceId: 'http://127.0.0.1:9/eSCL', label: 'اسکنر شبکه', source: 'adf', dpi: 300, colorMode: 'grey' } });

describe('the counter’s «اسناد» step', () => {
  it('scans a remedy’s pages as «مستندات و دلایل», not as a new petition', async () => {
    const remedy = { ...request, followUpOf: { requestId: '5b1d3c2e-8f4a-4b6c-9d0e-1a2b3c4d5e6f', year: 1405, number: 12, trackingCode: '140512345678901234', reason: 'برگ دوم خوانا نیست', returnedAt: null } };
    const hub = renderWithHub(<CaptureStep request={remedy as RequestView} onChange={() => {}} />, {
      'capture.view': () => out(view([])),
      'scanner.get': () => setting,
      'capture.start': () => out({ jobId: '11111111-1111-4111-8111-111111111111' }),
    });
    await screen.findByText(t.empty);
    expect(screen.getByLabelText(t.nextDocument)).toHaveValue('evidence');
    fireEvent.keyDown(window, { key: 'Insert' });
    await waitFor(() => expect(hub.callsTo('capture.start')).toHaveLength(1));
    expect(hub.callsTo('capture.start')[0]!.input).toMatchObject({ documentType: 'evidence' });
  });

  it('scans with Insert into the chosen document type', async () => {
    const hub = renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([])),
      'scanner.get': () => setting,
      'capture.start': () => out({ jobId: '11111111-1111-4111-8111-111111111111' }),
    });
    await screen.findByText(t.empty);
    expect(screen.getByText(t.scannerIs('اسکنر شبکه'))).toBeTruthy();
    fireEvent.change(screen.getByLabelText(t.nextDocument), { target: { value: 'evidence' } });
    fireEvent.keyDown(window, { key: 'Insert' });
    await waitFor(() => expect(hub.callsTo('capture.start')).toHaveLength(1));
    expect(hub.callsTo('capture.start')[0]!.input).toEqual({ requestId: REQ, counterId: 1, documentType: 'evidence' });
  });

  it('Insert pressed before the counter’s scanner has loaded scans, rather than opening the scanner settings', async () => {
    // the first answer to «scanner.get» (the step's own load) is held back; Insert asks again
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    let asked = 0;
    const hub = renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([])),
      'scanner.get': async () => (++asked === 1 ? (await held, setting) : setting),
      'scanProfiles.get': () => out({ profiles: [] }),
      'capture.start': () => out({ jobId: '11111111-1111-4111-8111-111111111111' }),
    });
    await screen.findByText(t.empty);
    expect(screen.queryByText(t.scannerIs('اسکنر شبکه'))).toBeNull();
    fireEvent.keyDown(window, { key: 'Insert' });
    await waitFor(() => expect(hub.callsTo('capture.start')).toHaveLength(1));
    expect(screen.queryByRole('dialog', { name: fa.scannerSetup.title })).toBeNull();
    expect(hub.callsTo('capture.start')[0]!.input).toEqual({ requestId: REQ, counterId: 1, documentType: 'petition' });
    release();
  });

  it('opens the scanner settings instead when the counter has no scanner', async () => {
    renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([])),
      'scanner.get': () => out({ setting: null }),
    });
    await screen.findByText(t.noScanner);
    fireEvent.click(screen.getByRole('button', { name: `${t.scan} Insert` }));
    expect(await screen.findByRole('dialog', { name: fa.scannerSetup.title })).toBeTruthy();
  });

  it('rotates, deletes and keeps pages from the keyboard and the blank-page question', async () => {
    const hub = renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([page(1), page(2, { blank: true }), page(3)])),
      'scanner.get': () => setting,
      'capture.image': () => jpeg,
      'capture.editPage': () => out(view([])),
    });
    const first = await screen.findByRole('group', { name: t.pageLabel('۱', '۳') });
    const presses = [
      () => fireEvent.keyDown(first, { code: 'KeyR', key: 'ق' }), // the Persian layout's key on R
      () => fireEvent.keyDown(first, { code: 'KeyR', key: 'ق', shiftKey: true }),
      () => fireEvent.keyDown(first, { key: 'Delete', code: 'Delete' }),
      () => fireEvent.click(screen.getByRole('button', { name: t.keep })),
    ];
    for (const [i, press] of presses.entries()) {
      press();
      await waitFor(() => expect(hub.callsTo('capture.editPage')).toHaveLength(i + 1));
      await waitFor(() => expect(screen.getByRole('button', { name: t.keep })).not.toBeDisabled());
    }
    expect(hub.callsTo('capture.editPage').map((c) => (c.input as { action: string }).action)).toEqual(['rotateRight', 'rotateLeft', 'delete', 'keepBlank']);
    expect(screen.getByText(t.pageCount('۳', '۴')).className).toContain('form-error'); // 3 scanned, 4 paid
  });

  it('rescans one page into its place', async () => {
    const hub = renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([page(1), page(2)])),
      'scanner.get': () => setting,
      'capture.image': () => jpeg,
      'capture.start': () => out({ jobId: '11111111-1111-4111-8111-111111111111' }),
    });
    await screen.findByRole('group', { name: t.pageLabel('۲', '۲') });
    fireEvent.click(screen.getAllByRole('button', { name: t.rescan })[1]!);
    await waitFor(() => expect(hub.callsTo('capture.start')).toHaveLength(1));
    expect(hub.callsTo('capture.start')[0]!.input).toEqual({ requestId: REQ, counterId: 1, documentType: 'petition', replacePageId: page(2).id });
  });

  it('says why the last scan stopped, and that the pages before it were kept', async () => {
    renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () =>
        out(view([page(1), page(2)], { jobs: [{ id: '11111111-1111-4111-8111-111111111111', driver: 'escl', status: 'failed', errorCode: 'PAPER_JAM', pages: 2, startedAt: '2026-11-28T07:00:00.000Z', endedAt: '2026-11-28T07:01:00.000Z' }] })),
      'scanner.get': () => setting,
      'capture.image': () => jpeg,
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(t.jobErrors.PAPER_JAM);
    expect(screen.getByRole('alert')).toHaveTextContent(t.pagesKept('۲'));
  });

  it('finishing shows the hub’s Persian reason when it refuses', async () => {
    renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([page(1)])),
      'scanner.get': () => setting,
      'capture.image': () => jpeg,
      'capture.finish': () => fail('CAPTURE_PAGES_NOT_AS_PAID'),
    });
    fireEvent.click(await screen.findByRole('button', { name: t.finish }));
    expect(await screen.findByText(fa.errors.CAPTURE_PAGES_NOT_AS_PAID)).toBeTruthy();
  });
});

describe('a page still in process (provisional)', () => {
  it('shows its thumbnail with «در حال پردازش», without its tools, and says why «پایان اسکن» waits', async () => {
    renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([page(1), page(2, { processing: true })])),
      'scanner.get': () => setting,
      'capture.image': () => jpeg,
      'capture.finish': () => fail('PAGES_PROCESSING'),
    });
    const second = await screen.findByRole('group', { name: t.pageLabel('۲', '۲') });
    const first = screen.getByRole('group', { name: t.pageLabel('۱', '۲') });
    expect(within(second).getByText(t.processing)).toBeTruthy();
    expect(within(first).queryByText(t.processing)).toBeNull();
    await waitFor(() => expect(second.querySelector('img.capture-thumb')).not.toBeNull());
    expect(within(first).queryByRole('button', { name: t.rotateRight })).not.toBeNull();
    expect(within(second).queryByRole('button', { name: t.rotateRight })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: t.finish }));
    expect(await screen.findByText(fa.errors.PAGES_PROCESSING)).toBeTruthy();
  });
});

describe('«مطابقت با اصل»', () => {
  const confirmed = { ...request, status: 'applicantConfirmed' as const, currentStep: 'originalsMatch' as const };

  it('Enter marks the page as matching and moves on; the end needs every page, and the last Enter ends the match', async () => {
    let pages = [page(1), page(2)];
    const onChange = vi.fn();
    const hub = renderWithHub(<MatchStep request={confirmed} onChange={onChange} />, {
      'capture.matchDone': () => out(view(pages)),
      'request.get': () => out({ ...request, status: 'originalsMatched' }),
      'capture.view': () => out(view(pages)),
      'capture.image': () => jpeg,
      'capture.match': (input) => {
        const id = (input as { pageId: string }).pageId;
        pages = pages.map((p) => (p.id === id ? { ...p, matched: true } : p));
        return out(view(pages));
      },
    });
    const body = await screen.findByLabelText(t.matchTitle, { selector: 'div' });
    await screen.findByText(t.matchedCount('۰', '۲'));
    expect(screen.getByRole('button', { name: t.matchDone })).toBeDisabled();
    fireEvent.keyDown(body, { key: 'Enter' });
    await screen.findByText(t.matchedCount('۱', '۲'));
    expect(hub.callsTo('capture.matchDone')).toEqual([]);
    fireEvent.keyDown(body, { key: 'Enter' });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ status: 'originalsMatched' })));
    expect(hub.callsTo('capture.match').map((c) => (c.input as { pageId: string }).pageId)).toEqual([page(1).id, page(2).id]);
    expect(hub.callsTo('capture.matchDone').map((c) => c.input)).toEqual([{ requestId: request.id }]);
  });

  it('N records a mismatch with its reason', async () => {
    const hub = renderWithHub(<MatchStep request={confirmed} onChange={() => {}} />, {
      'capture.view': () => out(view([page(1)])),
      'capture.image': () => jpeg,
      'capture.match': () => out(view([page(1)])),
      'request.get': () => out({ ...request }),
    });
    const body = await screen.findByLabelText(t.matchTitle, { selector: 'div' });
    await screen.findByText(t.matchedCount('۰', '۱'));
    fireEvent.keyDown(body, { code: 'KeyN', key: 'د' });
    fireEvent.change(screen.getByLabelText(t.mismatchReason), { target: { value: 'امضای دادخواست در اسکن نیست' } });
    fireEvent.click(screen.getByRole('button', { name: t.mismatchSubmit }));
    await waitFor(() => expect(hub.callsTo('capture.match')).toHaveLength(1));
    expect(hub.callsTo('capture.match')[0]!.input).toEqual({ pageId: page(1).id, matches: false, reason: 'امضای دادخواست در اسکن نیست' });
  });
});

describe('the «اسناد» step like a desktop scanner', () => {
  /** A hub that keeps the pages and answers edits like the real one (order, deletes, restores, moves). */
  function liveHub(start: PageView[], extra: Record<string, (input: unknown) => ReturnType<typeof out>> = {}) {
    let pages = [...start];
    const deleted = new Map<string, { page: PageView; at: number }>();
    const numbered = () => pages.map((p, i) => ({ ...p, number: i + 1 }));
    const hub = renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view(numbered())),
      'scanner.get': () => setting,
      'scanProfiles.get': () => out({ profiles: [] }),
      'capture.image': () => jpeg,
      'capture.editPage': (input) => {
        const { pageId, action } = input as { pageId: string; action: string };
        if (action === 'delete') {
          const at = pages.findIndex((p) => p.id === pageId);
          deleted.set(pageId, { page: pages[at]!, at });
          pages = pages.filter((p) => p.id !== pageId);
        }
        return out(view(numbered()));
      },
      'capture.restorePage': (input) => {
        const { pageId } = input as { pageId: string };
        const d = deleted.get(pageId)!;
        pages.splice(d.at, 0, d.page);
        return out(view(numbered()));
      },
      'capture.movePage': (input) => {
        const { pageId, position } = input as { pageId: string; position: number };
        const page = pages.find((p) => p.id === pageId)!;
        pages = pages.filter((p) => p.id !== pageId);
        pages.splice(position - 1, 0, page);
        return out(view(numbered()));
      },
      ...extra,
    });
    return { hub, order: () => pages.map((p) => p.id) };
  }
  const pageGroup = (n: string, total: string) => screen.findByRole('group', { name: t.pageLabel(n, total) });
  const actions = (hub: ReturnType<typeof renderWithHub>, proc: string) => hub.callsTo(proc as never).map((c) => c.input);

  it('selects several pages with Ctrl+click and Shift+click, and rotates them together', async () => {
    const { hub } = liveHub([page(1), page(2), page(3), page(4)]);
    fireEvent.click(await pageGroup('۱', '۴'));
    fireEvent.click(await pageGroup('۳', '۴'), { shiftKey: true });
    expect(screen.getByText(t.selectedCount('۳'))).toBeTruthy();
    fireEvent.click(await pageGroup('۲', '۴'), { ctrlKey: true }); // out of the selection again
    expect(screen.getByText(t.selectedCount('۲'))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t.rotateSelectedRight }));
    await waitFor(() => expect(hub.callsTo('capture.editPage')).toHaveLength(2));
    expect(actions(hub, 'capture.editPage')).toEqual([
      { pageId: page(1).id, action: 'rotateRight' },
      { pageId: page(3).id, action: 'rotateRight' },
    ]);
  });

  it('Shift+arrows select from the keyboard (← is forward in RTL), and Delete removes the selection', async () => {
    const { hub, order } = liveHub([page(1), page(2), page(3), page(4)]);
    const second = await pageGroup('۲', '۴');
    fireEvent.click(second);
    fireEvent.keyDown(second, { key: 'ArrowLeft', shiftKey: true });
    fireEvent.keyDown(await pageGroup('۳', '۴'), { key: 'ArrowLeft', shiftKey: true });
    expect(screen.getByText(t.selectedCount('۳'))).toBeTruthy();
    fireEvent.keyDown(await pageGroup('۴', '۴'), { key: 'Delete', code: 'Delete' });
    await waitFor(() => expect(hub.callsTo('capture.editPage')).toHaveLength(3));
    expect(actions(hub, 'capture.editPage')).toEqual([page(2), page(3), page(4)].map((p) => ({ pageId: p.id, action: 'delete' })));
    expect(order()).toEqual([page(1).id]);
  });

  it('Ctrl+Z undoes the last page action: a delete comes back through the hub, a rotation turns back', async () => {
    const { hub, order } = liveHub([page(1), page(2), page(3)]);
    const first = await pageGroup('۱', '۳');
    fireEvent.keyDown(first, { code: 'KeyR', key: 'ق' });
    await waitFor(() => expect(hub.callsTo('capture.editPage')).toHaveLength(1));
    fireEvent.keyDown(await pageGroup('۲', '۳'), { key: 'Delete', code: 'Delete' });
    await waitFor(() => expect(order()).toEqual([page(1).id, page(3).id]));
    await screen.findByRole('button', { name: `${t.undoWhat.delete} Ctrl+Z` });

    fireEvent.keyDown(window, { code: 'KeyZ', key: 'ظ', ctrlKey: true }); // the Persian layout's key on Z
    await waitFor(() => expect(hub.callsTo('capture.restorePage')).toHaveLength(1));
    expect(actions(hub, 'capture.restorePage')).toEqual([{ pageId: page(2).id }]);
    expect(order()).toEqual([page(1).id, page(2).id, page(3).id]);

    fireEvent.click(await screen.findByRole('button', { name: `${t.undoWhat.rotate} Ctrl+Z` }));
    await waitFor(() => expect(hub.callsTo('capture.editPage')).toHaveLength(3));
    expect(actions(hub, 'capture.editPage').at(-1)).toEqual({ pageId: page(1).id, action: 'rotateLeft' });
    await waitFor(() => expect(screen.getByRole('button', { name: `${t.undo} Ctrl+Z` })).toBeDisabled());
  });

  it('drags a thumbnail onto another to reorder, and Ctrl+Z puts it back', async () => {
    const { hub, order } = liveHub([page(1), page(2), page(3)]);
    const store = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => store.set(k, v), getData: (k: string) => store.get(k) ?? '', get types() { return [...store.keys()]; }, files: [], effectAllowed: 'all' };
    const first = await pageGroup('۱', '۳');
    const third = await pageGroup('۳', '۳');
    fireEvent.dragStart(first, { dataTransfer });
    fireEvent.dragOver(third, { dataTransfer });
    expect(third.className).toContain('capture-page-drop');
    fireEvent.drop(third, { dataTransfer });
    await waitFor(() => expect(hub.callsTo('capture.movePage')).toHaveLength(1));
    expect(actions(hub, 'capture.movePage')[0]).toEqual({ pageId: page(1).id, documentId: DOC, position: 3 });
    expect(order()).toEqual([page(2).id, page(3).id, page(1).id]);
    expect(hub.callsTo('capture.upload')).toHaveLength(0); // a page dragged is not a file brought
    await screen.findByRole('button', { name: `${t.undoWhat.move} Ctrl+Z` });

    fireEvent.keyDown(window, { code: 'KeyZ', key: 'z', ctrlKey: true });
    await waitFor(() => expect(hub.callsTo('capture.movePage')).toHaveLength(2));
    expect(actions(hub, 'capture.movePage')[1]).toEqual({ pageId: page(1).id, documentId: DOC, position: 1 });
    expect(order()).toEqual([page(1).id, page(2).id, page(3).id]);
  });

  it('shows the page the clerk is on large, to zoom with + and −', async () => {
    liveHub([page(1), page(2)]);
    fireEvent.click(await pageGroup('۲', '۲'));
    const large = await screen.findByRole('img', { name: t.pageLabel('۲', '۲') });
    expect(large.getAttribute('data-zoom')).toBe('1.000');
    fireEvent.keyDown(large.closest('figure')!, { key: '+' });
    await waitFor(() => expect(screen.getByRole('img', { name: t.pageLabel('۲', '۲') }).getAttribute('data-zoom')).toBe('1.250'));
  });

  it('every page tool has a Persian name and an icon drawn, not a font glyph', async () => {
    liveHub([page(1), page(2)]);
    const second = await pageGroup('۲', '۲');
    for (const name of [t.rotateLeft, t.rotateRight, t.split, t.rescan, t.remove]) {
      const button = within(second).getByRole('button', { name });
      expect(button.getAttribute('title')).toBe(name);
      expect(button.querySelector('svg')).not.toBeNull();
      expect(button.textContent?.trim()).toBe('');
    }
  });

  it('scans with the office’s profile for the document type, changeable for one scan', async () => {
    const hub = renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([])),
      'scanner.get': () => setting,
      'scanProfiles.get': () => out({ profiles: [{ documentType: 'identity', dpi: 600, colorMode: 'color', source: 'flatbed' }] }),
      'capture.start': () => out({ jobId: '11111111-1111-4111-8111-111111111111' }),
    });
    await screen.findByText(t.empty);
    fireEvent.change(screen.getByLabelText(t.nextDocument), { target: { value: 'identity' } });
    await screen.findByText(t.profileUsed(fa.documentTypes.identity));
    expect((screen.getByLabelText(fa.scannerSetup.dpi) as HTMLSelectElement).value).toBe('600');
    fireEvent.keyDown(window, { key: 'Insert' });
    await waitFor(() => expect(hub.callsTo('capture.start')).toHaveLength(1));
    expect(hub.callsTo('capture.start')[0]!.input).toEqual({ requestId: REQ, counterId: 1, documentType: 'identity', source: 'flatbed', dpi: 600, colorMode: 'color' });
    await waitFor(() => expect(screen.getByRole('button', { name: `${t.scan} Insert` })).not.toBeDisabled());
    fireEvent.change(screen.getByLabelText(fa.scannerSetup.dpi), { target: { value: '300' } });
    expect(screen.getByText(t.profileChanged)).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Insert' });
    await waitFor(() => expect(hub.callsTo('capture.start')).toHaveLength(2));
    expect(hub.callsTo('capture.start')[1]!.input).toMatchObject({ documentType: 'identity', dpi: 300, colorMode: 'color' });
  });
});

describe('«پایان اسکن» from the keyboard', () => {
  it('End finishes the scan, as the F1 sheet says', async () => {
    const finish = vi.fn(() => out(view([page(1)])));
    renderWithHub(<CaptureStep request={request} onChange={() => {}} />, {
      'capture.view': () => out(view([page(1)])),
      'scanner.get': () => setting,
      'capture.image': () => jpeg,
      'capture.finish': finish,
      'request.get': () => out({ ...request, status: 'documentsCaptured' }),
    });
    await screen.findByRole('button', { name: t.finish });
    fireEvent.keyDown(window, { key: 'End' });
    await waitFor(() => expect(finish).toHaveBeenCalledOnce());
    expect(fa.counter.shortcuts.some(([key]) => key === 'End')).toBe(true);
  });
});
