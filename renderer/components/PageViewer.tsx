import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { toPersianDigits } from '../../core/text/digits';
import { fa } from '../i18n/fa';

/** How far the page may be enlarged, and each step of +/−. */
export const MIN_ZOOM = 1;
export const MAX_ZOOM = 6;
const STEP = 1.25;
/** How far a finger must travel across an unzoomed page to turn it. */
const SWIPE_PX = 60;

interface View {
  /** 1 = the whole page fits the frame */
  scale: number;
  /** the page's shift from the frame's centre, in screen pixels */
  x: number;
  y: number;
}

const FIT: View = { scale: 1, x: 0, y: 0 };

/** Keeps the page over the frame: at scale s it may move at most (s − 1)·size/2 each way. */
function clamp(v: View, width: number, height: number): View {
  const scale = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v.scale));
  if (scale === 1) return FIT;
  const mx = ((scale - 1) * width) / 2;
  const my = ((scale - 1) * height) / 2;
  return { scale, x: Math.max(-mx, Math.min(mx, v.x)), y: Math.max(-my, Math.min(my, v.y)) };
}

/** The view after zooming to `scale` around a point (relative to the frame's centre) that stays put. */
function zoomAround(v: View, scale: number, px: number, py: number): View {
  const s = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, scale));
  return { scale: s, x: px - (s * (px - v.x)) / v.scale, y: py - (s * (py - v.y)) / v.scale };
}

/**
 * One scanned page, as large as its frame allows, that can be enlarged and moved over: by pinching
 * (two fingers; pointer events, so touch screens and pens alike), the mouse wheel, the keys + − 0
 * (when the frame has the focus, or always with `globalKeys`) and the buttons in its corner. Dragging
 * moves an enlarged page; on a page at its normal size, a swipe calls `onSwipe` (the review turns
 * the page with it). Used by the applicant's review and the counter's capture step alike.
 */
