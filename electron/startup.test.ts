import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../hub/config/config';
import { silentLogger } from '../hub/log';
import { startHub } from '../hub/start';
import { describeStartupFailure, isDatabaseInUse } from './startup';
import { SealedKeyError } from './sealedKeyError';
import { messages } from './messages';
import { DatabaseKeyError, HubSupersededError, KeyFileError } from '../hub/start';

describe('describeStartupFailure', () => {
  it('recognises the hub’s database-in-use error and names the data folder in Persian', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'daftaryar-startup-'));
    const first = startHub({ dataDir: dir, version: '0.0.0', log: silentLogger });
    try {
      let caught: unknown;
      try {
        startHub({ dataDir: dir, version: '0.0.0', log: silentLogger });
      } catch (err) {
        caught = err;
      }
      expect(isDatabaseInUse(caught)).toBe(true);
      const failure = describeStartupFailure(caught);
      expect(failure.code).toBe(1);
      expect(failure.message).toContain(dir);
      expect(failure.message).toMatch(/برنامهٔ دفتریار دیگری/);
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a hub folder a promoted standby superseded: says who serves the office now and what the manager may do, exit 4 as the command’s', () => {
    const failure = describeStartupFailure(new HubSupersededError(2, 'https://192.168.1.21:4780', '2026-12-07T08:00:00.000Z'));
    expect(failure.code).toBe(4);
    expect(failure.message).toContain('https://192.168.1.21:4780');
    expect(failure.message).toMatch(/^هاب پشتیبان/);
    expect(failure.message).toContain('npm run standby -- resume');
  });

  it('explains bad command-line options', () => {
    const failure = describeStartupFailure(new ConfigError('invalid role'));
    expect(failure).toEqual({ code: 2, message: expect.stringContaining('invalid role') });
    expect(failure.message).toMatch(/^گزینه‌های اجرای برنامه نادرست است/);
  });

  it('says something plain for anything else, without the error’s text', () => {
    const failure = describeStartupFailure(new Error('SQLITE_CORRUPT at /secret/path'));
    expect(failure.code).toBe(1);
    expect(failure.message).not.toContain('SQLITE');
    expect(isDatabaseInUse(new Error('x'))).toBe(false);
    expect(isDatabaseInUse({ name: 'DatabaseInUseError', file: 'x' })).toBe(false);
  });

  it('tells a lost key from a wrong one, and never suggests making a new key', () => {
    const missing = describeStartupFailure(new DatabaseKeyError('/d/office.sqlite', 'missing'));
    const wrong = describeStartupFailure(new DatabaseKeyError('/d/office.sqlite', 'wrong'));
    expect(missing.message).toBe(messages.errors.keyMissing);
    expect(wrong.message).toBe(messages.errors.keyWrong);
    expect(describeStartupFailure(new SealedKeyError('keychain reset')).message).toBe(messages.errors.keyUnusable);
    expect(describeStartupFailure(new KeyFileError('/k', 'mode 644')).message).toBe(messages.errors.keyUnusable);
  });
});
