/**
 * The `app://daftaryar/` protocol: the renderer's files from dist/renderer, each shell's path
 * answered with index.html, every response with the same security headers as web mode.
 * A privileged standard scheme gives the pages a real origin (storage, fetch, CSP 'self')
 * without file://, whose extra privileges we do not want.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { shells } from '../core/roles';
import { securityHeaders } from '../hub/web/csp';
import { createLogger, type Logger } from '../hub/log';
import { APP_SCHEME, FIRST_RUN_PATH, isAppUrl, parseUrl } from './origin';

export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Must run before the app's `ready` event (Electron's rule for privileged schemes). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([appScheme]);
}

export type Resolution = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Map a request URL to a file under `rendererDir`, refusing anything that could leave it.
 * The URL parser already folds `.`/`..` (also as %2e) inside the path, so this works on the
 * decoded segments and then checks the resolved path is still inside the folder.
 */
export function resolveAppPath(rendererDir: string, requestUrl: string): Resolution {
  const url = parseUrl(requestUrl);
  if (!url || !isAppUrl(url)) return { ok: false, status: 404 };
  const pathname = url.pathname;
  if (pathname === '/') return { ok: false, status: 404 };
  if ((shells as readonly string[]).includes(pathname.slice(1)) || pathname.slice(1) === FIRST_RUN_PATH) {
    return { ok: true, file: path.join(path.resolve(rendererDir), 'index.html') };
  }
  // A raw backslash is a separator on Windows; no file of ours has one in its name.
  if (pathname.includes('\\')) return { ok: false, status: 403 };

  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400 };
    }
    if (segment === '') return { ok: false, status: raw === '' && segments.length > 0 ? 404 : 403 };
    // Separators and drive colons after decoding, dot files and dot segments, NUL: never a renderer file.
    if (/[\\/:\0]/.test(segment) || segment.startsWith('.')) return { ok: false, status: 403 };
    segments.push(segment);
  }
  if (segments.length === 0) return { ok: false, status: 404 };

  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { ok: false, status: 403 };
  return { ok: true, file };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
};

export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function errorResponse(status: number, extra: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { ...securityHeaders(), 'Cache-Control': 'no-store', ...extra } });
}

/** Answer one request of the app protocol. Never throws: every failure is a status code. */
export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405, { Allow: 'GET, HEAD' });
  const resolved = resolveAppPath(rendererDir, request.url);
  if (!resolved.ok) return errorResponse(resolved.status);
  try {
    const info = await stat(resolved.file);
    if (!info.isFile()) return errorResponse(404);
    const body = request.method === 'HEAD' ? null : await readFile(resolved.file);
    // Vite fingerprints everything under assets/; the HTML must always be fresh.
    const immutable = path.relative(path.resolve(rendererDir), resolved.file).split(path.sep)[0] === 'assets';
    return new Response(body, {
      status: 200,
      headers: {
        ...securityHeaders(),
        'Content-Type': contentTypeFor(resolved.file),
        'Content-Length': String(info.size),
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  } catch {
    return errorResponse(404);
  }
}

/** Serve `app://` from `rendererDir`; call after `ready`. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string, log: Logger = createLogger()): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const response = await serveAppRequest(rendererDir, request);
    if (response.status >= 400 && response.status !== 404) log.warn('app protocol refused a request', { status: response.status, method: request.method });
    return response;
  });
}
