import type { HandlerPart } from '../handlers/types';
import { beginOwnTotp, confirmOwnTotp, disableOwnTotp, ownTotpStatus } from './ownTotp';

/** TOTP for the caller's own account (the work in ./ownTotp.ts; docs/SECURITY.md § TOTP). */
export const totpHandlers: HandlerPart<'auth.totpStatus' | 'auth.totpBegin' | 'auth.totpConfirm' | 'auth.totpDisable'> = (hub) => ({
  'auth.totpStatus': (_input, ctx) => ownTotpStatus(hub, ctx),
  'auth.totpBegin': (_input, ctx) => beginOwnTotp(hub, ctx),
  'auth.totpConfirm': (input, ctx) => confirmOwnTotp(hub, input, ctx),
  'auth.totpDisable': (input, ctx) => disableOwnTotp(hub, input, ctx),
});
