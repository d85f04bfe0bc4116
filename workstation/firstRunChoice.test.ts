import { describe, expect, it } from 'vitest';
import { FirstRunChoice } from './firstRun';

describe('the first run’s choice, made once', () => {
  it('a try holds it while it runs; a failed one gives it back; a successful one keeps it', async () => {
    const choice = new FirstRunChoice();
    let finish: (ok: boolean) => void = () => {};
    const first = choice.attempt(() => new Promise<{ ok: boolean }>((r) => (finish = (ok) => r({ ok }))));
    // while the first runs: neither another try nor becoming the hub
    expect(await choice.attempt(async () => ({ ok: true }))).toBeNull();
    expect(choice.take()).toBe(false);
    finish(false);
    expect(await first).toEqual({ ok: false });
    // given back: a thrown try gives it back too
    await expect(choice.attempt(async () => Promise.reject(new Error('disk')))).rejects.toThrow('disk');
    expect(await choice.attempt(async () => ({ ok: true }))).toEqual({ ok: true });
    expect(choice.take()).toBe(false);
    expect(await choice.attempt(async () => ({ ok: true }))).toBeNull();
  });
});
