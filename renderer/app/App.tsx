import { useCallback, useEffect, useState } from 'react';
import type { Principal } from '../../core/api/schemas';
import { isStaffRole, type Shell } from '../../core/roles';
import { toPersianDigits } from '../../core/text/digits';
import { ApiError } from '../api/client';
import { findBridge } from '../api/bridgeTransport';
import { forgetPageImages } from '../capture/usePageImage';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';
import { ChangePasswordScreen } from '../screens/ChangePasswordScreen';
import { LoginScreen } from '../screens/LoginScreen';
import { LinkHaltedScreen } from '../screens/LinkHaltedScreen';
import { PairingScreen } from '../screens/PairingScreen';
import { SetupScreen } from '../screens/SetupScreen';
import { ApplicantShell } from '../shells/ApplicantShell';
import { applicantCounter, forgetApplicantCounter } from '../shells/applicantCounter';
import { BoardShell } from '../shells/BoardShell';
import { CounterShell } from '../shells/CounterShell';
import { KioskShell } from '../shells/KioskShell';
import { ManagerShell } from '../shells/ManagerShell';
import { useEnv } from './api';
import { errorText } from './errors';
import { LockGuard } from './LockGuard';
import type { OfficeInfo, ShellProps } from './shellProps';

export type { OfficeInfo, ShellProps } from './shellProps';


type Phase =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup'; needsCode: boolean }
  | { kind: 'waitingForSetup' }
  | { kind: 'login'; notice?: string }
  | { kind: 'pair'; notice?: string }
  | { kind: 'ready'; principal: Principal; office: OfficeInfo; locked: boolean; mustChangePassword: boolean };

const deviceShells: Partial<Record<Shell, 'kiosk' | 'board' | 'applicant'>> = { kiosk: 'kiosk', board: 'board', applicant: 'applicant' };

/**
 * Which screen to show: setup on first run, login for staff screens, a device session for
 * kiosk/board/applicant, then the shell of this window's role.
 */
