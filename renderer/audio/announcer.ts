/**
 * The board's voice: each call is said as «شماره ب ۴۷ به باجه ۳» from recorded clips
 * (core/queue/announcement.ts names them, scripts/generate-voice-clips.ts makes them,
 * docs/VOICE.md explains both). Announcements play strictly one after another, so a new call
 * never cuts one off; each is scheduled on the Web Audio clock as one gapless sequence.
 *
 * Sound is a nicety on top of the numbers on screen, so nothing here throws at the board: with no
 * AudioContext, or clips that cannot be fetched or decoded, the state says `unavailable` and calls
 * are dropped silently. Browsers start an AudioContext suspended until the page gets a click
 * (Electron's board window is exempt): `needsUserGesture` tells the board to show «فعال‌سازی صدا»,
 * whose click handler calls `unlock()`.
 */
import {
  ALL_CLIP_IDS,
  announcementClips,
  voiceManifestSchema,
  type AnnouncedCall,
  type VoiceManifest,
} from '../../core/queue/announcement';

/** What the board shows about the voice. A new object on every change, the same object otherwise (fit for useSyncExternalStore). */
export interface AnnouncerState {
  /** the call being said now */
  playing: AnnouncedCall | null;
  /** calls waiting to be said */
  pending: number;
  /** the browser holds sound back until someone clicks: show «فعال‌سازی صدا» and call unlock() */
  needsUserGesture: boolean;
  /** no sound on this screen (no Web Audio, or the clips failed to load); calls are shown, not said */
  unavailable: boolean;
}

// The parts of Web Audio and fetch the announcer uses, so tests can fake them; the browser's own
// AudioContext and fetch fit these shapes.
export interface AudioBufferLike {
  readonly duration: number;
}
export interface AudioSourceLike {
  buffer: AudioBufferLike | null;
  onended: ((ev: Event) => unknown) | null;
  connect(destination: AudioNode): unknown;
  start(when?: number): void;
  stop(when?: number): void;
}
export interface AudioContextLike {
  readonly state: string;
  readonly currentTime: number;
  readonly destination: AudioNode;
  resume(): Promise<void>;
  close(): Promise<void>;
  decodeAudioData(data: ArrayBuffer): Promise<AudioBufferLike>;
  createBufferSource(): AudioSourceLike;
  addEventListener(type: 'statechange', listener: () => void): void;
}
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
export type FetchLike = (url: string) => Promise<FetchResponseLike>;

/** Pauses inside an announcement, in ms, chosen by ear for how Persian is said aloud. */
export interface AnnouncementGaps {
  /** between ordinary words */
  word: number;
  /** after the chime, before «شماره» */
  afterChime: number;
  /** after «تکرار», the comma in «تکرار، شماره …» */
  afterRepeat: number;
  /** before «به باجه»: the ticket and the counter are two pieces of information */
  beforeCounter: number;
  /** on either side of «و»: it is the unstressed -o of «چهلُ هفت», bound to its neighbours */
  aroundAnd: number;
  /** between two announcements */
  betweenAnnouncements: number;
}

export const DEFAULT_GAPS: Readonly<AnnouncementGaps> = {
  word: 80,
  afterChime: 200,
  afterRepeat: 250,
  beforeCounter: 160,
  aroundAnd: 20,
  betweenAnnouncements: 700,
};

/** Where each clip starts within one announcement (ms from its start), and how long the whole lasts. */
export function announcementTimeline(
  clips: readonly string[],
  durationMs: (clip: string) => number,
  gaps: AnnouncementGaps = DEFAULT_GAPS,
): { starts: { clip: string; atMs: number }[]; totalMs: number } {
  const starts: { clip: string; atMs: number }[] = [];
  let at = 0;
  clips.forEach((clip, i) => {
    if (i > 0) at += gapBetween(clips[i - 1]!, clip, gaps);
    starts.push({ clip, atMs: at });
    at += durationMs(clip);
  });
  return { starts, totalMs: at };
}

