import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DWT_DEFAULT_SERVICE_URL, DwtDriver } from './dwt';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function fakeService(): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.url === '/api/server/version') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"version":"19.0"}');
    } else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

async function closedPort(): Promise<string> {
  const url = await fakeService();
  const s = servers.pop()!;
  await new Promise((r) => s.close(r));
  return url;
}

describe('DwtDriver (stub)', () => {
  it('defaults to the service address Dynamsoft documents', () => {
    expect(DWT_DEFAULT_SERVICE_URL).toBe('http://127.0.0.1:18622/api');
  });

  it('says DRIVER_MISSING when no service answers', async () => {
    const d = new DwtDriver({ serviceUrl: await closedPort(), licenceKey: 'k' });
    await expect(d.listDevices()).rejects.toMatchObject({ code: 'DRIVER_MISSING' });
  });

  it('says DRIVER_MISSING when something else answers on the port', async () => {
    const url = (await fakeService()).replace(/\/api$/, '/other');
    await expect(new DwtDriver({ serviceUrl: url, licenceKey: 'k' }).listDevices()).rejects.toMatchObject({ code: 'DRIVER_MISSING' });
  });

  it('says LICENCE_MISSING when the service answers but no key is set', async () => {
    const d = new DwtDriver({ serviceUrl: await fakeService(), licenceKey: ' ' });
    await expect(d.listDevices()).rejects.toMatchObject({ code: 'LICENCE_MISSING' });
  });

  it('never pretends to scan: UNSUPPORTED with service and key', async () => {
    const d = new DwtDriver({ serviceUrl: await fakeService(), licenceKey: 'key' });
    await expect(d.listDevices()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(d.capabilities('x')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const pages = d.scan('x', { source: 'adf', dpi: 300, colorMode: 'grey' });
    await expect(pages.next()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
