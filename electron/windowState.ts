/**
 * Where each screen's window was, remembered across restarts in userData/window-state.json.
 * The file is a convenience, never a reason to fail: anything unreadable is ignored, and a
 * placement that no current display shows (a monitor was unplugged) is dropped.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { shells, type Shell } from '../core/roles';
import { silentLogger, type Logger } from '../hub/log';

export const WINDOW_STATE_FILE = 'window-state.json';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The parts of Electron's Display we use. */
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

export interface Placement {
  /** the window's normal (not maximised, not full-screen) bounds */
  bounds: Rect;
  maximized: boolean;
  /** the display it was on; full-screen shells return to it */
  displayId?: number | undefined;
}

export type WindowState = Partial<Record<Shell, Placement>>;

const coordinate = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(50).max(100_000);
const placementSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: size, height: size }),
  maximized: z.boolean().default(false),
  displayId: z.number().int().optional(),
});
const fileSchema = z.object({ version: z.literal(1), windows: z.record(z.string(), z.unknown()) });

/** How much of a window must be on a display for it to count as reachable there (px). */
const MIN_VISIBLE = { width: 100, height: 50 };

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

/** The display showing most of `bounds`, when it shows enough of it to grab; else null. */
export function displayShowing(bounds: Rect, displays: readonly DisplayInfo[]): DisplayInfo | null {
  let best: DisplayInfo | null = null;
  let bestArea = 0;
  for (const display of displays) {
    const o = overlap(bounds, display.workArea);
    if (o.width < MIN_VISIBLE.width || o.height < MIN_VISIBLE.height) continue;
    if (o.width * o.height > bestArea) {
      best = display;
      bestArea = o.width * o.height;
    }
  }
  return best;
}

/**
 * A saved placement as it can be used on today's displays: null when no display shows it;
 * otherwise shrunk and moved to fit the display that shows most of it, and without a
 * displayId that no longer exists.
 */
export function placementOnDisplays(placement: Placement, displays: readonly DisplayInfo[]): Placement | null {
  const display = displayShowing(placement.bounds, displays);
  if (!display) return null;
  const area = display.workArea;
  const width = Math.min(placement.bounds.width, area.width);
  const height = Math.min(placement.bounds.height, area.height);
  const x = Math.min(Math.max(placement.bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(placement.bounds.y, area.y), area.y + area.height - height);
  const known = placement.displayId !== undefined && displays.some((d) => d.id === placement.displayId);
  return { bounds: { x, y, width, height }, maximized: placement.maximized, ...(known ? { displayId: placement.displayId } : {}) };
}

/** Read the file; each shell's entry stands alone, so one bad entry does not lose the others. */
export function readWindowState(file: string, displays: readonly DisplayInfo[], log: Logger = silentLogger): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('window state unreadable; using defaults', { error: (err as Error).message });
    return {};
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    log.warn('window state malformed; using defaults', {});
    return {};
  }
  const state: WindowState = {};
  for (const shell of shells) {
    const entry = placementSchema.safeParse(parsed.data.windows[shell]);
    if (!entry.success) continue;
    const fitted = placementOnDisplays(entry.data, displays);
    if (fitted) state[shell] = fitted;
  }
  return state;
}

/** Write atomically (temp file, then rename), so a crash mid-write leaves the old file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ version: 1, windows: state }, null, 2) + '\n', { mode: 0o600 });
  renameSync(temp, file);
}

/** The state in memory, written through on every change. */
export class WindowStateStore {
  private state: WindowState;

  constructor(
    private readonly file: string,
    displays: readonly DisplayInfo[],
    private readonly log: Logger = silentLogger,
  ) {
    this.state = readWindowState(file, displays, log);
  }

  get current(): WindowState {
    return this.state;
  }

  remember(shell: Shell, placement: Placement): void {
    this.state = { ...this.state, [shell]: placement };
    try {
      writeWindowState(this.file, this.state);
    } catch (err) {
      this.log.warn('could not save window state', { error: (err as Error).message });
    }
  }
}
