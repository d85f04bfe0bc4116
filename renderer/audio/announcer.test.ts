import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_CLIP_IDS, announcementClips, type AnnouncedCall } from '../../core/queue/announcement';
import {
  Announcer,
  DEFAULT_GAPS,
  announcementTimeline,
  type AnnouncerOptions,
  type AudioBufferLike,
  type AudioContextLike,
  type AudioSourceLike,
  type FetchLike,
} from './announcer';

// A fake Web Audio whose clock moves only when the test says so, and a fake server of the clip set.

const durationMs = (id: string) => (id === 'chime' ? 600 : 400);

interface FakeBuffer extends AudioBufferLike {
  clip: string;
}

class FakeSource implements AudioSourceLike {
  buffer: FakeBuffer | null = null;
  onended: ((ev: Event) => unknown) | null = null;
  startAt: number | undefined;
  stopped = false;
  ended = false;
  constructor(private readonly ctx: FakeContextBase) {}
  connect(): unknown {
    return undefined;
  }
  start(when = 0): void {
    this.startAt = when;
    this.ctx.sources.push(this);
  }
  stop(): void {
    this.stopped = true;
  }
  get endAt(): number {
    return this.startAt! + this.buffer!.duration;
  }
}

abstract class FakeContextBase implements AudioContextLike {
  state: 'suspended' | 'running' | 'closed' = 'running';
  currentTime = 0;
  readonly destination = {} as AudioNode;
  readonly sources: FakeSource[] = [];
  /** whether resume() may start the clock: autoplay allowed, or a user gesture happened */
  allowed = true;
  failDecode = false;
  private readonly stateListeners: (() => void)[] = [];

  resume(): Promise<void> {
    if (!this.allowed) return new Promise(() => {}); // as Chrome: pending until a gesture
    this.setState('running');
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.setState('closed');
    return Promise.resolve();
  }
  decodeAudioData(data: ArrayBuffer): Promise<FakeBuffer> {
    const clip = new TextDecoder().decode(data);
    if (this.failDecode) return Promise.reject(new DOMException('Unable to decode audio data', 'EncodingError'));
    return Promise.resolve({ clip, duration: durationMs(clip) / 1000 });
  }
  createBufferSource(): FakeSource {
    return new FakeSource(this);
  }
  addEventListener(_type: 'statechange', listener: () => void): void {
    this.stateListeners.push(listener);
  }
  setState(state: FakeContextBase['state']): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.stateListeners) l();
  }
  /** Moves the clock to `t` seconds; sources that have played to the end fire `ended`, in order. */
  advanceTo(t: number): void {
    this.currentTime = t;
    for (const source of [...this.sources].sort((a, b) => a.endAt - b.endAt)) {
      if (!source.ended && !source.stopped && source.endAt <= t) {
        source.ended = true;
        source.onended?.(new Event('ended'));
      }
    }
  }
}

function fakeAudio(init: { state?: FakeContextBase['state']; allowed?: boolean } = {}) {
  const contexts: FakeContextBase[] = [];
  class FakeAudioContext extends FakeContextBase {
    constructor() {
      super();
      this.state = init.state ?? 'running';
      this.allowed = init.allowed ?? true;
      contexts.push(this);
    }
  }
  return {
    AudioContext: FakeAudioContext,
    get ctx(): FakeContextBase {
      return contexts[0]!;
    },
    contexts,
  };
}

function fakeServer() {
  const manifest = {
    format: 'ogg-vorbis',
    sampleRate: 22050,
    voice: 'fake',
    clips: Object.fromEntries(ALL_CLIP_IDS.map((id) => [id, { file: `${id}.ogg`, durationMs: durationMs(id), input: id }])),
  };
  const requests: string[] = [];
  const server = { requests, down: false };
  const fetch: FetchLike = async (url) => {
    requests.push(url);
    if (server.down) throw new TypeError('Failed to fetch');
    const json = url === '/voice/fa/manifest.json';
    const clip = /^\/voice\/fa\/([a-z0-9-]+)\.ogg$/.exec(url)?.[1];
    const found = json || (clip !== undefined && clip in manifest.clips);
    return {
      ok: found,
      status: found ? 200 : 404,
      json: async () => manifest,
      arrayBuffer: async () => new TextEncoder().encode(clip ?? '').buffer as ArrayBuffer,
    };
  };
  return Object.assign(server, { fetch });
}

const b47: AnnouncedCall = { prefix: 'ب', number: 47, counterNumber: 3 };
const alef12: AnnouncedCall = { prefix: 'الف', number: 12, counterNumber: 1 };

