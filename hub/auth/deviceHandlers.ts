import type { HandlerPart } from '../handlers/types';
import { pairWithCode, proveDevice } from '../device/pairing';

/** A LAN device's side of pairing: the code for a credential, then the credential at each connection (hub/device/pairing.ts). */
export const deviceAuthHandlers: HandlerPart<'auth.pair' | 'auth.device'> = (hub) => ({
  'auth.pair': ({ code }, ctx) => pairWithCode(hub, code, ctx),
  'auth.device': ({ deviceId, credential }, ctx) => proveDevice(hub, deviceId, credential, ctx),
});
