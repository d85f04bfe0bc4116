/**
 * The one origin our windows load: `app://daftaryar/<shell>`, served by protocol.ts from the
 * built renderer. Navigation, IPC and the protocol handler all ask this module whether a URL
 * is ours, so the answer cannot drift between them.
 */
import type { Shell } from '../core/roles';

export const APP_SCHEME = 'app';
export const APP_HOST = 'daftaryar';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function appUrl(shell: Shell): string {
  return `${APP_ORIGIN}/${shell}`;
}

/** The first-run page of a PC that is neither the hub nor joined yet (docs/OFFICE-SETUP.md). */
export const FIRST_RUN_PATH = 'join';
export const firstRunUrl = `${APP_ORIGIN}/${FIRST_RUN_PATH}`;

/** Parse a URL without throwing; null when it is not a URL at all. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for `app://daftaryar/…` and nothing else. Compared by parts rather than `URL.origin`:
 * Node's URL gives `"null"` as the origin of a non-special scheme such as `app:`.
 */
export function isAppUrl(url: string | URL): boolean {
  const u = typeof url === 'string' ? parseUrl(url) : url;
  if (!u) return false;
  return u.protocol === `${APP_SCHEME}:` && u.hostname.toLowerCase() === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/** Scheme and host of a URL, for logs: never its path or query, which may carry data. */
export function originForLog(url: string): string {
  const u = parseUrl(url);
  if (!u) return '(not a URL)';
  return u.host ? `${u.protocol}//${u.host}` : u.protocol;
}
