/**
 * Anonymous complaints (ماده ۲۰; docs/SYNC-PROTOCOL.md § Complaints), the Center's side: the X25519 key
 * it publishes for sealing them (signed with the central's Ed25519 key, so an office believes only
 * this central's), the intake (idempotent by the complaint's random id), and opening one — which only
 * the Center can, with the private key kept here.
 */
import { createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import * as p from '../core/sync/protocol';
import type { Sql, SqlQuery } from './sql';
import { signUtf8, type ServerKey } from './signing';

export interface ComplaintKeyPair {
  published: p.ComplaintKey;
  privateKey: KeyObject;
}

const rawOf = (key: KeyObject): string => {
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('not an X25519 key');
  return x;
};

/** The newest complaint key; the first node to need one makes it, signed with the server key. */
export async function loadComplaintKey(q: SqlQuery, serverKey: ServerKey, now: Date): Promise<ComplaintKeyPair> {
  const read = () =>
    q.query<{ key_id: string; private_key_pkcs8: string; public_key: string; published_at: Date | string; signature: string }>(
      'SELECT key_id, private_key_pkcs8, public_key, published_at, signature FROM complaint_key ORDER BY published_at DESC, key_id LIMIT 1',
    );
  let { rows } = await read();
  if (rows.length === 0) {
    const pair = generateKeyPairSync('x25519');
    const body = { keyId: randomBytes(8).toString('hex'), alg: p.COMPLAINT_SEAL_ALG, publicKey: rawOf(pair.publicKey), publishedAt: now.toISOString() } as const;
    const signature = signUtf8(serverKey.privateKey, p.complaintKeySigned(body));
    await q.query('INSERT INTO complaint_key (key_id, private_key_pkcs8, public_key, published_at, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      body.keyId,
      pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      body.publicKey,
      body.publishedAt,
      signature,
    ]);
    ({ rows } = await read());
  }
  const r = rows[0]!;
  return {
    published: { keyId: r.key_id, alg: p.COMPLAINT_SEAL_ALG, publicKey: r.public_key, publishedAt: new Date(r.published_at).toISOString(), signature: r.signature },
    privateKey: createPrivateKey(r.private_key_pkcs8),
  };
}

/** Stores a sealed complaint; `created` false when the same bytes were stored before, null when the id holds other bytes. */
export async function receiveComplaint(sql: Sql, officeId: string, id: string, sealed: p.SealedComplaint, now: Date): Promise<{ created: boolean } | null> {
  const text = p.canonicalJson(sealed);
  return sql.tx(async (q) => {
    const known = await q.query('SELECT 1 FROM complaint_key WHERE key_id = $1', [sealed.keyId]);
    if (known.rows.length === 0) return null;
    const inserted = await q.query('INSERT INTO complaint (office_id, id, key_id, received_on, sealed) VALUES ($1, $2, $3, $4::date, $5) ON CONFLICT DO NOTHING RETURNING id', [
      officeId,
      id,
      sealed.keyId,
      now.toISOString().slice(0, 10),
      text,
    ]);
    if (inserted.rows.length > 0) return { created: true };
    const { rows } = await q.query<{ sealed: string }>('SELECT sealed FROM complaint WHERE office_id = $1 AND id = $2', [officeId, id]);
    return rows[0]?.sealed === text ? { created: false } : null;
  });
}

/** Opens a sealed complaint with the Center's private key (throws if it was not sealed to it, or was changed). */
export function openComplaint(privateKey: KeyObject, id: string, sealed: p.SealedComplaint): p.ComplaintPlaintext {
  const publicKey = rawOf(createPublicKey(privateKey));
  const epk = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: sealed.epk }, format: 'jwk' });
  const shared = diffieHellman({ privateKey, publicKey: epk });
  const salt = Buffer.concat([Buffer.from(sealed.epk, 'base64url'), Buffer.from(publicKey, 'base64url')]);
  const key = Buffer.from(hkdfSync('sha256', shared, salt, p.COMPLAINT_HKDF_INFO, 32));
  const ct = Buffer.from(sealed.ct, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64url'));
  decipher.setAAD(Buffer.from(p.complaintAad(id, sealed.keyId), 'utf8'));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  const plain = Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]);
  return p.complaintPlaintext.parse(JSON.parse(plain.toString('utf8')));
}

/** Every complaint of an office, opened with the Center's private key (the tests; the Center's own tools — no CLI command yet). */
export async function readComplaints(sql: Sql, officeId: string): Promise<{ id: string; receivedOn: string; complaint: p.ComplaintPlaintext }[]> {
  const { rows } = await sql.query<{ id: string; received_on: Date | string; sealed: string; private_key_pkcs8: string }>(
    `SELECT c.id, c.received_on, c.sealed, k.private_key_pkcs8 FROM complaint c JOIN complaint_key k ON k.key_id = c.key_id
     WHERE c.office_id = $1 ORDER BY c.received_on, c.id`,
    [officeId],
  );
  return rows.map((r) => ({
    id: r.id,
    receivedOn: typeof r.received_on === 'string' ? r.received_on.slice(0, 10) : r.received_on.toISOString().slice(0, 10),
    complaint: openComplaint(createPrivateKey(r.private_key_pkcs8), r.id, p.sealedComplaint.parse(JSON.parse(r.sealed))),
  }));
}
