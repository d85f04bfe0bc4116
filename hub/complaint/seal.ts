/**
 * Sealing a complaint for the Center (docs/SYNC-PROTOCOL.md § Complaints): X25519 with a key pair made
 * for this complaint alone, HKDF-SHA256, AES-256-GCM — node:crypto only. The ephemeral private key is
 * never kept, so once sealed not even this office can open it.
 */
import { createCipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import * as p from '../../core/sync/protocol';

export function x25519PublicKey(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw }, format: 'jwk' });
}

function rawOf(key: KeyObject): string {
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('not an X25519 key');
  return x;
}

/** The plaintext as sealed: its JSON padded with spaces to a multiple of COMPLAINT_PAD_BYTES, so a length tells little. */
export function paddedPlaintext(plain: p.ComplaintPlaintext): Buffer {
  const json = Buffer.from(JSON.stringify(plain), 'utf8');
  const size = Math.ceil((json.length + 1) / p.COMPLAINT_PAD_BYTES) * p.COMPLAINT_PAD_BYTES;
  return Buffer.concat([json, Buffer.alloc(size - json.length, 0x20)]);
}

export function sealComplaint(id: string, key: { keyId: string; publicKey: string }, plain: p.ComplaintPlaintext): p.SealedComplaint {
  const recipient = x25519PublicKey(key.publicKey);
  const eph = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: recipient });
  const epk = rawOf(eph.publicKey);
  const salt = Buffer.concat([Buffer.from(epk, 'base64url'), Buffer.from(key.publicKey, 'base64url')]);
  const aesKey = Buffer.from(hkdfSync('sha256', shared, salt, p.COMPLAINT_HKDF_INFO, 32));
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey, nonce);
  cipher.setAAD(Buffer.from(p.complaintAad(id, key.keyId), 'utf8'));
  const ct = Buffer.concat([cipher.update(paddedPlaintext(plain)), cipher.final(), cipher.getAuthTag()]);
  shared.fill(0);
  aesKey.fill(0);
  return { v: 1, alg: p.COMPLAINT_SEAL_ALG, keyId: key.keyId, epk, nonce: nonce.toString('base64url'), ct: ct.toString('base64url') };
}
