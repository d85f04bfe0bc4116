import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { PageViewer } from './PageViewer';

const t = fa.pageViewer;
const SRC = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2w==';

function setup(props: Partial<Parameters<typeof PageViewer>[0]> = {}) {
  const utils = render(<PageViewer src={SRC} alt="صفحهٔ ۱" {...props} />);
  const image = screen.getByRole('img', { name: 'صفحهٔ ۱' });
  const frame = image.closest('figure')!;
  // happy-dom lays nothing out: a 400×600 frame at (0,0)
  frame.getBoundingClientRect = () => ({ x: 0, y: 0, left: 0, top: 0, width: 400, height: 600, right: 400, bottom: 600, toJSON: () => ({}) }) as DOMRect;
  const zoom = () => Number(image.getAttribute('data-zoom'));
  const shift = () => /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec(image.style.transform)!.slice(1).map(Number);
  return { ...utils, image, frame, zoom, shift };
}

/** happy-dom's WheelEvent drops the mouse position from its init: set it by hand. */
function wheel(deltaY: number, clientX: number, clientY: number): WheelEvent {
  const e = new WheelEvent('wheel', { deltaY, bubbles: true, cancelable: true });
  Object.defineProperties(e, { clientX: { value: clientX }, clientY: { value: clientY } });
  return e;
}

describe('PageViewer', () => {
  it('+ enlarges, − reduces and 0 brings back the whole page, when the page has the focus', () => {
    const { frame, zoom } = setup();
    expect(zoom()).toBe(1);
    fireEvent.keyDown(frame, { key: '+' });
    expect(zoom()).toBeCloseTo(1.25);
    fireEvent.keyDown(frame, { key: '=' }); // + without Shift
    expect(zoom()).toBeCloseTo(1.5625);
    fireEvent.keyDown(frame, { key: '-' });
    expect(zoom()).toBeCloseTo(1.25);
    expect(screen.getByLabelText(t.level)).toHaveTextContent('۱۲۵٪');
    fireEvent.keyDown(frame, { key: '۰' }); // the Persian layout's 0
    expect(zoom()).toBe(1);
    fireEvent.keyDown(frame, { key: '-' });
    expect(zoom()).toBe(1); // never smaller than the whole page
  });

  it('takes the keys anywhere on the screen with globalKeys, but not from a text field', () => {
    render(<textarea aria-label="توضیح" />);
    const { zoom } = setup({ globalKeys: true });
    fireEvent.keyDown(window, { key: '+' });
    expect(zoom()).toBeCloseTo(1.25);
    fireEvent.keyDown(screen.getByLabelText('توضیح'), { key: '+' });
    expect(zoom()).toBeCloseTo(1.25);
  });

  it('the buttons zoom too, and stop at the largest size', () => {
    const { zoom } = setup();
    expect(screen.getByRole('button', { name: t.fit })).toBeDisabled();
    for (let i = 0; i < 20; i++) fireEvent.click(screen.getByRole('button', { name: t.zoomIn }));
    expect(zoom()).toBe(6);
    expect(screen.getByRole('button', { name: t.zoomIn })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: t.fit }));
    expect(zoom()).toBe(1);
  });

  it('the wheel zooms around the pointer: the point under it stays put', () => {
    const { frame, zoom, shift } = setup();
    // 100 px right of the frame's centre (200, 300)
    fireEvent(frame, wheel(-100, 300, 300));
    expect(zoom()).toBeCloseTo(1.25);
    // the point 100 px from the centre was at 100; at 1.25 it would be at 125 — shifted back by 25
    expect(shift()[0]).toBeCloseTo(-25);
    fireEvent(frame, wheel(100, 300, 300));
    expect(zoom()).toBe(1);
  });

  it('two fingers pinch to enlarge; one finger then moves the enlarged page, within its edges', () => {
    const { frame, zoom, shift } = setup();
    fireEvent.pointerDown(frame, { pointerId: 1, clientX: 150, clientY: 300 });
    fireEvent.pointerDown(frame, { pointerId: 2, clientX: 250, clientY: 300 });
    fireEvent.pointerMove(frame, { pointerId: 2, clientX: 350, clientY: 300 }); // 100 → 200 apart
    fireEvent.pointerMove(frame, { pointerId: 1, clientX: 50, clientY: 300 }); // 300 apart
    expect(zoom()).toBeCloseTo(3);
    fireEvent.pointerUp(frame, { pointerId: 1, clientX: 50, clientY: 300 });
    fireEvent.pointerUp(frame, { pointerId: 2, clientX: 350, clientY: 300 });
    const [x0, y0] = shift();
    fireEvent.pointerDown(frame, { pointerId: 3, clientX: 200, clientY: 300 });
    fireEvent.pointerMove(frame, { pointerId: 3, clientX: 240, clientY: 260 });
    expect(shift()).toEqual([x0! + 40, y0! - 40]);
    fireEvent.pointerMove(frame, { pointerId: 3, clientX: 5000, clientY: 300 });
    expect(shift()[0]).toBe(400); // (3 − 1) × 400 / 2: the page's edge stops at the frame's
    fireEvent.pointerUp(frame, { pointerId: 3, clientX: 5000, clientY: 300 });
  });

  it('a swipe turns the page only while it is at its normal size', () => {
    const onSwipe = vi.fn();
    const { frame } = setup({ onSwipe });
    fireEvent.pointerDown(frame, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerUp(frame, { pointerId: 1, clientX: 220, clientY: 100 });
    expect(onSwipe).toHaveBeenLastCalledWith(1);
    fireEvent.pointerDown(frame, { pointerId: 1, clientX: 300, clientY: 100 });
    fireEvent.pointerUp(frame, { pointerId: 1, clientX: 150, clientY: 100 });
    expect(onSwipe).toHaveBeenLastCalledWith(-1);
    fireEvent.keyDown(frame, { key: '+' });
    fireEvent.pointerDown(frame, { pointerId: 1, clientX: 100, clientY: 100 });
    fireEvent.pointerUp(frame, { pointerId: 1, clientX: 220, clientY: 100 });
    expect(onSwipe).toHaveBeenCalledTimes(2); // moved the enlarged page instead
  });

  it('a new page starts whole', () => {
    const { frame, zoom, rerender } = setup();
    fireEvent.keyDown(frame, { key: '+' });
    expect(zoom()).toBeCloseTo(1.25);
    rerender(<PageViewer src={`${SRC}#2`} alt="صفحهٔ ۱" />);
    expect(zoom()).toBe(1);
  });
});
