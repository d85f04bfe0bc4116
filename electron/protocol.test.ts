import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shells } from '../core/roles';
import { contentSecurityPolicy, securityHeaders } from '../hub/web/csp';
import { silentLogger } from '../hub/log';
import { appUrl, isAppUrl } from './origin';
import { contentTypeFor, registerAppProtocol, registerAppScheme, resolveAppPath, serveAppRequest } from './protocol';

let base: string;
let root: string;

beforeAll(() => {
  // <base>/renderer is served; <base>/secret.txt sits beside it and must stay out of reach.
  base = mkdtempSync(path.join(os.tmpdir(), 'daftaryar-protocol-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html dir="rtl"></html>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'Vazirmatn.woff2'), 'font');
  writeFileSync(path.join(root, '.env'), 'SECRET=1');
  writeFileSync(path.join(base, 'secret.txt'), 'secret');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const inside = (file: string) => file.startsWith(root + path.sep);

describe('resolveAppPath', () => {
  it('answers every shell’s path with index.html', () => {
    for (const shell of shells) expect(resolveAppPath(root, appUrl(shell))).toEqual({ ok: true, file: path.join(root, 'index.html') });
  });

  it('maps other paths into the renderer folder', () => {
    expect(resolveAppPath(root, 'app://daftaryar/assets/index-abc123.js?v=2#x')).toEqual({ ok: true, file: path.join(root, 'assets', 'index-abc123.js') });
    expect(resolveAppPath(root, 'app://daftaryar/assets/%D9%81%D9%88%D9%86%D8%AA.woff2')).toEqual({ ok: true, file: path.join(root, 'assets', 'فونت.woff2') });
  });

  it('refuses encoded traversal: %2e%2e with encoded slashes or backslashes', () => {
    for (const p of ['/%2e%2e%2fsecret.txt', '/..%2fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/%2e%2e%5csecret.txt', '/assets%5c..%5c..%5csecret.txt', '/.%2e/secret.txt%00']) {
      const r = resolveAppPath(root, `app://daftaryar${p}`);
      expect(r, p).toEqual({ ok: false, status: 403 });
    }
  });

  it('never leaves the folder for plain or encoded dot segments (the URL parser folds them)', () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/%2e%2e/secret.txt', '/assets/./../../../etc/passwd']) {
      const r = resolveAppPath(root, `app://daftaryar${p}`);
      if (r.ok) expect(inside(r.file), p).toBe(true);
    }
  });

  it('refuses raw backslashes, absolute paths and drive letters', () => {
    for (const url of ['app://daftaryar/..\\..\\secret.txt', 'app://daftaryar/assets\\x.js', 'app://daftaryar//etc/passwd', 'app://daftaryar/C:%5CWindows%5Cwin.ini', 'app://daftaryar/C:/Windows/win.ini', `app://daftaryar/${encodeURIComponent(path.join(base, 'secret.txt'))}`]) {
      expect(resolveAppPath(root, url), url).toEqual({ ok: false, status: 403 });
    }
  });

  it('refuses dot files and NUL bytes', () => {
    expect(resolveAppPath(root, 'app://daftaryar/.env')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'app://daftaryar/%2eenv')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'app://daftaryar/index.html%00.js')).toEqual({ ok: false, status: 403 });
  });

  it('does not double-decode', () => {
    const r = resolveAppPath(root, 'app://daftaryar/%252e%252e%252fsecret.txt');
    expect(r.ok ? inside(r.file) : r.status === 403).toBe(true);
  });

  it('answers 400 for broken percent-encoding and 404 for the bare root, folders and foreign hosts', () => {
    expect(resolveAppPath(root, 'app://daftaryar/%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://daftaryar/')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'app://daftaryar/assets/')).toEqual({ ok: false, status: 404 });
    for (const url of ['app://evil/counter', 'app://daftaryar:1/counter', 'https://daftaryar/counter', 'file:///etc/passwd', 'not a url']) {
      expect(resolveAppPath(root, url), url).toEqual({ ok: false, status: 404 });
    }
  });
});

describe('isAppUrl', () => {
  it('accepts only app://daftaryar', () => {
    expect(isAppUrl('app://daftaryar/counter')).toBe(true);
    expect(isAppUrl('app://DAFTARYAR/counter')).toBe(true);
    for (const url of ['app://daftaryar.evil/', 'app://user:pw@daftaryar/', 'app:daftaryar', 'https://daftaryar/', 'javascript:alert(1)', '']) expect(isAppUrl(url), url).toBe(false);
  });
});

describe('contentTypeFor', () => {
  it('names the types the renderer ships, and octet-stream for the rest', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('Makefile')).toBe('application/octet-stream');
  });
});

describe('serveAppRequest', () => {
  const get = (url: string, method = 'GET') => serveAppRequest(root, new Request(url, { method }));

  it('serves a shell’s page with the CSP and the other security headers, never cached', async () => {
    const res = await get('app://daftaryar/counter');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('dir="rtl"');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    for (const [name, value] of Object.entries(securityHeaders())) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it('serves fingerprinted assets with their type, cached for good', async () => {
    const res = await get('app://daftaryar/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('answers missing files and folders with 404 and traversal with 403, both with the security headers', async () => {
    for (const [url, status] of [
      ['app://daftaryar/nope.js', 404],
      ['app://daftaryar/assets', 404],
      ['app://daftaryar/%2e%2e%2fsecret.txt', 403],
    ] as const) {
      const res = await get(url);
      expect(res.status, url).toBe(status);
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(await res.text()).toBe('');
    }
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await get('app://daftaryar/counter', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://daftaryar/counter', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('registration', () => {
  it('registers app as a standard, secure scheme with fetch', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('handles the app scheme by serving the renderer folder', async () => {
    let handler: ((request: Request) => Response | Promise<Response>) | undefined;
    registerAppProtocol({ handle: (scheme, h) => void (scheme === 'app' && (handler = h)) }, root, silentLogger);
    const res = await handler!(new Request('app://daftaryar/kiosk'));
    expect(res.status).toBe(200);
  });
});
