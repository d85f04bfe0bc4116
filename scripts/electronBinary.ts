import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Where the Electron binary is, if this install has one. Read from the electron package's own
 * `path.txt` rather than by loading the package: loading it starts a download when the binary
 * is missing, and throws when that fails.
 */
export function findElectronBinary(root: string): string | null {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron');
    return existsSync(p) ? p : null;
  }
  if (!existsSync(pathFile)) return null;
  const bin = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

/** Ask the electron package to fetch its binary (what `npx electron` would do), bounded in time. */
export function tryDownloadElectron(root: string, timeoutMs: number): boolean {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return false;
  const result = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: timeoutMs });
  return result.status === 0;
}
