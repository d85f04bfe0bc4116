import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallFrame, ResultFrame, SubscribeFrame } from '../../core/api/wire';
import { ApiError, createClient } from './client';
import type { Transport } from './transport';

/** A transport that records every frame and answers calls with whatever the test queued. */
function recordingTransport(answer: (frame: CallFrame) => ResultFrame = (f) => ({ t: 'res', id: f.id, ok: true, output: { setUp: true, connection: 'local' } })) {
  const calls: CallFrame[] = [];
  const subs: Array<{ frame: SubscribeFrame; onEvent: (payload: unknown) => void; unsubscribe: ReturnType<typeof vi.fn> }> = [];
  let subAnswer: ResultFrame | undefined;
  const transport: Transport = {
    call: (frame) => {
      calls.push(frame);
      return Promise.resolve(answer(frame));
    },
    subscribe: (frame, onEvent) => {
      const unsubscribe = vi.fn();
      subs.push({ frame, onEvent, unsubscribe });
      return { answer: Promise.resolve(subAnswer ?? { t: 'res', id: frame.id, ok: true, output: { subscribed: frame.event } }), unsubscribe };
    },
    status: () => 'open',
    onStatus: () => () => {},
    close: () => {},
  };
  return {
    transport,
    calls,
    subs,
    refuseSubscriptions(frame: ResultFrame) {
      subAnswer = frame;
    },
  };
}

const error = (id: number, err: Extract<ResultFrame, { ok: false }>['error']): ResultFrame => ({ t: 'res', id, ok: false, error: err });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createClient — calls', () => {
  it('adds the session token to the call frame when the store has one', async () => {
    const { transport, calls } = recordingTransport();
    const client = createClient(transport, () => 'token-abc');
    await client.call('setup.status', {});
    expect(calls[0]).toEqual({ t: 'call', id: expect.any(Number), proc: 'setup.status', input: {}, session: 'token-abc' });
  });

  it('leaves the session out of the call frame when the store has none', async () => {
    const { transport, calls } = recordingTransport();
    const client = createClient(transport, () => undefined);
    await client.call('setup.status', {});
    expect(calls[0]).not.toHaveProperty('session');
  });

  it('reads the session afresh for every call, so a login takes effect on the next call', async () => {
    const { transport, calls } = recordingTransport();
    let session: string | undefined;
    const client = createClient(transport, () => session);
    await client.call('setup.status', {});
    session = 'after-login';
    await client.call('setup.status', {});
    expect(calls.map((c) => c.session)).toEqual([undefined, 'after-login']);
  });

  it('gives every frame its own id', async () => {
    const { transport, calls, subs } = recordingTransport();
    const client = createClient(transport, () => undefined);
    await client.call('setup.status', {});
    client.subscribe('clock', () => {});
    await client.call('setup.status', {});
    const ids = [calls[0]!.id, subs[0]!.frame.id, calls[1]!.id];
    expect(new Set(ids).size).toBe(3);
  });

  it('sends the procedure name and input as given', async () => {
    const { transport, calls } = recordingTransport((f) => ({
      t: 'res',
      id: f.id,
      ok: true,
      output: { session: 's', principal: { kind: 'device', role: 'kiosk' }, expiresAt: '2030-01-01T00:00:00.000Z' },
    }));
    const client = createClient(transport, () => undefined);
    await client.call('auth.deviceLogin', { role: 'kiosk' });
    expect(calls[0]).toMatchObject({ proc: 'auth.deviceLogin', input: { role: 'kiosk' } });
  });

  it('returns the output once it matches the contract', async () => {
    const { transport } = recordingTransport((f) => ({ t: 'res', id: f.id, ok: true, output: { name: 'دفتر ۱', code: '123', city: 'قم', lockAfterMinutes: 5 } }));
    const client = createClient(transport, () => undefined);
    await expect(client.call('office.info', {})).resolves.toEqual({ name: 'دفتر ۱', code: '123', city: 'قم', lockAfterMinutes: 5 });
  });

  it('turns an error frame into an ApiError with its code, fields and retryAt', async () => {
    const { transport } = recordingTransport((f) =>
      error(f.id, {
        code: 'ACCOUNT_LOCKED',
        message: 'locked',
        fields: [{ path: 'username', reason: 'locked' }],
        retryAt: '2025-03-01T08:15:00.000Z',
      }),
    );
    const client = createClient(transport, () => undefined);

    const err: unknown = await client.call('auth.login', { username: 'sara', password: 'x' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'ACCOUNT_LOCKED',
      message: 'locked',
      fields: [{ path: 'username', reason: 'locked' }],
      retryAt: '2025-03-01T08:15:00.000Z',
    });
  });

  it('gives an ApiError without fields an empty list of fields', async () => {
    const { transport } = recordingTransport((f) => error(f.id, { code: 'FORBIDDEN', message: 'no' }));
    const client = createClient(transport, () => 'tok');
    const err = await client.call('staff.list', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FORBIDDEN', fields: [], retryAt: undefined });
  });

  it('rejects an output that breaks the contract schema with ApiError INTERNAL', async () => {
    const { transport } = recordingTransport((f) => ({ t: 'res', id: f.id, ok: true, output: { setUp: 'yes' } }));
    const client = createClient(transport, () => undefined);
    const err = await client.call('setup.status', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'INTERNAL' });
  });

  it('passes a transport failure (HUB_UNREACHABLE) through as an ApiError', async () => {
    const { transport } = recordingTransport((f) => error(f.id, { code: 'HUB_UNREACHABLE', message: 'down' }));
    const client = createClient(transport, () => undefined);
    await expect(client.call('setup.status', {})).rejects.toMatchObject({ name: 'ApiError', code: 'HUB_UNREACHABLE' });
  });
});

describe('createClient — events', () => {
  it('subscribes with the event name and the session', () => {
    const { transport, subs } = recordingTransport();
    const client = createClient(transport, () => 'tok');
    client.subscribe('clock', () => {});
    expect(subs[0]!.frame).toEqual({ t: 'sub', id: expect.any(Number), event: 'clock', session: 'tok' });
  });

  it('hands the listener payloads that match the contract', () => {
    const { transport, subs } = recordingTransport();
    const client = createClient(transport, () => undefined);
    const listener = vi.fn();
    client.subscribe('clock', listener);
    subs[0]!.onEvent({ now: '2025-03-01T08:15:00.000Z' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ now: '2025-03-01T08:15:00.000Z' });
  });

  it.each([
    ['a payload of the wrong shape', { time: '2025-03-01T08:15:00.000Z' }],
    ['a payload whose instant is not ISO', { now: 'yesterday' }],
    ['no payload at all', undefined],
  ])('drops %s instead of handing it to the listener', (_what, payload) => {
    const { transport, subs } = recordingTransport();
    const client = createClient(transport, () => undefined);
    const listener = vi.fn();
    client.subscribe('clock', listener);
    expect(() => subs[0]!.onEvent(payload)).not.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });

  it('returns the transport’s unsubscribe', () => {
    const { transport, subs } = recordingTransport();
    const client = createClient(transport, () => undefined);
    const off = client.subscribe('clock', () => {});
    off();
    expect(subs[0]!.unsubscribe).toHaveBeenCalledOnce();
  });

  it('warns in the console, without throwing, when the hub refuses a subscription', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { transport, refuseSubscriptions } = recordingTransport();
    refuseSubscriptions({ t: 'res', id: 1, ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
    const client = createClient(transport, () => undefined);
    client.subscribe('clock', () => {});
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('FORBIDDEN')));
  });
});