let announcers: Announcer[] = [];
function setup(init: Parameters<typeof fakeAudio>[0] = {}, options: AnnouncerOptions = {}) {
  const audio = fakeAudio(init);
  const server = fakeServer();
  const announcer = new Announcer({ AudioContext: audio.AudioContext, fetch: server.fetch, gestureGraceMs: 0, ...options });
  announcers.push(announcer);
  return { audio, server, announcer, ctx: audio.ctx };
}

afterEach(() => {
  for (const a of announcers) a.close();
  announcers = [];
  vi.useRealTimers();
});

/** The clips scheduled so far, by start time. */
const scheduled = (ctx: FakeContextBase) => [...ctx.sources].sort((a, b) => a.startAt! - b.startAt!);
const lastEnd = (ctx: FakeContextBase) => Math.max(...ctx.sources.map((s) => s.endAt));

/**
 * Lets `calls` play to the end one by one, checking each is scheduled with its own clips only
 * once the one before has ended; returns what `observe` said while each was playing.
 */
async function playThrough<T>(ctx: FakeContextBase, calls: AnnouncedCall[], observe?: () => T): Promise<T[]> {
  const seen: T[] = [];
  let total = 0;
  for (const call of calls) {
    const clips = announcementClips(call);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(total + clips.length));
    expect(ctx.sources.slice(total).map((s) => s.buffer!.clip)).toEqual(clips);
    total += clips.length;
    if (observe) seen.push(observe());
    ctx.advanceTo(lastEnd(ctx));
  }
  return seen;
}

