import { describe, expect, it } from 'vitest';
import { shells } from '../core/roles';
import { shellFromPath } from './shellFromLocation';

describe('shellFromPath', () => {
  it.each(shells.map((shell) => [`/${shell}`, shell] as const))('opens %s as the %s shell', (path, shell) => {
    expect(shellFromPath(path)).toBe(shell);
  });

  it.each(['/', '', '/unknown', '/kiosks', '/api', '/constructor', '/__proto__'])('falls back to the counter for %j', (path) => {
    expect(shellFromPath(path)).toBe('counter');
  });

  it.each([
    ['/kiosk/', 'kiosk'],
    ['/board/extra/segments', 'board'],
    ['/manager?tab=staff', 'counter'], // a query string is not part of a pathname; if it leaks in, no shell matches
    ['//applicant', 'applicant'],
    ['/manager/staff/3', 'manager'],
  ] as const)('reads only the first segment of %j', (path, shell) => {
    expect(shellFromPath(path)).toBe(shell);
  });

  it('does not pick a shell named in a later segment', () => {
    expect(shellFromPath('/something/kiosk')).toBe('counter');
  });
});
