/**
 * Our flags out of Electron's command line. Electron's argv is not ours alone: the binary,
 * the app path when run as `electron .` (not when packaged), and any Chromium switch
 * (`--no-sandbox`, `--enable-logging`, `--inspect`…) may sit in it, and readConfig refuses
 * anything it does not know. So we pick out exactly the flags readConfig knows, whatever
 * their position, and leave the rest to Electron.
 */

import { z } from 'zod';
import { ConfigError } from '../hub/config/config';
import { OFFICE_LAN_PORT } from '../hub/officeLan';

/** readConfig's flags (hub/config/config.ts): true when the flag takes a value. */
const OWN_FLAGS: ReadonlyMap<string, boolean> = new Map([
  ['--role', true],
  ['--data-dir', true],
  ['--port', true],
  ['--host', true],
  ['--web', false],
  ['--help', false],
  ['-h', false],
]);

export function ownArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takesValue = OWN_FLAGS.get(name);
    if (takesValue === undefined) continue;
    out.push(arg);
    // `--role kiosk`: the value is the next argument, unless that is another flag (readConfig then says what is missing).
    if (takesValue && eq < 0 && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out.push(argv[++i]!);
  }
  return out;
}

/** Whether the data folder was chosen (flag or environment); otherwise Electron's userData is used. */
export function dataDirChosen(args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return args.some((a) => a === '--data-dir' || a.startsWith('--data-dir=')) || Boolean(env.DAFTARYAR_DATA_DIR);
}

/**
 * The desktop app's own `--rotate-key`: re-encrypt the office database under a new key at start,
 * before any window opens (electron/keyStore.ts). Not one of readConfig's flags — web mode and a
 * headless hub rotate their key file with `npm run key:rotate` — so ownArgs leaves it out.
 */
export const ROTATE_KEY_FLAG = '--rotate-key';

export function keyRotationRequested(argv: readonly string[]): boolean {
  return argv.includes(ROTATE_KEY_FLAG);
}

/**
 * A workstation's own flags (docs/OFFICE-SETUP.md): `--hub <address> --code <12 digits>` join the
 * office from the command line on a PC not joined yet, `--name` names this PC for the manager's list
 * (its role is `--role`). Not readConfig's: ownArgs leaves them out.
 */
export function workstationArgs(argv: readonly string[]): { hub?: string; code?: string; name?: string } {
  const value = (flag: string): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
      if (arg === flag && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) return argv[i + 1];
    }
    return undefined;
  };
  const hub = value('--hub');
  const code = value('--code');
  const name = value('--name');
  return { ...(hub ? { hub } : {}), ...(code ? { code } : {}), ...(name ? { name } : {}) };
}

/**
 * The desktop hub's office LAN (hub/officeLan.ts): served by default once the office is set up;
 * `--no-lan` (or DAFTARYAR_LAN=0) turns it off (a hub PC whose office has no other PC), and
 * `--lan-port <n>` (or DAFTARYAR_LAN_PORT) moves it from web mode's port. Not readConfig's flags
 * (its `--port` is web mode's): ownArgs leaves them out, and `npm start` refuses them as it does
 * `--rotate-key` — give them to the installed app, or use the environment variables with `npm start`.
 */
export const NO_LAN_FLAG = '--no-lan';
export const LAN_PORT_FLAG = '--lan-port';

const lanPort = z.coerce.number().int().min(1).max(65535);

export function lanArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): { enabled: boolean; port: number } {
  let raw: string | undefined = env.DAFTARYAR_LAN_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith(`${LAN_PORT_FLAG}=`)) raw = arg.slice(LAN_PORT_FLAG.length + 1);
    else if (arg === LAN_PORT_FLAG) raw = i + 1 < argv.length && !argv[i + 1]!.startsWith('-') ? argv[i + 1] : '';
  }
  let port = OFFICE_LAN_PORT;
  if (raw !== undefined) {
    const parsed = lanPort.safeParse(raw.trim() === '' ? undefined : raw);
    if (!parsed.success) throw new ConfigError(`invalid ${LAN_PORT_FLAG}: a port from 1 to 65535`);
    port = parsed.data;
  }
  return { enabled: !argv.includes(NO_LAN_FLAG) && env.DAFTARYAR_LAN !== '0', port };
}