describe('Announcer', () => {
  it('says a call as one gapless sequence: chime, then the words, with short pauses', async () => {
    const { announcer, ctx } = setup();
    expect(announcer.enqueue(b47)).toBe(true);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));

    const clips = announcementClips(b47);
    const sources = scheduled(ctx);
    expect(sources.map((s) => s.buffer!.clip)).toEqual(clips);
    const t0 = sources[0]!.startAt!;
    const { starts } = announcementTimeline(clips, durationMs);
    sources.forEach((s, i) => expect(s.startAt! - t0).toBeCloseTo(starts[i]!.atMs / 1000, 6));
    // after the chime a longer pause than between words; «و» bound closely to its neighbours
    expect(sources[1]!.startAt! - sources[0]!.endAt).toBeCloseTo(DEFAULT_GAPS.afterChime / 1000, 6);
    expect(sources[2]!.startAt! - sources[1]!.endAt).toBeCloseTo(DEFAULT_GAPS.word / 1000, 6);
    expect(sources[4]!.startAt! - sources[3]!.endAt).toBeCloseTo(DEFAULT_GAPS.aroundAnd / 1000, 6);
    expect(announcer.state()).toMatchObject({ playing: b47, pending: 0, needsUserGesture: false, unavailable: false });
  });

  it('plays calls strictly one after another: a new call never cuts the current one off', async () => {
    const { announcer, ctx } = setup();
    announcer.enqueue(b47);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));
    announcer.enqueue(alef12);
    expect(announcer.state()).toMatchObject({ playing: b47, pending: 1 });

    const firstEnd = lastEnd(ctx);
    ctx.advanceTo(firstEnd - 0.01);
    await new Promise((r) => setTimeout(r, 10));
    expect(ctx.sources).toHaveLength(8); // the second has not started
    expect(ctx.sources.some((s) => s.stopped)).toBe(false);
    expect(announcer.state().playing).toEqual(b47);

    ctx.advanceTo(firstEnd);
    const second = announcementClips(alef12);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8 + second.length));
    expect(announcer.state()).toMatchObject({ playing: alef12, pending: 0 });
    const secondStart = Math.min(...ctx.sources.slice(8).map((s) => s.startAt!));
    expect(secondStart).toBeGreaterThanOrEqual(firstEnd + DEFAULT_GAPS.betweenAnnouncements / 1000 - 1e-9);
    expect(ctx.sources.slice(8).map((s) => s.buffer!.clip)).toEqual(second);

    ctx.advanceTo(lastEnd(ctx));
    await vi.waitFor(() => expect(announcer.state()).toMatchObject({ playing: null, pending: 0 }));
  });

  it('announces a recall again, after whatever is already queued, starting with «تکرار»', async () => {
    const { announcer, ctx } = setup();
    announcer.enqueue(b47);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));
    announcer.enqueue({ ...b47, recall: true });
    expect(announcer.state().pending).toBe(1);

    ctx.advanceTo(lastEnd(ctx));
    const recall = announcementClips({ ...b47, recall: true });
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8 + recall.length));
    expect(ctx.sources.slice(8).map((s) => s.buffer!.clip)).toEqual(recall);
    expect(announcer.state().playing).toEqual({ ...b47, recall: true });
  });

  it('asks for a user gesture while the browser keeps the context suspended, and plays after unlock()', async () => {
    const { announcer, ctx } = setup({ state: 'suspended', allowed: false });
    const seen: boolean[] = [];
    announcer.onChange((s) => seen.push(s.needsUserGesture));
    expect(announcer.state().needsUserGesture).toBe(true);

    announcer.enqueue(b47);
    await new Promise((r) => setTimeout(r, 10));
    expect(ctx.sources).toHaveLength(0);
    expect(announcer.state()).toMatchObject({ playing: null, pending: 1, needsUserGesture: true });

    announcer.unlock(); // without a gesture nothing changes…
    await new Promise((r) => setTimeout(r, 10));
    expect(announcer.state().needsUserGesture).toBe(true);
    expect(ctx.sources).toHaveLength(0);

    ctx.allowed = true; // …with one (the click on «فعال‌سازی صدا») it starts
    announcer.unlock();
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));
    expect(announcer.state()).toMatchObject({ needsUserGesture: false, playing: b47 });
    expect(seen.at(-1)).toBe(false);
  });

  it('does not ask for a gesture while a context that may autoplay is still starting', () => {
    vi.useFakeTimers();
    const electron = setup({ state: 'suspended', allowed: true }, { gestureGraceMs: 500 });
    const browser = setup({ state: 'suspended', allowed: false }, { gestureGraceMs: 500 });
    expect(electron.announcer.state().needsUserGesture).toBe(false);
    expect(browser.announcer.state().needsUserGesture).toBe(false);
    vi.advanceTimersByTime(500);
    expect(electron.announcer.state().needsUserGesture).toBe(false);
    expect(browser.announcer.state().needsUserGesture).toBe(true);
  });

  it('marks sound unavailable when the clips cannot be fetched, without throwing, and recovers', async () => {
    const { announcer, ctx, server } = setup();
    server.down = true;
    expect(() => announcer.enqueue(b47)).not.toThrow();
    await vi.waitFor(() => expect(announcer.state()).toMatchObject({ unavailable: true, playing: null, pending: 0 }));
    expect(ctx.sources).toHaveLength(0);

    server.down = false;
    announcer.enqueue(b47);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));
    expect(announcer.state().unavailable).toBe(false);
  });

  it('marks sound unavailable when the clips cannot be decoded', async () => {
    const { announcer, ctx } = setup();
    ctx.failDecode = true;
    announcer.enqueue(b47);
    await vi.waitFor(() => expect(announcer.state()).toMatchObject({ unavailable: true, playing: null }));
    expect(ctx.sources).toHaveLength(0);
  });

  it('marks sound unavailable when the manifest is not a voice manifest', async () => {
    const audio = fakeAudio();
    const announcer = new Announcer({
      AudioContext: audio.AudioContext,
      fetch: async () => ({ ok: true, status: 200, json: async () => ({ clips: 'nope' }), arrayBuffer: async () => new ArrayBuffer(0) }),
      gestureGraceMs: 0,
    });
    announcers.push(announcer);
    announcer.enqueue(b47);
    await vi.waitFor(() => expect(announcer.state()).toMatchObject({ unavailable: true, playing: null }));
  });

  it('is unavailable where there is no Web Audio, and enqueue() just says no', () => {
    const announcer = new Announcer({ AudioContext: null, fetch: fakeServer().fetch });
    announcers.push(announcer);
    expect(announcer.state()).toEqual({ playing: null, pending: 0, needsUserGesture: false, unavailable: true });
    expect(announcer.enqueue(b47)).toBe(false);
    expect(announcer.state().pending).toBe(0);
  });

  it('refuses a call it cannot say (unknown prefix) instead of throwing', () => {
    const { announcer } = setup();
    expect(announcer.enqueue({ prefix: 'Q', number: 1, counterNumber: 1 })).toBe(false);
    expect(announcer.enqueue({ prefix: 'ب', number: 1000, counterNumber: 1 })).toBe(false);
    expect(announcer.state().pending).toBe(0);
  });

  it('fetches the manifest and each clip once, and decodes it once', async () => {
    const { announcer, ctx, server } = setup();
    const calls = [b47, b47, { prefix: 'ب', number: 3, counterNumber: 3 }]; // the last says «سه» twice
    for (const call of calls) announcer.enqueue(call);
    await playThrough(ctx, calls);
    await vi.waitFor(() => expect(announcer.state().playing).toBeNull());
    expect(server.requests.filter((u) => u.endsWith('manifest.json'))).toHaveLength(1);
    expect(new Set(server.requests).size).toBe(server.requests.length);
  });

  it('keeps at most maxPending calls waiting, dropping the oldest waiting ones, never the one playing', async () => {
    const { announcer, ctx } = setup({}, { maxPending: 5 });
    announcer.enqueue({ prefix: 'ب', number: 0, counterNumber: 1 });
    await vi.waitFor(() => expect(announcer.state().playing?.number).toBe(0));
    for (let n = 1; n <= 12; n++) announcer.enqueue({ prefix: 'ب', number: n, counterNumber: 1 });
    expect(announcer.state()).toMatchObject({ pending: 5 });
    expect(announcer.state().playing?.number).toBe(0);

    const expected = [0, 8, 9, 10, 11, 12].map((number) => ({ prefix: 'ب', number, counterNumber: 1 }));
    const said = await playThrough(ctx, expected, () => announcer.state().playing?.number);
    expect(said).toEqual([0, 8, 9, 10, 11, 12]);
    await vi.waitFor(() => expect(announcer.state()).toMatchObject({ playing: null, pending: 0 }));
    expect(ctx.sources.some((s) => s.stopped)).toBe(false);
  });

  it('defaults to 20 waiting calls', () => {
    const { announcer } = setup({ state: 'suspended', allowed: false });
    for (let n = 1; n <= 30; n++) announcer.enqueue({ prefix: 'ب', number: n, counterNumber: 1 });
    expect(announcer.state().pending).toBe(20);
  });

  it('skips calls that waited longer than maxAgeMs (e.g. while sound was locked)', async () => {
    let now = 1_000_000;
    const { announcer, ctx } = setup({ state: 'suspended', allowed: false }, { now: () => now, maxAgeMs: 60_000 });
    announcer.enqueue(b47);
    now += 61_000;
    announcer.enqueue(alef12);
    ctx.allowed = true;
    announcer.unlock();
    await vi.waitFor(() => expect(announcer.state().playing).toEqual(alef12));
    expect(announcer.state().pending).toBe(0);
  });

  it('stops sound and forgets the queue on close()', async () => {
    const { announcer, ctx } = setup();
    announcer.enqueue(b47);
    announcer.enqueue(alef12);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));
    announcer.close();
    expect(ctx.sources.every((s) => s.stopped)).toBe(true);
    expect(ctx.state).toBe('closed');
    expect(announcer.state()).toMatchObject({ playing: null, pending: 0 });
    expect(announcer.enqueue(b47)).toBe(false);
  });

  it('hands out the same state object until something changes', async () => {
    const { announcer, ctx } = setup();
    const first = announcer.state();
    expect(announcer.state()).toBe(first);
    announcer.enqueue(b47);
    expect(announcer.state()).not.toBe(first);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));
  });
});

