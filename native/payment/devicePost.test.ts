import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DevicePostError, postJson } from './devicePost';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** A raw TCP server on 127.0.0.1 that does `onSocket` with each connection. */
async function tcpServer(onSocket: (s: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    onSocket(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  });
  return (server.address() as net.AddressInfo).port;
}

async function failure(p: Promise<unknown>): Promise<DevicePostError> {
  const err = await p.then(
    () => {
      throw new Error('expected a DevicePostError');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DevicePostError);
  return err as DevicePostError;
}

const options = { timeoutMs: 300, connectTimeoutMs: 300 };

describe('postJson', () => {
  it('posts JSON and returns the status and text of the answer', async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.end(JSON.stringify({ got: JSON.parse(body), type: req.headers['content-type'] })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push(server);
    const { port } = server.address() as net.AddressInfo;
    const answer = await postJson(new URL(`http://127.0.0.1:${port}/api/Sale`), { Amount: '10' }, options);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ got: { Amount: '10' }, type: 'application/json; charset=utf-8' });
  });

  it('fails at the connect stage when nothing listens: the request never left', async () => {
    const port = await tcpServer(() => undefined);
    open.pop()!.close();
    const err = await failure(postJson(new URL(`http://127.0.0.1:${port}/`), {}, options));
    expect({ stage: err.stage, kind: err.kind }).toEqual({ stage: 'connect', kind: 'failed' });
  });

  it('fails at the answer stage when the whole request was read and no answer came', async () => {
    let received = '';
    const port = await tcpServer((s) => s.on('data', (c: Buffer) => (received += c.toString())));
    const err = await failure(postJson(new URL(`http://127.0.0.1:${port}/`), { OrderId: 'X' }, options));
    expect({ stage: err.stage, kind: err.kind }).toEqual({ stage: 'answer', kind: 'timeout' });
    expect(received).toContain('{"OrderId":"X"}');
  });

  it('fails at the answer stage when the connection is cut after the request', async () => {
    const port = await tcpServer((s) => s.once('data', () => s.destroy()));
    const err = await failure(postJson(new URL(`http://127.0.0.1:${port}/`), {}, options));
    expect({ stage: err.stage, kind: err.kind }).toEqual({ stage: 'answer', kind: 'failed' });
  });

  it('fails when the answer stops half-way', async () => {
    const port = await tcpServer((s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"PcPos');
        setTimeout(() => s.destroy(), 20);
      }),
    );
    const err = await failure(postJson(new URL(`http://127.0.0.1:${port}/`), {}, options));
    expect(err.stage).toBe('answer');
  });

  it('refuses an answer larger than the limit', async () => {
    const port = await tcpServer((s) =>
      s.once('data', () => s.end(`HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n${'x'.repeat(5000)}`)),
    );
    const err = await failure(postJson(new URL(`http://127.0.0.1:${port}/`), {}, { ...options, maxAnswerBytes: 1000 }));
    expect(err.kind).toBe('tooLarge');
  });
});
