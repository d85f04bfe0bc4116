/**
 * The device's key and the client to the central built from the stored identity, made once and kept
 * while the identity stays the same. No identity (not enrolled) means no client.
 */
import type { KeyObject } from 'node:crypto';
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import * as s from '../../db/sync';
import { CentralClient, privateKeyFromDer } from './centralClient';
import { DEVICE_KEY, type SyncDeps } from './context';

export interface Connection {
  client: CentralClient;
  identity: s.SyncIdentityRow;
}

export function clientFor(deps: Pick<SyncDeps, 'db' | 'now' | 'opts' | 'signal' | 'state'>): Connection | null {
  const identity = s.identity(deps.db);
  const der = c.secret(deps.db, DEVICE_KEY);
  if (!identity || !der) return null;
  const cacheKey = `${identity.deviceId}@${identity.centralUrl}`;
  if (deps.state.client?.key !== cacheKey) {
    deps.state.client = {
      key: cacheKey,
      client: new CentralClient({ baseUrl: identity.centralUrl, deviceId: identity.deviceId, privateKey: privateKeyFromDer(der), timeoutMs: deps.opts.timeoutMs, now: deps.now, signal: deps.signal }),
    };
  }
  return { client: deps.state.client.client, identity };
}

export function deviceKey(deps: Pick<SyncDeps, 'db'>): KeyObject {
  const der = c.secret(deps.db, DEVICE_KEY);
  if (!der) throw new DomainError('SYNC_NOT_ENROLLED', 'no device key');
  return privateKeyFromDer(der);
}