describe('Announcer.speak: the kiosk guidance in the same voice', () => {
  it('says a sentence of clips after what is being said, and refuses ids not in the clip set', async () => {
    const { announcer, ctx } = setup();
    announcer.enqueue(b47);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(8));
    expect(announcer.speak(['guide-your-number', 'letter-be', 'num-40', 'and', 'num-7'])).toBe(true);
    expect(announcer.state()).toMatchObject({ playing: b47, pending: 1 });
    ctx.advanceTo(lastEnd(ctx));
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(13));
    expect(ctx.sources.slice(8).map((s) => s.buffer!.clip)).toEqual(['guide-your-number', 'letter-be', 'num-40', 'and', 'num-7']);
    // not a call: nothing is «playing» for the board's sake
    expect(announcer.state().playing).toBeNull();
    expect(announcer.speak(['guide-nonsense'])).toBe(false);
    expect(announcer.speak([])).toBe(false);
  });

  it('drops what waits on clear(), so a newer sentence is not said after an old one', async () => {
    const { announcer, ctx } = setup();
    announcer.speak(['guide-welcome']);
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(1));
    announcer.speak(['guide-priority']);
    announcer.speak(['guide-take-ticket']);
    announcer.clear();
    announcer.speak(['guide-priority-on']);
    ctx.advanceTo(lastEnd(ctx));
    await vi.waitFor(() => expect(ctx.sources).toHaveLength(2));
    expect(ctx.sources.map((s) => s.buffer!.clip)).toEqual(['guide-welcome', 'guide-priority-on']);
  });

  it('says nothing where there is no Web Audio', () => {
    const announcer = new Announcer({ AudioContext: null });
    expect(announcer.speak(['guide-welcome'])).toBe(false);
  });
});
