/**
 * A file on its way in (the counter's upload, sent in chunks), on disk only as ciphertext. Each chunk
 * is sealed with AES-256-GCM under a key made for this one upload and kept only in this process's
 * memory, never written anywhere. A kill -9 or a power cut takes the key with it: what is left on
 * disk cannot be read by anyone, the office included, and the next start removes it (workDir.ts).
 *
 * File format: one record per chunk, `length (u32 BE) | ciphertext | GCM tag (16)`; the nonce is the
 * chunk's number (96 bits, big-endian), unique under the upload's own key, so chunks cannot be
 * reordered, dropped or swapped without the read failing.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';

const TAG_BYTES = 16;

export class SealedUploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedUploadError';
  }
}

function nonceOf(chunk: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32BE(Math.floor(chunk / 2 ** 32), 4);
  nonce.writeUInt32BE(chunk >>> 0, 8);
  return nonce;
}

export class SealedUpload {
  /** plaintext bytes received so far (counted when a chunk is taken, before it is written) */
  size = 0;
  #chunks = 0;
  #key: Buffer | null = randomBytes(32);
  /** the appends, one after the other: each chunk's number is its nonce, and its place in the file */
  #tail: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  #liveKey(): Buffer {
    if (!this.#key) throw new SealedUploadError('the upload was discarded');
    return this.#key;
  }

  /**
   * Seals `data` and appends it. The chunk is numbered (and `size` grows) at once, so two calls never
   * share a nonce; the writes run in that order. On a failed write the upload is damaged and must be
   * discarded.
   */
  append(data: Buffer): Promise<void> {
    const chunk = this.#chunks;
    const cipher = createCipheriv('aes-256-gcm', this.#liveKey(), nonceOf(chunk));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const record = Buffer.concat([head, body, cipher.getAuthTag()]);
    this.#chunks += 1;
    this.size += data.length;
    const write = this.#tail.then(async () => {
      const fd = await open(this.file, chunk === 0 ? 'w' : 'a', 0o600);
      try {
        await fd.writeFile(record);
      } finally {
        await fd.close();
      }
    });
    this.#tail = write.catch(() => undefined);
    return write;
  }

  /** The whole file, decrypted into memory. */
  async read(): Promise<Buffer> {
    await this.#tail;
    const key = this.#liveKey();
    const out = Buffer.alloc(this.size);
    const fd = await open(this.file, 'r');
    try {
      let at = 0;
      let pos = 0;
      const head = Buffer.alloc(4);
      for (let chunk = 0; chunk < this.#chunks; chunk++) {
        if ((await fd.read(head, 0, 4, pos)).bytesRead !== 4) throw new SealedUploadError('the upload is truncated');
        const length = head.readUInt32BE(0);
        if (at + length > out.length) throw new SealedUploadError('the upload is longer than was sent');
        const record = Buffer.alloc(length + TAG_BYTES);
        if ((await fd.read(record, 0, record.length, pos + 4)).bytesRead !== record.length) throw new SealedUploadError('the upload is truncated');
        const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(chunk));
        decipher.setAuthTag(record.subarray(length));
        try {
          const plain = Buffer.concat([decipher.update(record.subarray(0, length)), decipher.final()]);
          plain.copy(out, at);
          plain.fill(0);
        } catch {
          throw new SealedUploadError('the upload was changed on disk');
        }
        at += length;
        pos += 4 + record.length;
      }
      if (at !== out.length) throw new SealedUploadError('the upload is shorter than was sent');
      return out;
    } finally {
      await fd.close();
    }
  }

  /** Forgets the key and removes the file. */
  async discard(): Promise<void> {
    this.#forget();
    await this.#tail; // a write still under way would make the file again
    await rm(this.file, { force: true });
  }

  /** The same, at once (the hub closing). */
  discardSync(): void {
    this.#forget();
    rmSync(this.file, { force: true });
  }

  #forget(): void {
    this.#key?.fill(0);
    this.#key = null;
  }
}
