/**
 * The update feed electron-builder writes beside an installer (`latest.yml` for Windows,
 * `latest-linux.yml` for Linux) and electron-updater reads from the office hub (docs/UPDATES.md).
 *
 * Only the shape electron-builder writes is read — top-level `key: value` lines and one `files:`
 * list of `- key: value` maps — with no YAML features beyond that (no anchors, tags, multi-line
 * strings, flow collections): a file that is anything else is refused, not interpreted. The result
 * goes through `updateFeed` (zod): a version, at least one file named plainly (no folder, no `..`),
 * each with its sha512 (base64 of 64 bytes) and size.
 */
import { z } from 'zod';

/** The feed file of each platform an office installs on, as electron-builder names it. */
export const FEED_FILES = { windows: 'latest.yml', linux: 'latest-linux.yml' } as const;
export type UpdatePlatform = keyof typeof FEED_FILES;
export const updatePlatforms = Object.keys(FEED_FILES) as UpdatePlatform[];

/** An installer bigger than this is refused (the app's installers are ~150 MB). */
export const MAX_INSTALLER_BYTES = 600 * 1024 * 1024;

/** x.y.z, with an optional pre-release (1.2.0-beta.1); no build metadata, no leading v. */
export const appVersion = z.string().regex(/^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})(-[0-9A-Za-z.-]{1,40})?$/, { message: 'invalid_version' });

/** A file's name in the updates folder: no folder part, no `..`, nothing hidden, nothing a shell or URL would read twice. */
export const feedFileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[0-9A-Za-z][0-9A-Za-z._ +-]*$/, { message: 'invalid_file_name' })
  .refine((n) => !n.includes('..'), { message: 'invalid_file_name' });

/** base64 of a SHA-512 digest (88 characters, `==` at the end), as electron-builder writes it. */
export const sha512Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, { message: 'invalid_sha512' });

export const feedFile = z
  .object({
    url: feedFileName,
    sha512: sha512Base64,
    size: z.number().int().positive().max(MAX_INSTALLER_BYTES),
    blockMapSize: z.number().int().positive().optional(),
    isAdminRightsRequired: z.boolean().optional(),
  })
  .strict();

export const updateFeed = z
  .object({
    version: appVersion,
    files: z.array(feedFile).min(1).max(8),
    path: feedFileName.optional(),
    sha512: sha512Base64.optional(),
    releaseDate: z.string().max(40).optional(),
    releaseName: z.string().max(200).optional(),
    releaseNotes: z.string().max(20_000).optional(),
    stagingPercentage: z.number().min(0).max(100).optional(),
  })
  .strict()
  .refine((f) => f.path === undefined || f.files.some((x) => x.url === f.path), { message: 'path_not_in_files', path: ['path'] });
export type UpdateFeed = z.infer<typeof updateFeed>;

export class FeedSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'FeedSyntaxError';
  }
}

type Scalar = string | number | boolean;

function scalar(raw: string, line: number): Scalar {
  const text = raw.trim();
  if (text === '') throw new FeedSyntaxError(line, 'empty value');
  const quoted = /^'((?:[^']|'')*)'$/.exec(text) ?? /^"([^"\\]*)"$/.exec(text);
  if (quoted) return quoted[1]!.replaceAll("''", "'");
  if (/^[[{&*!|>%@`#]/.test(text)) throw new FeedSyntaxError(line, 'unsupported YAML');
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d{1,15}$/.test(text)) return Number(text);
  if (/^-?\d{1,15}\.\d{1,6}$/.test(text)) return Number(text);
  return text;
}

/** Parses the feed's text (its YAML subset) to a plain object; `updateFeed` then checks it. */
export function parseFeedText(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let list: Array<Record<string, Scalar>> | null = null;
  let item: Record<string, Scalar> | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '' || /^\s*#/.test(raw)) return;
    if (/\t/.test(raw)) throw new FeedSyntaxError(n, 'tab in indentation');
    const top = /^([A-Za-z][A-Za-z0-9]*):(?:\s(.*))?$/.exec(raw);
    if (top) {
      const [, key, value] = top;
      if (Object.hasOwn(out, key!)) throw new FeedSyntaxError(n, `${key} given twice`);
      item = null;
      if (value === undefined || value.trim() === '') {
        list = [];
        out[key!] = list;
      } else {
        list = null;
        out[key!] = scalar(value, n);
      }
      return;
    }
    const entry = /^ {2}- ([A-Za-z][A-Za-z0-9]*):\s(.*)$/.exec(raw) ?? /^ {4}([A-Za-z][A-Za-z0-9]*):\s(.*)$/.exec(raw);
    if (!entry || !list) throw new FeedSyntaxError(n, 'unsupported YAML');
    const [, key, value] = entry;
    if (raw.startsWith('  -')) {
      item = {};
      list.push(item);
    }
    if (!item) throw new FeedSyntaxError(n, 'unsupported YAML');
    if (Object.hasOwn(item, key!)) throw new FeedSyntaxError(n, `${key} given twice`);
    item[key!] = scalar(value!, n);
  });
  return out;
}

/** The feed of a `latest*.yml` text, checked; throws FeedSyntaxError or a ZodError. */
export function readFeed(text: string): UpdateFeed {
  return updateFeed.parse(parseFeedText(text));
}

/** The installer a feed names: its `path`, or the first file. */
export function installerOf(feed: UpdateFeed): z.infer<typeof feedFile> {
  return feed.files.find((f) => f.url === feed.path) ?? feed.files[0]!;
}

/**
 * Orders two versions as semver does: by major, minor, patch, then a release above its
 * pre-releases, pre-releases by their dot-separated parts (numbers numerically, below words).
 */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = split(a);
  const [coreB, preB] = split(b);
  for (let i = 0; i < 3; i++) {
    const d = coreA[i]! - coreB[i]!;
    if (d !== 0) return Math.sign(d);
  }
  if (preA === null || preB === null) return preA === preB ? 0 : preA === null ? 1 : -1;
  const pa = preA.split('.');
  const pb = preB.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function split(version: string): [number[], string | null] {
  const parsed = appVersion.parse(version);
  const dash = parsed.indexOf('-');
  const core = (dash < 0 ? parsed : parsed.slice(0, dash)).split('.').map(Number);
  return [core, dash < 0 ? null : parsed.slice(dash + 1)];
}
