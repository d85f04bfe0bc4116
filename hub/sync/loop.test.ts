import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { EventBus } from '../events';
import { silentLogger } from '../log';
import { initialState, resolveOptions, type SyncOptions } from './context';
import { SyncLoop, type LoopSteps } from './loop';

const db = openDatabase(':memory:');
const loops: SyncLoop[] = [];

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const until = async (ok: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

function loopWith(steps: Partial<LoopSteps>, options: SyncOptions = {}) {
  const events = new EventBus();
  const state = initialState();
  const noop = () => Promise.resolve();
  const loop = new SyncLoop(
    { db, now: () => new Date(), log: silentLogger, events, opts: resolveOptions({ watchdogMs: 60_000, pullMs: 60_000, ...options }), state },
    { round: noop, probe: noop, pull: noop, purge: noop, ...steps },
  );
  loops.push(loop);
  return { loop, events, state };
}

afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.close()));
});

describe('the outbox loop', () => {
  it('runs one more round right after the current one, however many kicks came during it', async () => {
    const first = gate();
    let rounds = 0;
    const { loop } = loopWith({
      round: async () => {
        rounds++;
        if (rounds === 1) await first.opened;
      },
    });
    loop.kick();
    await until(() => rounds === 1);
    loop.kick();
    loop.kick();
    loop.kick();
    await new Promise((r) => setTimeout(r, 20));
    expect(rounds).toBe(1);
    first.open();
    await until(() => rounds === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(rounds).toBe(2);
  });

  it('tells the screens once for a burst of changes, and again for a later one', async () => {
    const { loop, events } = loopWith({});
    let told = 0;
    events.on('sync.changed', () => told++);
    for (let i = 0; i < 5; i++) loop.changed();
    await until(() => told === 1);
    await new Promise((r) => setTimeout(r, 250));
    expect(told).toBe(1);
    loop.changed();
    await until(() => told === 2);
  });

  it('gives a pull asked for while one runs that same pull', async () => {
    const held = gate();
    let pulls = 0;
    const { loop } = loopWith({
      pull: async () => {
        pulls++;
        await held.opened;
      },
    });
    const a = loop.pull();
    const b = loop.pull();
    expect(b).toBe(a);
    held.open();
    await a;
    await loop.pull();
    expect(pulls).toBe(2);
  });

  it('without autoStart starts no round on a kick; runOnce runs one and waits for it', async () => {
    let rounds = 0;
    const { loop } = loopWith({ round: async () => void rounds++ }, { autoStart: false });
    loop.kick();
    await new Promise((r) => setTimeout(r, 20));
    expect(rounds).toBe(0);
    await loop.runOnce();
    expect(rounds).toBe(1);
  });

  it('at close cuts the calls in flight, waits for the round, and then starts and tells nothing', async () => {
    let rounds = 0;
    let cut = false;
    const { loop, events, state } = loopWith({
      round: () =>
        new Promise<void>((resolve) => {
          rounds++;
          loop.abort.signal.addEventListener('abort', () => {
            cut = true;
            resolve();
          });
        }),
    });
    loop.kick();
    await until(() => rounds === 1);
    await loop.close();
    expect(cut).toBe(true);
    expect(state.closed).toBe(true);
    let told = 0;
    events.on('sync.changed', () => told++);
    loop.kick();
    loop.changed();
    await new Promise((r) => setTimeout(r, 300));
    expect(rounds).toBe(1);
    expect(told).toBe(0);
  });
});