export function PageViewer({
  src,
  alt,
  placeholder,
  onSwipe,
  globalKeys = false,
  className,
}: {
  /** the image, or null while it loads (then `placeholder` shows) */
  src: string | null;
  alt: string;
  placeholder?: ReactNode;
  /** a swipe across the page at its normal size: +1 drawn to the right, −1 to the left */
  onSwipe?: (direction: 1 | -1) => void;
  /** + − 0 act wherever the focus is (the applicant's screen has no other use for them) */
  globalKeys?: boolean;
  className?: string;
}) {
  const t = fa.pageViewer;
  const frame = useRef<HTMLElement>(null);
  const [view, setView] = useState<View>(FIT);
  const viewRef = useRef(view);
  viewRef.current = view;

  // another page: back to the whole page
  useEffect(() => setView(FIT), [src]);

  const size = () => {
    const r = frame.current?.getBoundingClientRect();
    return { width: r?.width ?? 0, height: r?.height ?? 0, left: r?.left ?? 0, top: r?.top ?? 0 };
  };
  const apply = useCallback((next: View) => {
    const { width, height } = size();
    setView(clamp(next, width, height));
  }, []);

  const zoomBy = useCallback((factor: number) => apply(zoomAround(viewRef.current, viewRef.current.scale * factor, 0, 0)), [apply]);
  const zoomIn = useCallback(() => zoomBy(STEP), [zoomBy]);
  const zoomOut = useCallback(() => zoomBy(1 / STEP), [zoomBy]);
  const fit = useCallback(() => setView(FIT), []);

  /** + − 0 (= and the keypad's too); true when the key was one of them. */
  const zoomKey = useCallback(
    (key: string): boolean => {
      if (key === '+' || key === '=') zoomIn();
      else if (key === '-' || key === '_' || key === '−') zoomOut();
      else if (key === '0' || key === '۰') fit();
      else return false;
      return true;
    },
    [zoomIn, zoomOut, fit],
  );

  useEffect(() => {
    if (!globalKeys) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      if (zoomKey(e.key)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [globalKeys, zoomKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (globalKeys || e.altKey || e.ctrlKey || e.metaKey) return;
    if (zoomKey(e.key)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  // The wheel zooms around the pointer. React's wheel listener is passive, so this one is added by
  // hand to be allowed to keep the page from scrolling.
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (e.deltaY === 0) return;
      e.preventDefault();
      const { width, height, left, top } = size();
      const factor = e.deltaY < 0 ? STEP : 1 / STEP;
      const v = viewRef.current;
      const px = Number.isFinite(e.clientX) ? e.clientX - left - width / 2 : 0;
      const py = Number.isFinite(e.clientY) ? e.clientY - top - height / 2 : 0;
      setView(clamp(zoomAround(v, v.scale * factor, px, py), width, height));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // Pointers down on the frame: one drags (or swipes), two pinch.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ kind: 'drag'; from: { x: number; y: number }; start: View } | { kind: 'pinch'; distance: number; start: View; mid: { x: number; y: number } } | null>(null);
  const swipeFrom = useRef<number | null>(null);

  const startGesture = () => {
    const pts = [...pointers.current.values()];
    if (pts.length >= 2) {
      const [a, b] = pts as [{ x: number; y: number }, { x: number; y: number }];
      const { width, height, left, top } = size();
      gesture.current = {
        kind: 'pinch',
        distance: Math.hypot(a.x - b.x, a.y - b.y) || 1,
        start: viewRef.current,
        mid: { x: (a.x + b.x) / 2 - left - width / 2, y: (a.y + b.y) / 2 - top - height / 2 },
      };
      swipeFrom.current = null;
    } else if (pts.length === 1) {
      gesture.current = { kind: 'drag', from: pts[0]!, start: viewRef.current };
    } else gesture.current = null;
  };

  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 1) swipeFrom.current = e.clientX;
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    startGesture();
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    if (!pointers.current.has(e.pointerId)) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = gesture.current;
    if (!g) return;
    const { width, height } = size();
    if (g.kind === 'pinch') {
      const [a, b] = [...pointers.current.values()] as [{ x: number; y: number }, { x: number; y: number }];
      const ratio = Math.hypot(a.x - b.x, a.y - b.y) / g.distance;
      setView(clamp(zoomAround(g.start, g.start.scale * ratio, g.mid.x, g.mid.y), width, height));
    } else if (g.start.scale > 1) {
      setView(clamp({ ...g.start, x: g.start.x + e.clientX - g.from.x, y: g.start.y + e.clientY - g.from.y }, width, height));
    }
  };
  const onPointerEnd = (e: PointerEvent<HTMLElement>) => {
    if (!pointers.current.delete(e.pointerId)) return;
    const from = swipeFrom.current;
    if (pointers.current.size === 0) {
      swipeFrom.current = null;
      gesture.current = null;
      if (from !== null && e.type === 'pointerup' && viewRef.current.scale === 1 && onSwipe) {
        const dx = e.clientX - from;
        if (dx > SWIPE_PX) onSwipe(1);
        else if (dx < -SWIPE_PX) onSwipe(-1);
      }
    } else startGesture();
  };

  const zoomed = view.scale > 1;
  const percent = `${toPersianDigits(Math.round(view.scale * 100))}٪`;
  return (
    <div className={`page-viewer${zoomed ? ' page-viewer-zoomed' : ''}${className ? ` ${className}` : ''}`}>
      <figure
        ref={frame}
        className="page-viewer-frame"
        tabIndex={0}
        role="group"
        aria-label={t.frame}
        aria-describedby="page-viewer-keys"
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onDoubleClick={() => (zoomed ? fit() : zoomIn())}
      >
        {src ? (
          <img
            src={src}
            alt={alt}
            draggable={false}
            className="page-viewer-image"
            data-zoom={view.scale.toFixed(3)}
            style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
          />
        ) : (
          placeholder
        )}
      </figure>
      <div className="page-viewer-tools" role="toolbar" aria-label={t.tools}>
        <button type="button" className="icon-button page-viewer-tool" onClick={zoomOut} disabled={view.scale <= MIN_ZOOM} title={t.zoomOut} aria-label={t.zoomOut}>
          <ZoomIcon minus />
        </button>
        <output className="page-viewer-level" aria-live="polite" aria-label={t.level}>
          {percent}
        </output>
        <button type="button" className="icon-button page-viewer-tool" onClick={zoomIn} disabled={view.scale >= MAX_ZOOM} title={t.zoomIn} aria-label={t.zoomIn}>
          <ZoomIcon />
        </button>
        <button type="button" className="icon-button page-viewer-tool page-viewer-fit" onClick={fit} disabled={!zoomed} title={t.fit} aria-label={t.fit}>
          {t.fitShort}
        </button>
      </div>
      <p id="page-viewer-keys" className="visually-hidden">
        {t.keys}
      </p>
    </div>
  );
}

function ZoomIcon({ minus = false }: { minus?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
      <circle cx="10" cy="10" r="6.5" />
      <path d="M15 15l6 6M7 10h6" />
      {!minus && <path d="M10 7v6" />}
    </svg>
  );
}
