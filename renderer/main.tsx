import 'vazirmatn/Vazirmatn-Variable-font-face.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WS_PATH } from '../core/api/paths';
import { bridgeTransport, findBridge, findFirstRunBridge } from './api/bridgeTransport';
import { FIRST_RUN_PATH, httpFirstRun } from './api/httpFirstRun';
import { FirstRunScreen } from './screens/FirstRunScreen';
import { createClient } from './api/client';
import { sessionStore } from './api/session';
import { deviceStore } from './api/device';
import { wsTransport } from './api/wsTransport';
import { EnvProvider } from './app/api';
import { App } from './app/App';
import { fa } from './i18n/fa';
import { shellFromPath } from './shellFromLocation';

// In the desktop app the preload's bridge is there and names this window's screen; in a browser
// the URL does, and the hub is reached over a WebSocket on the page's own origin.
const bridge = findBridge();
// a desktop app (or web mode's first-run page) on a PC that is neither the office's hub nor joined yet
const firstRun = findFirstRunBridge() ?? (location.pathname === `/${FIRST_RUN_PATH}` && !bridge ? httpFirstRun() : undefined);
const shell = bridge?.shell ?? shellFromPath(location.pathname);
const device = bridge ? undefined : deviceStore();
const bridged = bridge ? bridgeTransport(bridge) : undefined;
const transport = bridged
  ? bridged
  : wsTransport({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`,
      // a paired LAN screen proves itself first on every connection; a refusal sends it back to pairing
      hello: () => device?.hello(),
      onHello: (answer) => {
        if (!answer.ok && (answer.error.code === 'DEVICE_REVOKED' || answer.error.code === 'DEVICE_NOT_PAIRED')) device?.lost(answer.error.code);
      },
    });
const sessions = sessionStore(shell);
const client = createClient(transport, () => sessions.get());

document.title = `${fa.appName} — ${fa.shells[shell]}`;
document.body.dataset.shell = shell;

if (firstRun) {
  document.title = `${fa.appName} — ${fa.workstation.choiceTitle}`;
  document.body.dataset.shell = 'first-run';
  transport.close();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <FirstRunScreen port={firstRun} />
    </StrictMode>,
  );
} else {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <EnvProvider env={{ client, shell, sessions, device, link: bridged?.link }}>
        <App />
      </EnvProvider>
    </StrictMode>,
  );
}
