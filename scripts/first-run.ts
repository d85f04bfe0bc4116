/**
 * `npm run first-run -- [--port 4781] [--data-dir <dir>]`: web mode's first-run page of a PC that is
 * not the office hub (docs/OFFICE-SETUP.md) — for a PC without the Electron binary. Open the printed
 * address, choose «وصل به سرور دفتر», type the hub's address and the manager's code; the settings land
 * in the data folder and the process ends. Needs `npm run build` (it serves dist/renderer).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { firstRunHttp } from '../core/api/workstation';
import { defaultDataDir } from '../hub/config/dataDir';
import { startFirstRunServer } from '../workstation/firstRunServer';
import { answerBackupList, answerRestore } from '../hub/backup/firstRunRestore';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4781' }, 'data-dir': { type: 'string' } }, strict: true });
const dataDir = values['data-dir'] ?? defaultDataDir();
const server = await startFirstRunServer({
  rendererDir: path.resolve('dist/renderer'),
  dataDir,
  port: Number(values.port),
  onJoined: (settings) => {
    console.log(`joined ${settings.hub.url} as ${settings.kind} «${settings.name}»; settings in ${dataDir}`);
    setTimeout(() => void server.close().then(() => process.exit(0)), 500);
  },
  onBecomeHub: () => {
    console.log('this PC is to be the office hub: run `npm start` on it');
    setTimeout(() => void server.close().then(() => process.exit(0)), 500);
  },
  // «بازیابی از پشتیبان»: the backup restored into the data folder, the key file beside it
  restore: { list: answerBackupList, restore: (raw, dir) => answerRestore(raw, dir) },
});
console.log(`first run: ${server.origin}${firstRunHttp.page}`);
