import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { SqlQuery } from './sql';

/** Ed25519 with Node's crypto. Keys travel as their 32 raw bytes in base64url (a JWK's `x`). */

export function sha256hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function publicKeyFromBase64url(x: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

export function publicKeyToBase64url(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return jwk.x;
}

export function signUtf8(privateKey: KeyObject, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url');
}

export function verifyUtf8(publicKey: KeyObject, text: string, signature: string): boolean {
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return false;
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, sig);
  } catch {
    return false;
  }
}

export interface ServerKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** base64url of the raw public key, as enrollment hands it to devices */
  publicKeyText: string;
}

/**
 * The central's receipt and tariff signing key, kept in the database so every stateless node signs
 * with the same key. The first node to start creates it; a node racing it reads the winner's.
 */
export async function loadServerKey(q: SqlQuery): Promise<ServerKey> {
  const existing = await q.query<{ private_key_pkcs8: string }>('SELECT private_key_pkcs8 FROM server_key WHERE id = 1');
  if (existing.rows.length === 0) {
    const pair = generateKeyPairSync('ed25519');
    const pkcs8 = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await q.query('INSERT INTO server_key (id, private_key_pkcs8, public_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
      pkcs8,
      publicKeyToBase64url(pair.publicKey),
    ]);
  }
  const { rows } = await q.query<{ private_key_pkcs8: string }>('SELECT private_key_pkcs8 FROM server_key WHERE id = 1');
  const privateKey = createPrivateKey(rows[0]!.private_key_pkcs8);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyText: publicKeyToBase64url(publicKey) };
}
