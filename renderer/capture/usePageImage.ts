import { useEffect, useState } from 'react';
import { useEnv } from '../app/api';

/**
 * Page images (thumbnail or screen view) as object URLs, cached by content hash: a page's bytes
 * never change under its hash, so a rotated page is simply a new entry. The cache is small and
 * evicts the oldest, so a long day of requests does not pile up in memory.
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

/** Drops every cached image (the request left the counter: nothing of it stays in memory). */
export function forgetPageImages(): void {
  for (const url of cache.values()) void url.then((u) => URL.revokeObjectURL(u)).catch(() => {});
  cache.clear();
}

export function usePageImage(pageId: string, sha256: string, size: 'thumb' | 'view'): { url: string | null; failed: boolean } {
  const { client } = useEnv();
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    let live = true;
    const key = `${size}:${sha256}`;
    const pending =
      cache.get(key) ??
      remember(
        key,
        client.call('capture.image', { pageId, size }).then((img) => toObjectUrl(img.base64, img.mime)),
      );
    pending.then(
      (url) => live && setState({ url, failed: false }),
      () => {
        cache.delete(key);
        if (live) setState({ url: null, failed: true });
      },
    );
    return () => {
      live = false;
    };
  }, [client, pageId, sha256, size]);
  return state;
}
