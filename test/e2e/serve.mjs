// Starts web mode on a fresh, empty data folder for one e2e run (first-run setup included), with the
// demo eSCL scanner and the demo central system. The central's one-time enrollment code is printed by
// the hub; it is kept in test-results/e2e-central.json for the sync spec (05) to type in.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';

const port = process.argv[2] ?? '4799';
const dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-e2e-'));
const args = ['dist/node/start.js', '--web', '--port', port, '--data-dir', dataDir, '--demo-scanner', process.env.E2E_SCANNER_PORT ?? '4798', '--demo-central', process.env.E2E_CENTRAL_PORT ?? '4797'];
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  out += d;
  const m = /demo central (\S+) — enrollment code (\S+)/.exec(out);
  if (m) {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/e2e-central.json', JSON.stringify({ url: m[1], code: m[2] }));
    out = '';
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));
