import { useEffect, useState, useSyncExternalStore } from 'react';
import { useEnv } from '../app/api';

/**
 * Page images (thumbnail or screen view) as object URLs, cached by content hash: a page's bytes
 * never change under its hash, so a rotated page is simply a new entry. The cache is small and
 * evicts the oldest, so a long day of requests does not pile up in memory.
 *
 * Privacy: the cache holds one person's papers at a time. It is forgotten when the request or the
 * ticket on the counter changes (RequestDesk) and when the session does — login, logout (App) — and
 * while the screen is locked nothing is kept or loaded (LockGuard, `holdPageImages`).
 */
const MAX_ENTRIES = 240;
const cache = new Map<string, Promise<string>>();

function remember(key: string, value: Promise<string>): Promise<string> {
  cache.set(key, value);
  while (cache.size > MAX_ENTRIES) {
    const [oldest, url] = cache.entries().next().value as [string, Promise<string>];
    cache.delete(oldest);
    void url.then((u) => URL.revokeObjectURL(u)).catch(() => {});
  }
  return value;
}

function toObjectUrl(base64: string, mime: string): string {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: mime }));
}

/** Bumped on every forget and release: images on the screen are dropped and, if still wanted, asked for again. */
let generation = 0;
let held = false;
const listeners = new Set<() => void>();

function bump(): void {
  generation++;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Drops every cached image (the request left the counter, or someone else is at the screen: nothing
 * of it stays in memory). Images on the screen now are dropped too and asked for again.
 */
export function forgetPageImages(): void {
  for (const url of cache.values()) void url.then((u) => URL.revokeObjectURL(u)).catch(() => {});
  cache.clear();
  bump();
}

/** A locked screen: forget every image and load none until it is unlocked (`false`). */
export function holdPageImages(hold: boolean): void {
  held = hold;
  if (hold) forgetPageImages();
  else bump();
}

export function usePageImage(pageId: string, sha256: string, size: 'thumb' | 'view'): { url: string | null; failed: boolean } {
  const { client } = useEnv();
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  const round = useSyncExternalStore(subscribe, () => generation);
  useEffect(() => {
    let live = true;
    const key = `${size}:${sha256}`;
    const cached = cache.get(key);
    // nothing of another page, or of an image forgotten, stays on the screen while this one loads
    if (!cached) setState((s) => (s.url === null && !s.failed ? s : { url: null, failed: false }));
    if (held) return;
    const pending =
      cached ??
      remember(
        key,
        client.call('capture.image', { pageId, size }).then((img) => toObjectUrl(img.base64, img.mime)),
      );
    pending.then(
      (url) => live && setState({ url, failed: false }),
      () => {
        if (cache.get(key) === pending) cache.delete(key);
        if (live) setState({ url: null, failed: true });
      },
    );
    return () => {
      live = false;
    };
  }, [client, pageId, sha256, size, round]);
  return state;
}