function gapBetween(previous: string, next: string, gaps: AnnouncementGaps): number {
  if (previous === 'chime') return gaps.afterChime;
  if (previous === 'phrase-repeat') return gaps.afterRepeat;
  if (previous === 'and' || next === 'and') return gaps.aroundAnd;
  if (next === 'phrase-to-counter') return gaps.beforeCounter;
  return gaps.word;
}

export interface AnnouncerOptions {
  /** the AudioContext class; default the browser's; `null` = no Web Audio here */
  AudioContext?: (new () => AudioContextLike) | null;
  /** default the browser's fetch */
  fetch?: FetchLike;
  /** where manifest.json and the clips are served; default `/voice/fa/` (renderer/public/voice/fa) */
  baseUrl?: string;
  /** calls kept waiting at most; beyond it the oldest waiting ones are dropped (docs/VOICE.md) */
  maxPending?: number;
  /** a call waiting longer than this is not said any more (ms); the screen still shows it */
  maxAgeMs?: number;
  gaps?: AnnouncementGaps;
  /**
   * How long a new context may take to start by itself before the board is told it needs a click
   * (ms). Where autoplay is allowed the context is 'suspended' for a moment after construction;
   * without this grace the «فعال‌سازی صدا» button would flash on every start of the Electron board.
   */
  gestureGraceMs?: number;
  /** for tests: the wall clock, for maxAgeMs */
  now?: () => number;
}

interface Entry {
  /** the call, or null for guidance (Announcer.speak) */
  call: AnnouncedCall | null;
  clips: string[];
  enqueuedAt: number;
}

/** Time from scheduling to the first sound, so the first clip's start is never in the past. */
const LEAD_S = 0.05;

export class Announcer {
  private readonly ctx: AudioContextLike | null;
  private readonly fetch: FetchLike | null;
  private readonly baseUrl: string;
  private readonly maxPending: number;
  private readonly maxAgeMs: number;
  private readonly gaps: AnnouncementGaps;
  private readonly now: () => number;

  private readonly queue: Entry[] = [];
  private current: Entry | null = null;
  private playingSources: AudioSourceLike[] = [];
  private finishCurrent: (() => void) | null = null;
  /** audio-clock time the last announcement ends; the next starts a pause after it */
  private lastEndS = 0;
  private loadFailed = false;
  private closed = false;
  /** within the grace period after construction: a suspended context is not yet reported */
  private starting: boolean;
  private startingTimer: ReturnType<typeof setTimeout> | undefined;

  private manifest: Promise<VoiceManifest> | null = null;
  private readonly clips = new Map<string, Promise<AudioBufferLike>>();
  private readonly listeners = new Set<(state: AnnouncerState) => void>();
  private snapshot: AnnouncerState;

  constructor(options: AnnouncerOptions = {}) {
    const Ctx = options.AudioContext === undefined ? browserAudioContext() : options.AudioContext;
    this.fetch = options.fetch ?? (typeof globalThis.fetch === 'function' ? (url) => globalThis.fetch(url) : null);
    this.baseUrl = options.baseUrl ?? '/voice/fa/';
    this.maxPending = options.maxPending ?? 20;
    this.maxAgeMs = options.maxAgeMs ?? 120_000;
    this.gaps = options.gaps ?? DEFAULT_GAPS;
    this.now = options.now ?? Date.now;
    this.ctx = Ctx && this.fetch ? createContext(Ctx) : null;
    const grace = options.gestureGraceMs ?? 500;
    this.starting = this.ctx !== null && grace > 0;
    this.snapshot = this.computeState();
    if (this.ctx) {
      this.ctx.addEventListener('statechange', () => this.changed());
      // Where autoplay is allowed (Electron's board window) this starts the clock at once; in a
      // browser it stays suspended, or resolves later, once someone clicks.
      if (this.ctx.state === 'suspended') this.ctx.resume().catch(() => {});
      if (this.starting) {
        this.startingTimer = setTimeout(() => {
          this.starting = false;
          this.changed();
        }, grace);
      }
    }
  }

