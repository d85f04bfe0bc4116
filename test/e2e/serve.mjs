// Starts web mode on a fresh, empty data folder for one e2e run (first-run setup included).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';

const port = process.argv[2] ?? '4799';
const dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-e2e-'));
const child = spawn(process.execPath, ['dist/node/start.js', '--web', '--port', port, '--data-dir', dataDir, '--demo-scanner', process.env.E2E_SCANNER_PORT ?? '4798'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));
