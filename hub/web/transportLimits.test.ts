import { describe, expect, it } from 'vitest';
import { ConnectionCount, FrameWatch, sourceAddress } from './transportLimits';

/** A masked client frame: header (7-bit, 16-bit or 64-bit length) + zero mask + payload. */
function frame(length: number, options: { opcode?: number; fin?: boolean; payload?: boolean } = {}): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.opcode ?? 1);
  let head: Buffer;
  if (length < 126) head = Buffer.from([first, 0x80 | length]);
  else if (length < 65_536) {
    head = Buffer.from([first, 0x80 | 126, 0, 0]);
    head.writeUInt16BE(length, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, Buffer.alloc(4), options.payload === false ? Buffer.alloc(0) : Buffer.alloc(length, 0x20)]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function watch(maxMessageBytes = Number.POSITIVE_INFINITY, timeoutMs = 80) {
  const seen = { stalls: 0, tooLarge: 0 };
  const w = new FrameWatch({ timeoutMs, maxMessageBytes: () => maxMessageBytes, onStall: () => seen.stalls++, onTooLarge: () => seen.tooLarge++ });
  return { w, seen };
}

describe('FrameWatch', () => {
  it('follows frames split anywhere, byte by byte included, and arms no timer between messages', async () => {
    const { w, seen } = watch();
    const stream = Buffer.concat([frame(5), frame(300), frame(70_000), frame(0), frame(2, { opcode: 9 })]);
    for (let i = 0; i < 20; i++) w.push(stream.subarray(i, i + 1));
    w.push(stream.subarray(20));
    expect(w.pendingMessageBytes).toBe(0);
    await sleep(150);
    expect(seen).toEqual({ stalls: 0, tooLarge: 0 });
  });

  it('a message whose bytes stop coming stalls once, however many still trickle in', async () => {
    const { w, seen } = watch();
    const f = frame(1000);
    w.push(f.subarray(0, 500));
    expect(w.pendingMessageBytes).toBe(1000);
    for (let i = 0; i < 6; i++) {
      await sleep(20);
      w.push(f.subarray(500 + i, 501 + i));
    }
    await sleep(60);
    expect(seen.stalls).toBe(1);
    w.push(f.subarray(506));
    expect(seen.stalls).toBe(1);
  });

  it('a fragmented message is one message: control frames between fragments do not end it', async () => {
    const { w, seen } = watch();
    w.push(frame(10, { fin: false }));
    w.push(frame(0, { opcode: 9 })); // ping
    w.push(frame(10, { opcode: 0, fin: false }));
    expect(w.pendingMessageBytes).toBe(20);
    await sleep(120);
    expect(seen.stalls).toBe(1);
  });

  it('a fragmented message finished in time stalls nothing', async () => {
    const { w, seen } = watch();
    w.push(frame(10, { fin: false }));
    await sleep(30);
    w.push(frame(10, { opcode: 0, fin: true }));
    expect(w.pendingMessageBytes).toBe(0);
    await sleep(120);
    expect(seen.stalls).toBe(0);
  });

  it('refuses a message announcing more than the limit, fragments summed, as soon as its header says so', () => {
    const one = watch(16 * 1024);
    one.w.push(frame(3_000_000, { payload: false }).subarray(0, 14));
    expect(one.seen.tooLarge).toBe(1);
    const fragments = watch(16 * 1024);
    fragments.w.push(frame(10_000, { fin: false }));
    expect(fragments.seen.tooLarge).toBe(0);
    fragments.w.push(frame(10_000, { opcode: 0, fin: false, payload: false }));
    expect(fragments.seen.tooLarge).toBe(1);
    const huge = watch(16 * 1024); // a 64-bit length beyond 2^53
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0xff;
    header.writeBigUInt64BE(2n ** 63n, 2);
    huge.w.push(header);
    expect(huge.seen.tooLarge).toBe(1);
  });

  it('checks the message under way again when the limit drops (a proof that failed)', () => {
    let limit = Number.POSITIVE_INFINITY;
    let tooLarge = 0;
    const w = new FrameWatch({ timeoutMs: 1000, maxMessageBytes: () => limit, onStall: () => {}, onTooLarge: () => tooLarge++ });
    w.push(frame(100_000, { payload: false }));
    w.recheck();
    expect(tooLarge).toBe(0);
    limit = 16 * 1024;
    w.recheck();
    expect(tooLarge).toBe(1);
    w.stop();
  });
});

describe('ConnectionCount', () => {
  it('caps per address and in all, and gives a place back once', () => {
    const count = new ConnectionCount(2, 3);
    const a1 = count.take('a');
    const a2 = count.take('a');
    expect(count.take('a')).toEqual({ ok: false, full: 'address' });
    const b1 = count.take('b');
    expect(count.take('c')).toEqual({ ok: false, full: 'total' });
    if (!a1.ok || !a2.ok || !b1.ok) throw new Error('places expected');
    a1.release();
    a1.release();
    expect(count.take('c').ok).toBe(true);
    expect(count.take('a')).toEqual({ ok: false, full: 'total' });
  });

  it('counts an IPv4-mapped address as the IPv4 one', () => {
    expect(sourceAddress('::ffff:192.168.1.20')).toBe('192.168.1.20');
    expect(sourceAddress('fd00::2')).toBe('fd00::2');
    expect(sourceAddress(undefined)).toBe('unknown');
  });
});
