/**
 * A folder as electron-builder leaves it for an office (docs/UPDATES.md): an installer of some
 * bytes and its feed (`latest.yml` or `latest-linux.yml`) naming it with its sha512 and size.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FEED_FILES, type UpdatePlatform } from '../../core/updates/feed';

export interface ReleaseFolder {
  dir: string;
  installer: string;
  bytes: Buffer;
  sha512: string;
}

export function releaseFolder(dir: string, options: { version?: string; platform?: UpdatePlatform; bytes?: Buffer; feedSha512?: string; feedSize?: number; name?: string } = {}): ReleaseFolder {
  const version = options.version ?? '0.2.0';
  const platform = options.platform ?? 'windows';
  const bytes = options.bytes ?? Buffer.from(`installer of ${version} `.repeat(1000));
  const installer = options.name ?? (platform === 'windows' ? `Daftaryar-Setup-${version}.exe` : `Daftaryar-${version}.AppImage`);
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  mkdirSync(dir, { recursive: true });
  if (!installer.includes('/') && !installer.includes('..')) writeFileSync(path.join(dir, installer), bytes);
  const feedSha = options.feedSha512 ?? sha512;
  writeFileSync(
    path.join(dir, FEED_FILES[platform]),
    `version: ${version}\nfiles:\n  - url: ${installer}\n    sha512: ${feedSha}\n    size: ${options.feedSize ?? bytes.length}\npath: ${installer}\nsha512: ${feedSha}\nreleaseDate: '2026-12-01T08:00:00.000Z'\n`,
  );
  return { dir, installer, bytes, sha512 };
}
