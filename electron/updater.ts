/**
 * A workstation updates itself from the office hub (docs/UPDATES.md) — glue only: electron-updater's
 * `autoUpdater` on the generic provider at the hub's updates folder, this PC's device credential in
 * every request, and Chromium's certificate check of electron-updater's own session pinned to the
 * office authority (workstation/updates `pinnedCertificate`, as native/lan/hubClient.ts pins the
 * windows' links). What to offer and when is workstation/updates/updateOffer.ts: the prompt
 * «نصب به‌روزرسانی و راه‌اندازی دوباره» appears when an update newer than this app has been
 * downloaded (electron-updater checks its sha512 against the feed) and nobody is mid-service, or at
 * once when the hub refuses this PC for its contract version. Nothing installs without a yes.
 */
import { dialog, type BrowserWindow } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { LinkState } from '../core/api/workstation';
import { createLogger, type Logger } from '../hub/log';
import type { WorkstationSettings } from '../workstation/settings';
import { CHECK_EVERY_MS, deviceAuthorization, feedUrlOf, pinnedCertificate, RETRY_PROMPT_MS, START_DELAY_MS, UpdateOffer } from '../workstation/updates/updateOffer';
import { messages } from './messages';

export interface WorkstationUpdates {
  /** a window called the hub */
  activity(): void;
  /** a window's link changed state */
  linkState(state: LinkState): void;
  stop(): void;
}

/** Chromium's answers to a certificate check: trust, refuse. */
const TRUST = 0;
const REFUSE = -2;

export function startWorkstationUpdates(options: { settings: WorkstationSettings; appVersion: string; window: () => BrowserWindow | null; log?: Logger; now?: () => number }): WorkstationUpdates {
  const log = options.log ?? createLogger();
  const hub = options.settings.hub;
  const offer = new UpdateOffer(options.appVersion, options.now);
  let stopped = false;
  let prompting = false;
  let refusedByHub = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  autoUpdater.logger = { info: (m: unknown) => log.info('update', { detail: String(m) }), warn: (m: unknown) => log.warn('update', { detail: String(m) }), error: (m: unknown) => log.warn('update failed', { detail: String(m) }), debug: () => {} };
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrlOf(hub) });
  autoUpdater.requestHeaders = { Authorization: deviceAuthorization(hub) };
  autoUpdater.netSession.setCertificateVerifyProc((request, callback) => {
    callback(pinnedCertificate(request.certificate.data, request.certificate.issuerCert?.data, hub.fingerprint) ? TRUST : REFUSE);
  });

  const check = () => {
    if (stopped) return;
    autoUpdater.checkForUpdates().catch((err: unknown) => log.warn('update check failed', { error: err }));
  };

  const consider = () => {
    clearTimeout(retry);
    if (stopped || prompting) return;
    const decision = offer.decide();
    if (decision === 'wait') {
      retry = setTimeout(consider, RETRY_PROMPT_MS);
      return;
    }
    if (decision !== 'prompt') return;
    const version = offer.offered!;
    prompting = true;
    const box = {
      type: 'question' as const,
      title: messages.update.title,
      message: messages.update.ready(version),
      detail: refusedByHub ? messages.update.refusedDetail(options.appVersion) : messages.update.detail(options.appVersion),
      buttons: [messages.update.install, messages.update.later],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    };
    const parent = options.window();
    void (parent ? dialog.showMessageBox(parent, box) : dialog.showMessageBox(box))
      .then(({ response }) => {
        prompting = false;
        if (stopped) return;
        if (response === 0) {
          log.info('installing the update', { version });
          autoUpdater.quitAndInstall(false, true);
        } else {
          offer.decline();
        }
      })
      .catch((err: unknown) => {
        prompting = false;
        log.warn('the update prompt failed', { error: err });
      });
  };

  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    log.info('update downloaded', { version: info.version });
    offer.downloaded(info.version);
    consider();
  });
  autoUpdater.on('error', (err: Error) => log.warn('update failed', { error: err }));

  const first = setTimeout(check, START_DELAY_MS);
  const every = setInterval(check, CHECK_EVERY_MS);

  return {
    activity: () => offer.activity(),
    linkState(state) {
      if (state.status !== 'halted' || state.reason !== 'incompatible' || refusedByHub) return;
      refusedByHub = true;
      log.warn('the hub refuses this workstation’s contract version: looking for an update', { hub: state.hubVersion, ours: state.ourVersion });
      offer.refused();
      check();
      consider();
    },
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      clearTimeout(retry);
    },
  };
}
