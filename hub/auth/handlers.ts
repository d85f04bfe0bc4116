import { DomainError } from '../../core/errors';
import { lockSession, revokeSession } from '../../db/sessions';
import type { HandlerGroup, HandlerPart } from '../handlers/types';
import { deviceAuthHandlers } from './deviceHandlers';
import { deviceLogin, staffLogin } from './login';
import { changeOwnPassword, unlockOwnSession } from './ownPassword';
import { totpHandlers } from './totpHandlers';

/** Staff login and sessions (./login.ts), screens without a person, the lock (./ownPassword.ts). */
const sessionHandlers: HandlerPart<'auth.login' | 'auth.deviceLogin' | 'auth.logout' | 'auth.whoami' | 'auth.lock' | 'auth.unlock' | 'auth.changePassword'> = (hub) => ({
  'auth.login': (input, ctx) => staffLogin(hub, input, ctx),
  'auth.deviceLogin': (input, ctx) => deviceLogin(hub, input, ctx),

  'auth.logout': (_input, ctx) => {
    if (ctx.session) revokeSession(hub.db, ctx.session.hash, hub.now().toISOString());
    return { ok: true as const };
  },

  'auth.whoami': (_input, ctx) => {
    if (!ctx.principal || !ctx.session) throw new DomainError('UNAUTHENTICATED', 'no session');
    return { principal: ctx.principal, expiresAt: ctx.session.expiresAt, locked: ctx.session.locked, mustChangePassword: ctx.session.mustChangePassword };
  },

  'auth.changePassword': (input, ctx) => changeOwnPassword(hub, input, ctx),

  'auth.lock': (_input, ctx) => {
    if (!ctx.session) throw new DomainError('UNAUTHENTICATED', 'no session');
    lockSession(hub.db, ctx.session.hash, hub.now().toISOString());
    return { ok: true as const };
  },

  'auth.unlock': (input, ctx) => unlockOwnSession(hub, input, ctx),
});

/** Every auth.* procedure: sessions (here), the second factor (./totpHandlers.ts), a LAN device's pairing and proof (./deviceHandlers.ts). */
export const authHandlers: HandlerGroup<'auth'> = (hub) => ({ ...sessionHandlers(hub), ...totpHandlers(hub), ...deviceAuthHandlers(hub) });
