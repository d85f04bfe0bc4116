import { parseArgs } from 'node:util';
import path from 'node:path';
import { z } from 'zod';
import { shells } from '../../core/roles';
import { defaultDataDir } from './dataDir';

export const DEFAULT_PORT = 4780;

const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1).max(255),
  dataDir: z.string().min(1),
  /** the database key file when there is no OS keychain (web mode); null: `<dataDir>/office.key` */
  keyFile: z.string().min(1).nullable(),
  role: z.enum(shells),
  web: z.boolean(),
  /** web-mode demos and e2e: an eSCL scanner simulator on 127.0.0.1 at this port (0 = any); null: none */
  demoScanner: z.coerce.number().int().min(0).max(65535).nullable(),
  /** web-mode demos and e2e: the reference central (embedded PGlite) on 127.0.0.1 at this port; null: none */
  demoCentral: z.coerce.number().int().min(0).max(65535).nullable(),
  /** web-mode demos: a simulated card terminal (Sadad PcPos service) on 127.0.0.1 at this port; null: none */
  demoTerminal: z.coerce.number().int().min(0).max(65535).nullable(),
  /** every browser must pair, this PC's own too (loopback is otherwise trusted as this PC) */
  requirePairing: z.boolean(),
  help: z.boolean(),
});

export type Config = z.infer<typeof schema>;

export const usage = `Usage: npm start -- [options]

  --web               skip Electron; run the hub and serve the screens to a browser
  --port <n>          web server port (DAFTARYAR_PORT, default ${DEFAULT_PORT}; 0 = any free port)
  --host <addr>       address to listen on (DAFTARYAR_HOST, default 127.0.0.1;
                      0.0.0.0 to serve other PCs on the office LAN: then HTTPS with the
                      office's own certificate, and every other PC must be paired by
                      the manager first — docs/SECURITY.md)
  --require-pairing   browsers on this PC must be paired too (DAFTARYAR_REQUIRE_PAIRING=1);
                      on a new office a one-time setup code is printed here for the
                      first-run screen
  --data-dir <dir>    the office's data folder (DAFTARYAR_DATA_DIR, default: the
                      per-user app-data folder, ${defaultDataDir()})
  --key-file <file>   the office database's encryption key (DAFTARYAR_KEY_FILE,
                      default <data-dir>/office.key, made on first run, mode 600;
                      keep it apart from the data folder's backups)
  --role <role>       this PC's screen: counter, kiosk, board, manager, applicant
                      (DAFTARYAR_ROLE, default counter)
  --demo-scanner <n>  also start a simulated network scanner (eSCL) on 127.0.0.1:<n> with
                      sample pages, for demos without a scanner (DAFTARYAR_DEMO_SCANNER;
                      0 = any free port); its address is printed
  --demo-central <n>  also start the reference central system (embedded PostgreSQL, in
                      memory) on 127.0.0.1:<n> with a demo office, and print a one-time
                      enrollment code for «ارسال به سامانه» (DAFTARYAR_DEMO_CENTRAL)
  --demo-terminal <n> also start a simulated card terminal (Sadad PcPos service) on
                      127.0.0.1:<n> that approves every sale, for demos without a terminal
                      (DAFTARYAR_DEMO_TERMINAL); its address is printed
  --help              this text`;

export class ConfigError extends Error {}

/** Flags beat environment variables beat defaults. Anything unknown or malformed is refused. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        web: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'key-file': { type: 'string' },
        role: { type: 'string' },
        'demo-scanner': { type: 'string' },
        'demo-central': { type: 'string' },
        'demo-terminal': { type: 'string' },
        'require-pairing': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const parsed = schema.safeParse({
    port: values.port ?? env.DAFTARYAR_PORT ?? DEFAULT_PORT,
    host: values.host ?? env.DAFTARYAR_HOST ?? '127.0.0.1',
    dataDir: path.resolve(String(values['data-dir'] ?? env.DAFTARYAR_DATA_DIR ?? defaultDataDir())),
    keyFile: values['key-file'] ?? env.DAFTARYAR_KEY_FILE ? path.resolve(String(values['key-file'] ?? env.DAFTARYAR_KEY_FILE)) : null,
    role: values.role ?? env.DAFTARYAR_ROLE ?? 'counter',
    web: values.web === true || env.DAFTARYAR_WEB === '1',
    demoScanner: values['demo-scanner'] ?? env.DAFTARYAR_DEMO_SCANNER ?? null,
    demoCentral: values['demo-central'] ?? env.DAFTARYAR_DEMO_CENTRAL ?? null,
    demoTerminal: values['demo-terminal'] ?? env.DAFTARYAR_DEMO_TERMINAL ?? null,
    requirePairing: values['require-pairing'] === true || env.DAFTARYAR_REQUIRE_PAIRING === '1',
    help: values.help === true,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
