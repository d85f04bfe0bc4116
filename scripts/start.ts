/**
 * `npm start`: the Electron app when this machine has the Electron binary, otherwise web mode
 * (the same hub plus a local web server for the same screens), saying so in one line.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig, usage } from '../hub/config/config';
import { DatabaseInUseError, DatabaseKeyError, HubSupersededError, KeyFileError } from '../hub/start';
import { startWebMode } from '../hub/webMode';
import { shells } from '../core/roles';
import { findElectronBinary, tryDownloadElectron } from './electronBinary';
import { withBoundedArenas } from '../workstation/agentProcess';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = process.env.npm_package_version ?? '0.0.0';

// glibc gives every thread that allocates its own malloc arena; the image workers and libvips' threads
// then hold on to tens of MB each after a long scan batch. Two arenas keep a 500-page batch's peak RSS
// about 100 MB lower (docs/CAPTURE.md). It must be set before a process starts: the Electron app started
// from here gets it (withBoundedArenas); a headless hub's service unit sets it itself (README).

async function main(): Promise<number> {
  const config = readConfig(process.argv.slice(2));
  if (config.help) {
    console.log(usage);
    return 0;
  }

  if (!config.web) {
    const electron = findElectronBinary(root) ?? (tryDownloadElectron(root, 30_000) ? findElectronBinary(root) : null);
    if (electron) {
      const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit', env: withBoundedArenas(process.env) });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    }
    console.log('No Electron binary on this machine — starting web mode instead: the hub plus a local web server for the same screens.');
  }

  const started = performance.now();
  const web = await startWebMode({
    dataDir: config.dataDir,
    host: config.host,
    port: config.port,
    version,
    rendererDir: path.join(root, 'dist', 'renderer'),
    ...(config.keyFile ? { keyFile: config.keyFile } : {}),
    requirePairing: config.requirePairing,
    onSetupCode: (code) => {
      const grouped = `${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`;
      console.log(`First-run setup (--require-pairing): the office is not set up yet. Open the counter or manager URL below and enter the setup code ${grouped}.`);
      console.log('  It works once, only while this hub runs, and is shown only here; after 5 wrong codes a new one is printed.');
    },
  });
  // Demo simulators (scripts/demo/) are loaded only when their flag is given: nothing else reaches them.
  const demo = config.demoScanner === null ? null : await (await import('./demo/scanner')).startDemoScanner(config.demoScanner);
  const central = config.demoCentral === null ? null : await (await import('./demo/central')).startDemoCentral(config.demoCentral);
  const terminal = config.demoTerminal === null ? null : await (await import('./demo/terminal')).startDemoTerminal(config.demoTerminal);
  const ms = Math.round(performance.now() - started);
  console.log(`Daftaryar hub ready in ${ms} ms — data: ${config.dataDir}`);
  for (const shell of [config.role, ...shells.filter((s) => s !== config.role)]) {
    console.log(`  ${shell.padEnd(10)} ${web.urls[shell]}`);
  }
  if (web.origin.startsWith('https:')) console.log('  other PCs: HTTPS with the office certificate; pair each one from the manager screen («دستگاه‌ها»)');
  if (demo) console.log(`  demo scanner (eSCL) ${demo.url} — choose «اسکنر شبکه» at a counter and enter this address`);
  if (central) {
    console.log(`  demo central ${central.url} — enrollment code ${central.code} (manager: «ارسال به سامانه»)`);
    console.log(`    demo ${central.registry}`);
  }
  if (terminal) console.log(`  demo card terminal (Sadad PcPos) ${terminal.url} — manager: «تنظیمات» → the counter's card terminal, kind «سداد», this address`);

  const stop = () => {
    void Promise.all([web.close(), demo?.close(), central?.close(), terminal?.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => {});
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(`daftaryar: ${err.message}\n\n${usage}`);
    else if (err instanceof DatabaseInUseError)
      console.error(`daftaryar: another Daftaryar hub is already using this data folder (${path.dirname(err.file)}). Only one hub may write an office's data; stop the other one or pass a different --data-dir.`);
    else if (err instanceof DatabaseKeyError)
      console.error(
        err.problem === 'missing'
          ? `daftaryar: the office database is encrypted and its key file is missing (${err.message}). Restore office.key from where you keep it, or pass --key-file <file>.`
          : `daftaryar: the key does not open the office database (${err.message}). Use the key file that belongs to this data folder (--key-file <file>); a damaged database needs its backup.`,
      );
    else if (err instanceof KeyFileError || err instanceof HubSupersededError) console.error(`daftaryar: ${err.message}`);
    else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      console.error(`daftaryar: the port is already in use (${(err as Error).message}); pass --port <n> or stop what is using it.`);
    else console.error('daftaryar: could not start:', err);
    process.exit(1);
  },
);
