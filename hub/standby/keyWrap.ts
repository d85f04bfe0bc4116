/**
 * The office key on its way to the standby and at rest there (docs/SECURITY.md § The standby hub).
 * The standby has an X25519 key pair of its own (the private half 0600 in its data folder, never
 * sent); at each copy it sends the public half, and the hub wraps the office database key for it:
 * an ephemeral X25519 key, ECDH, HKDF-SHA256, AES-256-GCM with the standby's device id and the
 * copy's digest as additional data. The wrapped key travels inside the pinned TLS link (device
 * credential) and is kept wrapped beside the copy: a copy of the standby's copies alone, without its
 * private key, opens nothing; and a wrapped key opens only the copy it came with.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileDurably } from '../../native/fs/durableFile';

const INFO = Buffer.from('daftaryar standby office key v1', 'utf8');
const WRAPPED = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/;

export class KeyWrapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyWrapError';
  }
}

/** The standby's key pair, made on first use; `publicKey` is its raw 32 bytes, base64url. */
export function standbyKeyPair(file: string): { privateKey: KeyObject; publicKey: string } {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('x25519');
    writeFileDurably(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  }
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKey: String(jwk.x) };
}

function kek(shared: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, salt, INFO, 32));
}

function publicOf(raw: string): KeyObject {
  if (!/^[A-Za-z0-9_-]{43}$/.test(raw)) throw new KeyWrapError('not an X25519 public key');
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw }, format: 'jwk' });
}

/** `key` wrapped for the holder of `standbyPublic`, bound to `context` (device id and the copy's digest). */
export function wrapKey(key: Buffer, standbyPublic: string, context: string): string {
  const ephemeral = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicOf(standbyPublic) });
  const ephemeralRaw = String(ephemeral.publicKey.export({ format: 'jwk' }).x);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek(shared, Buffer.from(ephemeralRaw, 'base64url')), nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return [ephemeralRaw, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The key `wrapped` holds, for this private key and context; a KeyWrapError for anything else. */
export function unwrapKey(wrapped: string, privateKey: KeyObject, context: string): Buffer {
  const m = WRAPPED.exec(wrapped);
  if (!m) throw new KeyWrapError('not a wrapped key');
  const shared = diffieHellman({ privateKey, publicKey: publicOf(m[1]!) });
  const decipher = createDecipheriv('aes-256-gcm', kek(shared, Buffer.from(m[1]!, 'base64url')), Buffer.from(m[2]!, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(m[4]!, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(m[3]!, 'base64url')), decipher.final()]);
  } catch {
    throw new KeyWrapError('the wrapped key does not open with this standby’s key (another standby, another copy, or damaged)');
  }
}
