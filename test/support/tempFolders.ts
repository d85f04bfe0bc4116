import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Fresh folders under the system's temp folder for one test file, each removed (with what is in it) after
 * the test that made it. Call once, at the top of the file: `const tempFolder = tempFolders();`, then
 * `tempFolder('daftaryar-x-')` in a test.
 */
export function tempFolders(): (prefix: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
