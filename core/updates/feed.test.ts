import { describe, expect, it } from 'vitest';
import { compareVersions, FeedSyntaxError, installerOf, parseFeedText, readFeed } from './feed';

const SHA = `${'A'.repeat(85)}w==`;
const sample = `version: 0.2.0
files:
  - url: Daftaryar-Setup-0.2.0.exe
    sha512: ${SHA}
    size: 123456789
path: Daftaryar-Setup-0.2.0.exe
sha512: ${SHA}
releaseDate: '2026-12-01T08:00:00.000Z'
`;

describe('the update feed (latest.yml)', () => {
  it('reads what electron-builder writes', () => {
    const feed = readFeed(sample);
    expect(feed).toEqual({
      version: '0.2.0',
      files: [{ url: 'Daftaryar-Setup-0.2.0.exe', sha512: SHA, size: 123456789 }],
      path: 'Daftaryar-Setup-0.2.0.exe',
      sha512: SHA,
      releaseDate: '2026-12-01T08:00:00.000Z',
    });
    expect(installerOf(feed).url).toBe('Daftaryar-Setup-0.2.0.exe');
  });

  it('reads a Linux feed with two files and a block map size, CRLF line ends', () => {
    const text = `version: 1.0.0-beta.2\r\nfiles:\r\n  - url: Daftaryar-1.0.0-beta.2.AppImage\r\n    sha512: ${SHA}\r\n    size: 10\r\n    blockMapSize: 5\r\n  - url: daftaryar_1.0.0_amd64.deb\r\n    sha512: ${SHA}\r\n    size: 11\r\n`;
    const feed = readFeed(text);
    expect(feed.files.map((f) => f.url)).toEqual(['Daftaryar-1.0.0-beta.2.AppImage', 'daftaryar_1.0.0_amd64.deb']);
    expect(installerOf(feed).url).toBe('Daftaryar-1.0.0-beta.2.AppImage');
  });

  it('refuses a file name that leaves the folder', () => {
    for (const name of ['../evil.exe', 'sub/evil.exe', '..\\evil.exe', '/etc/passwd', '.hidden', 'a..b.exe']) {
      expect(() => readFeed(sample.replaceAll('Daftaryar-Setup-0.2.0.exe', name)), name).toThrow();
    }
  });

  it('refuses a size over the limit, a malformed digest, a missing version, a path not among the files', () => {
    expect(() => readFeed(sample.replace('size: 123456789', 'size: 999999999999'))).toThrow(/too_big|less than or equal/);
    expect(() => readFeed(sample.replace(`sha512: ${SHA}\n    size`, 'sha512: abc\n    size'))).toThrow(/invalid_sha512/);
    expect(() => readFeed(sample.replace('version: 0.2.0\n', ''))).toThrow(/version/);
    expect(() => readFeed(sample.replace('path: Daftaryar-Setup-0.2.0.exe', 'path: Other.exe'))).toThrow(/path_not_in_files/);
  });

  it('refuses YAML beyond the subset electron-builder writes', () => {
    expect(() => parseFeedText('version: &a 1.0.0')).toThrow(FeedSyntaxError);
    expect(() => parseFeedText('files: [a, b]')).toThrow(FeedSyntaxError);
    expect(() => parseFeedText('version: 1\nversion: 2')).toThrow(/given twice/);
    expect(() => parseFeedText('  - url: x')).toThrow(/unsupported/);
    expect(() => parseFeedText('version: !!js/function x')).toThrow(FeedSyntaxError);
  });
});

describe('compareVersions', () => {
  it('orders as semver', () => {
    const sorted = ['1.0.0', '0.10.0', '0.2.0', '1.0.0-rc.1', '1.0.0-beta.11', '1.0.0-beta.2', '1.0.0-beta', '0.2.1'].sort(compareVersions);
    expect(sorted).toEqual(['0.2.0', '0.2.1', '0.10.0', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0']);
    expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
  });
});
