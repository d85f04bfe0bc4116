/**
 * The headless workstation: `npm run agent -- --hub https://<addr> [--code <12 digits> --name <name>
 * --kind counter|kiosk] --data <dir> [--folder <scan folder>]… [--escl <scanner address>]…
 * [--no-escl-discovery] [--dwt-url <DWT service root> | --no-dwt] [--rejoin --code <12 digits>]`. Joins the
 * office with the code when this data folder has not joined one yet, else uses what it kept; `--rejoin`
 * joins again with a new code after a revocation (./rejoin.ts); then runs the device agent until
 * stopped (SIGINT/SIGTERM) or refused for good. Runs in plain Node (no Electron): tests and a Linux
 * kiosk box use it as it is.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeviceAgent, AgentStopped } from './agent/agent';
import { AGENT_EXIT } from './agentProcess';
import { defaultRegistry, namedDevices } from './agent/devices';
import { JoinError, joinOffice } from './join';
import { rejoinOffice } from './rejoin';
import { loadSettings, saveSettings, SettingsError } from './settings';

export const AGENT_VERSION = '0.1.0';

function line(level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), level, message, ...detail })}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      hub: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      data: { type: 'string' },
      folder: { type: 'string', multiple: true },
      'folder-idle-ms': { type: 'string' },
      escl: { type: 'string', multiple: true },
      'no-escl-discovery': { type: 'boolean', default: false },
      'dwt-url': { type: 'string' },
      'no-dwt': { type: 'boolean', default: false },
      printer: { type: 'string', multiple: true },
      'document-printer': { type: 'string', multiple: true },
      sadad: { type: 'string', multiple: true },
      rejoin: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.data) {
    line('error', 'usage: npm run agent -- --hub https://<addr> [--code <12 digits> --name <name> --kind counter|kiosk] --data <dir>');
    return AGENT_EXIT.usage;
  }
  const dataDir = path.resolve(values.data);
  if (values.rejoin) {
    // revoked: a new code from the manager; the old credential is discarded once the new pairing succeeds
    const kind = values.kind === 'counter' || values.kind === 'kiosk' ? values.kind : undefined;
    if (!values.code) {
      line('error', 'rejoining needs the new pairing code the manager issued: --rejoin --code <12 digits>');
      return AGENT_EXIT.usage;
    }
    try {
      const { settings: joined, setAside } = await rejoinOffice({ dataDir, code: values.code, hubUrl: values.hub, name: values.name, kind });
      line('info', 'joined the office again', { deviceId: joined.hub.deviceId, kind: joined.kind });
      if (setAside) line('warn', 'pages the hub never confirmed were set aside; scan them again', setAside);
    } catch (err) {
      if (err instanceof JoinError) {
        line('error', 'joining the office again failed; nothing was changed', { code: err.code, detail: err.message, ...err.details });
        return AGENT_EXIT.failedToStart;
      }
      throw err;
    }
  }
  let settings;
  try {
    settings = loadSettings(dataDir);
  } catch (err) {
    if (err instanceof SettingsError) {
      line('error', 'the workstation settings are damaged; join again with a new code', { reason: err.reason });
      return AGENT_EXIT.failedToStart;
    }
    throw err;
  }
  if (!settings) {
    const kind = values.kind ?? 'counter';
    if (!values.hub || !values.code || !values.name || (kind !== 'counter' && kind !== 'kiosk')) {
      line('error', 'this workstation has not joined an office: give --hub, --code, --name and --kind counter|kiosk');
      return AGENT_EXIT.usage;
    }
    try {
      settings = await joinOffice({ hubUrl: values.hub, code: values.code, kind, name: values.name, dataDir });
    } catch (err) {
      if (err instanceof JoinError) {
        line('error', 'joining the office failed', { code: err.code, detail: err.message, ...err.details });
        return AGENT_EXIT.failedToStart;
      }
      throw err;
    }
    line('info', 'joined the office', { deviceId: settings.hub.deviceId, kind: settings.kind });
  }
  const controller = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort());
  const agent = new DeviceAgent({
    hub: settings.hub,
    dataDir,
    registry: defaultRegistry({
      tmpDir: dataDir,
      folders: values.folder ?? [],
      ...(values['folder-idle-ms'] ? { folderIdleMs: Number(values['folder-idle-ms']) } : {}),
      escl: { addresses: values.escl ?? [], discover: !values['no-escl-discovery'] },
      dwt: values['no-dwt'] ? false : values['dwt-url'] ? { serviceUrl: values['dwt-url'] } : {},
    }),
    agentVersion: AGENT_VERSION,
    devices: namedDevices({ printers: values.printer ?? [], documentPrinters: values['document-printer'] ?? [], sadad: values.sadad ?? [] }),
    log: { info: (m, d) => line('info', m, d), warn: (m, d) => line('warn', m, d) },
    // a promoted standby is the office from now on: this PC's settings name it (docs/STANDBY.md)
    onHubMoved: (hub) => saveSettings(dataDir, { ...settings, hub }),
  });
  try {
    await agent.run(controller.signal);
  } catch (err) {
    if (err instanceof AgentStopped) {
      line('error', 'the hub refused this workstation', {
        code: err.code,
        detail: err.message,
        ...(err.code === 'DEVICE_REVOKED' || err.code === 'DEVICE_NOT_PAIRED' ? { rejoin: `npm run agent -- --data ${dataDir} --rejoin --code <the new code from the manager>` } : {}),
      });
      return AGENT_EXIT.refused;
    }
    throw err;
  }
  return AGENT_EXIT.stopped;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    line('error', 'the agent failed', { error: err instanceof Error ? err.message : String(err) });
    // started again by its supervisor (./agentProcess.ts), unlike a refusal or a failed join
    process.exit(AGENT_EXIT.crashed);
  },
);