  state(): AnnouncerState {
    return this.snapshot;
  }

  /** Calls `listener` with the new state on every change; returns the unsubscribe function. */
  onChange(listener: (state: AnnouncerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Queue a call (or a recall: it is said again like any call) to be announced after those before
   * it. Returns false when it will not be said: no sound here, or a call the clips cannot say
   * (unknown prefix, number out of range). Never throws.
   */
  enqueue(call: AnnouncedCall): boolean {
    if (!this.ctx || this.closed) return false;
    let clips: string[];
    try {
      clips = announcementClips(call);
    } catch {
      return false;
    }
    this.queue.push({ call: { ...call }, clips, enqueuedAt: this.now() });
    // Keep the newest: the person just called is the one walking up now; older calls are on the
    // screen already and a clerk recalls anyone who missed theirs.
    if (this.queue.length > this.maxPending) this.queue.splice(0, this.queue.length - this.maxPending);
    this.changed();
    return true;
  }

  /**
   * Queue a sentence of clips that is not a call: the kiosk's spoken guidance (GUIDANCE, «نوبت شما»
   * + the number) in the board's voice, after whatever is being said. `playing` stays null while it is
   * said. Returns false when it will not be said (no sound here, an id not in the clip set); never throws.
   */
  speak(clips: readonly string[]): boolean {
    if (!this.ctx || this.closed || clips.length === 0 || !clips.every((id) => KNOWN_CLIPS.has(id))) return false;
    this.queue.push({ call: null, clips: [...clips], enqueuedAt: this.now() });
    if (this.queue.length > this.maxPending) this.queue.splice(0, this.queue.length - this.maxPending);
    this.changed();
    return true;
  }

  /** Forget what waits to be said (the kiosk's guidance, overtaken by a newer sentence); what is being said ends. */
  clear(): void {
    this.queue.length = 0;
    this.changed();
  }

  /**
   * Call from a click (or key) handler: lets the browser start sound. Safe to call any time.
   * Returns at once: without a gesture, Chrome's resume() stays pending, so the state (and
   * onChange) is how the board learns that sound started.
   */
  unlock(): void {
    if (!this.ctx || this.closed) return;
    // resume() must be called inside the gesture's handler itself, not after an await.
    this.ctx.resume().then(
      () => this.changed(),
      () => this.changed(), // still suspended: the state keeps asking for a gesture
    );
  }

  /** Fetch and decode every clip now, so the first call is not delayed by loading. */
  async preload(): Promise<void> {
    if (!this.ctx) return;
    try {
      const manifest = await this.loadManifest();
      await Promise.all(Object.keys(manifest.clips).map((id) => this.loadClip(id)));
      this.loadFailed = false;
    } catch {
      this.loadFailed = true;
    }
    this.changed();
  }

  /** Stop sound and forget everything (the board unmounted). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.startingTimer);
    this.queue.length = 0;
    this.stopSources();
    this.finishCurrent?.();
    this.current = null;
    this.ctx?.close().catch(() => {});
    this.changed();
    this.listeners.clear();
  }

  private computeState(): AnnouncerState {
    return {
      playing: this.current?.call ?? null,
      pending: this.queue.length,
      needsUserGesture: this.ctx !== null && !this.closed && !this.starting && this.ctx.state === 'suspended',
      unavailable: this.ctx === null || this.loadFailed,
    };
  }

  /** Recompute the state, tell listeners if it changed, and start the next announcement if it can. */
  private changed(): void {
    const next = this.computeState();
    const prev = this.snapshot;
    if (
      next.playing !== prev.playing ||
      next.pending !== prev.pending ||
      next.needsUserGesture !== prev.needsUserGesture ||
      next.unavailable !== prev.unavailable
    ) {
      this.snapshot = next;
      for (const listener of this.listeners) listener(next);
    }
    this.pump();
  }

  private pump(): void {
    if (!this.ctx || this.closed || this.current || this.ctx.state !== 'running') return;
    let entry: Entry | undefined;
    while ((entry = this.queue.shift())) {
      if (this.now() - entry.enqueuedAt <= this.maxAgeMs) break;
    }
    if (!entry) {
      if (this.snapshot.pending !== 0) this.changed();
      return;
    }
    this.current = entry;
    this.changed();
    void this.play(entry).finally(() => {
      this.current = null;
      this.finishCurrent = null;
      this.changed();
    });
  }

  private async play(entry: Entry): Promise<void> {
    const ctx = this.ctx!;
    let buffers: Map<string, AudioBufferLike>;
    try {
      await this.loadManifest();
      const loaded = await Promise.all(entry.clips.map(async (id) => [id, await this.loadClip(id)] as const));
      buffers = new Map(loaded);
    } catch {
      this.loadFailed = true;
      return;
    }
    if (this.loadFailed) {
      this.loadFailed = false;
      this.changed();
    }
    if (this.closed) return;

    const { starts, totalMs } = announcementTimeline(entry.clips, (id) => buffers.get(id)!.duration * 1000, this.gaps);
    const t0 = Math.max(ctx.currentTime + LEAD_S, this.lastEndS + this.gaps.betweenAnnouncements / 1000);
    this.lastEndS = t0 + totalMs / 1000;
    await new Promise<void>((resolve) => {
      this.finishCurrent = resolve;
      this.playingSources = starts.map(({ clip, atMs }, i) => {
        const source = ctx.createBufferSource();
        source.buffer = buffers.get(clip)!;
        source.connect(ctx.destination);
        // The last clip ends the announcement; every clip ends in order on the same clock.
        if (i === starts.length - 1) source.onended = () => resolve();
        source.start(t0 + atMs / 1000);
        return source;
      });
    });
    this.playingSources = [];
  }

  private stopSources(): void {
    for (const source of this.playingSources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // not started yet, or already stopped
      }
    }
    this.playingSources = [];
  }

  private loadManifest(): Promise<VoiceManifest> {
    this.manifest ??= this.fetchOk('manifest.json')
      .then((res) => res.json())
      .then((json) => voiceManifestSchema.parse(json))
      .catch((error: unknown) => {
        this.manifest = null; // try again with the next call
        throw error;
      });
    return this.manifest;
  }

  private loadClip(id: string): Promise<AudioBufferLike> {
    let clip = this.clips.get(id);
    if (!clip) {
      clip = this.loadManifest()
        .then((manifest) => {
          const entry = manifest.clips[id];
          if (!entry) throw new Error(`the voice manifest has no clip ${id}`);
          return this.fetchOk(entry.file);
        })
        .then((res) => res.arrayBuffer())
        .then((bytes) => this.ctx!.decodeAudioData(bytes))
        .catch((error: unknown) => {
          this.clips.delete(id); // try again with the next call
          throw error;
        });
      this.clips.set(id, clip);
    }
    return clip;
  }

  private async fetchOk(file: string): Promise<FetchResponseLike> {
    const res = await this.fetch!(`${this.baseUrl}${file}`);
    if (!res.ok) throw new Error(`GET ${this.baseUrl}${file}: ${res.status}`);
    return res;
  }
}

const KNOWN_CLIPS: ReadonlySet<string> = new Set(ALL_CLIP_IDS);

function browserAudioContext(): (new () => AudioContextLike) | null {
  // Typed, not cast: if the DOM's AudioContext stops fitting AudioContextLike, this fails to compile.
  const standard: (new () => AudioContextLike) | null = typeof AudioContext === 'function' ? AudioContext : null;
  const webkit = (globalThis as { webkitAudioContext?: new () => AudioContextLike }).webkitAudioContext ?? null;
  return standard ?? webkit;
}

function createContext(Ctx: new () => AudioContextLike): AudioContextLike | null {
  try {
    return new Ctx();
  } catch {
    return null; // e.g. no audio device, or too many contexts
  }
}