export function App() {
  const { client, shell, sessions, device, link } = useEnv();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [linkNow, setLinkNow] = useState(() => link?.state());
  useEffect(() => {
    if (!link) return;
    setLinkNow(link.state());
    return link.onState((state) => {
      // nothing of the office stays on screen or in memory once this PC has no business with it
      if (state.status === 'halted') forgetPageImages();
      setLinkNow(state);
    });
  }, [link]);
  const deviceRole = deviceShells[shell];

  const enter = useCallback(
    async (principal: Principal, locked = false, mustChangePassword = false) => {
      // a session begins (a login, perhaps of someone else): nothing of the one before stays in memory
      forgetPageImages();
      const office = await client.call('office.info', {});
      // Stored text has Latin digits (normalised for search); screens show Persian digits.
      setPhase({ kind: 'ready', principal, locked, mustChangePassword, office: { ...office, name: toPersianDigits(office.name), city: toPersianDigits(office.city) } });
    },
    [client],
  );

  const resolve = useCallback(async () => {
    try {
      const { setUp, connection, setupCode } = await client.call('setup.status', {});
      // a browser the hub does not trust sets the office up only with the code on the hub's console (--require-pairing)
      if (!setUp) return setPhase(deviceRole || (connection !== 'local' && !setupCode) ? { kind: 'waitingForSetup' } : { kind: 'setup', needsCode: connection !== 'local' });
      if (connection === 'unpaired') {
        sessions.set(undefined);
        return setPhase({ kind: 'pair' });
      }
      // the applicant's screen faces one counter, and its session is opened for that one
      const counterId = deviceRole === 'applicant' ? applicantCounter() : null;
      if (sessions.get()) {
        try {
          const { principal, locked, mustChangePassword } = await client.call('auth.whoami', {});
          if (!(principal.kind === 'device' && deviceRole === 'applicant' && (principal.counterId ?? null) !== counterId)) return await enter(principal, locked, mustChangePassword);
          // opened for another counter than the address now names: a new one for this counter
          await client.call('auth.logout', {}).catch(() => undefined);
          sessions.set(undefined);
        } catch (err) {
          if (!(err instanceof ApiError) || !['UNAUTHENTICATED', 'SESSION_EXPIRED'].includes(err.code)) throw err;
          sessions.set(undefined);
        }
      }
      if (deviceRole) {
        const opened = await client.call('auth.deviceLogin', counterId === null ? { role: deviceRole } : { role: deviceRole, counterId }).catch(async (err: unknown) => {
          // a counter the office no longer has: forget it and ask again
          if (!(err instanceof ApiError && err.code === 'UNKNOWN_COUNTER' && counterId !== null)) throw err;
          forgetApplicantCounter();
          return client.call('auth.deviceLogin', { role: deviceRole });
        });
        sessions.set(opened.session);
        return await enter(opened.principal);
      }
      setPhase({ kind: 'login' });
    } catch (err) {
      // a PC of the LAN the hub does not know (or no longer knows): pairing is the way in
      if (err instanceof ApiError && (err.code === 'DEVICE_NOT_PAIRED' || err.code === 'DEVICE_REVOKED')) {
        sessions.set(undefined);
        if (err.code === 'DEVICE_REVOKED') device?.set(undefined);
        return setPhase(err.code === 'DEVICE_REVOKED' ? { kind: 'pair', notice: fa.devices.revokedNotice } : { kind: 'pair' });
      }
      setPhase({ kind: 'unreachable', message: errorText(err) });
    }
  }, [client, deviceRole, device, enter, sessions]);

  // Revoked while at work: the hub closed the connection and refused this device on reconnecting.
  useEffect(
    () =>
      device?.onLost((code) => {
        sessions.set(undefined);
        forgetPageImages();
        setPhase(code === 'DEVICE_REVOKED' ? { kind: 'pair', notice: fa.devices.revokedNotice } : { kind: 'pair' });
      }),
    [device, sessions],
  );

  useEffect(() => {
    void resolve();
  }, [resolve]);

  // Screens that can't proceed yet try again by themselves: a board switched on before the hub,
  // a kiosk waiting for the office to be set up.
  useEffect(() => {
    if (phase.kind !== 'unreachable' && phase.kind !== 'waitingForSetup') return;
    const timer = setTimeout(() => void resolve(), 3000);
    return () => clearTimeout(timer);
  }, [phase, resolve]);

  // a device screen's session, opened again (the applicant's screen after choosing its counter)
  const reopen = useCallback(async () => {
    await client.call('auth.logout', {}).catch(() => undefined);
    sessions.set(undefined);
    setPhase({ kind: 'loading' });
    await resolve();
  }, [client, resolve, sessions]);

  const logout = useCallback(async () => {
    try {
      await client.call('auth.logout', {});
    } catch {
      // The hub may be unreachable; the session is forgotten here either way and expires there.
    } finally {
      sessions.set(undefined);
      forgetPageImages();
      setPhase({ kind: 'login' });
    }
  }, [client, sessions]);

  let body;
  switch (phase.kind) {
    case 'loading':
      body = <EmptyState>{fa.common.loading}</EmptyState>;
      break;
    case 'unreachable':
      body = <EmptyState title={fa.appName}>{phase.message}</EmptyState>;
      break;
    case 'waitingForSetup':
      body = <EmptyState title={fa.shells[shell]}>{fa.common.notSetUpDevice}</EmptyState>;
      break;
    case 'pair':
      body = <PairingScreen notice={phase.notice} onPaired={() => void resolve()} />;
      break;
    case 'setup':
      body = <SetupScreen needsCode={phase.needsCode} onDone={() => setPhase({ kind: 'login', notice: fa.setup.done })} />;
      break;
    case 'login':
      body = (
        <LoginScreen
          notice={phase.notice}
          onLogin={({ session, principal, mustChangePassword }) => {
            sessions.set(session);
            void enter(principal, false, mustChangePassword).catch((err: unknown) => setPhase({ kind: 'unreachable', message: errorText(err) }));
          }}
        />
      );
      break;
    case 'ready':
      body =
        phase.principal.kind === 'user' && phase.mustChangePassword ? (
          <ChangePasswordScreen name={phase.principal.displayName} onChanged={() => setPhase({ ...phase, mustChangePassword: false })} onLogout={() => void logout()} />
        ) : phase.principal.kind === 'user' ? (
          <LockGuard principal={phase.principal} lockAfterMinutes={phase.office.lockAfterMinutes} initiallyLocked={phase.locked} onLogout={() => void logout()}>
            <ShellFor shell={shell} office={phase.office} principal={phase.principal} onLogout={() => void logout()} />
          </LockGuard>
        ) : (
          <ShellFor shell={shell} office={phase.office} principal={phase.principal} onLogout={() => void logout()} onReopen={() => void reopen()} />
        );
      break;
  }

  // a workstation whose link stopped for good (removed from the office, another contract version): that alone, full screen
  if (linkNow?.status === 'halted') {
    return <LinkHaltedScreen state={linkNow} rejoin={findBridge()?.rejoin} />;
  }

  return (
    <>
      <ConnectionBanner offerPromotion={shell === 'counter' || shell === 'manager'} />
      {body}
    </>
  );
}

function ShellFor({ shell, ...props }: ShellProps & { shell: Shell }) {
  const { principal } = props;
  if (shell === 'manager' && (principal.kind !== 'user' || principal.role !== 'manager')) {
    return (
      <main className="centered-page">
        <div className="card">
          <EmptyState title={fa.shells.manager}>{fa.login.wrongShell}</EmptyState>
          <button type="button" className="button" onClick={props.onLogout}>
            {fa.common.logout}
          </button>
        </div>
      </main>
    );
  }
  switch (shell) {
    case 'counter':
      return principal.kind === 'user' && isStaffRole(principal.role) ? <CounterShell {...props} /> : null;
    case 'manager':
      return <ManagerShell {...props} />;
    case 'kiosk':
      return <KioskShell {...props} />;
    case 'board':
      return <BoardShell {...props} />;
    case 'applicant':
      return <ApplicantShell {...props} />;
  }
}
