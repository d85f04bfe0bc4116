/**
 * The hub's private folder for temporaries: `<dataDir>/tmp` (mode 700), and inside it one folder for
 * this process, `run-<pid>-<random>` (mode 700). Sealed uploads and scanimage's page FIFOs live there;
 * nothing of the hub's goes to the system temp folder.
 *
 * Swept whole at start: only one hub runs on a data folder (the database's exclusive lock is taken
 * before the hub is built), so whatever is in `tmp/` then was left by a hub that did not close — a
 * kill -9, a power cut. Removed at a clean close. The `uploads/` folder of earlier versions (uploads
 * in plain text) is removed at start too.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

export const WORK_DIR = 'tmp';
/** where uploads were kept, in plain text, before they were sealed */
const LEGACY_UPLOADS = 'uploads';

export interface WorkDir {
  /** this process's own folder (mode 700) */
  readonly dir: string;
  /** removes this process's folder (idempotent) */
  remove(): void;
}

export function openWorkDir(dataDir: string): WorkDir {
  const root = path.join(dataDir, WORK_DIR);
  rmSync(root, { recursive: true, force: true });
  rmSync(path.join(dataDir, LEGACY_UPLOADS), { recursive: true, force: true });
  mkdirSync(root, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700); // whatever the umask
  const dir = mkdtempSync(path.join(root, `run-${process.pid}-`)); // mkdtemp makes it 700
  return {
    dir,
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
