/**
 * The committed voice clips (renderer/public/voice/fa) against the clip set of
 * core/queue/announcement.ts: nothing missing, nothing extra, every file real audio of the
 * declared format and a plausible length. Reads the files only; needs neither espeak-ng nor sox.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CLIP_IDS, voiceManifestSchema, type VoiceManifest } from '../core/queue/announcement';
import { VOICE_DIR, synthesisInput } from './generate-voice-clips';

interface AudioInfo {
  sampleRate: number;
  channels: number;
  samples: number;
}

const ascii = (bytes: Buffer, start: number, length: number) => bytes.toString('latin1', start, start + length);

/** Ogg's page checksum: CRC-32 with polynomial 0x04c11db7, not reflected, over the page with its CRC field zeroed. */
const OGG_CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let r = i << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});
function oggCrc(page: Buffer): number {
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    const byte = i >= 22 && i < 26 ? 0 : page[i]!;
    crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  }
  return crc;
}

/** Walks every Ogg page (capture pattern, version, checksum, BOS/EOS flags) and reads the Vorbis identification header. */
function parseOggVorbis(bytes: Buffer): AudioInfo {
  let offset = 0;
  let pages = 0;
  let granule = 0n;
  let eos = false;
  let firstPacket: Buffer | undefined;
  while (offset < bytes.length) {
    expect(ascii(bytes, offset, 4), `page ${pages} capture pattern`).toBe('OggS');
    expect(bytes[offset + 4], 'stream structure version').toBe(0);
    const flags = bytes[offset + 5]!;
    expect(Boolean(flags & 0x02), `page ${pages} beginning-of-stream flag`).toBe(pages === 0);
    expect(eos, 'no page after end of stream').toBe(false);
    eos = Boolean(flags & 0x04);
    const pageGranule = bytes.readBigInt64LE(offset + 6);
    if (pageGranule >= 0n) granule = pageGranule; // -1: no packet ends on this page
    const segments = bytes[offset + 26]!;
    const lacing = bytes.subarray(offset + 27, offset + 27 + segments);
    const bodyLength = lacing.reduce((sum, n) => sum + n, 0);
    const end = offset + 27 + segments + bodyLength;
    expect(end, 'page fits in the file').toBeLessThanOrEqual(bytes.length);
    const page = bytes.subarray(offset, end);
    expect(oggCrc(page), `page ${pages} checksum`).toBe(bytes.readUInt32LE(offset + 22));
    if (pages === 0) firstPacket = bytes.subarray(offset + 27 + segments, end);
    offset = end;
    pages++;
  }
  expect(eos, 'the last page ends the stream').toBe(true);
  expect(firstPacket!.subarray(0, 7).equals(Buffer.from('\x01vorbis', 'latin1')), 'Vorbis identification header').toBe(true);
  return {
    channels: firstPacket!.readUInt8(11),
    sampleRate: firstPacket!.readUInt32LE(12),
    samples: Number(granule),
  };
}

/** RIFF/WAVE with a PCM `fmt ` chunk and a `data` chunk. */
function parseWav(bytes: Buffer): AudioInfo {
  expect(ascii(bytes, 0, 4)).toBe('RIFF');
  expect(ascii(bytes, 8, 4)).toBe('WAVE');
  let offset = 12;
  let fmt: { channels: number; sampleRate: number; blockAlign: number; bits: number } | undefined;
  let dataBytes: number | undefined;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset, 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      expect(bytes.readUInt16LE(offset + 8), 'PCM').toBe(1);
      fmt = {
        channels: bytes.readUInt16LE(offset + 10),
        sampleRate: bytes.readUInt32LE(offset + 12),
        blockAlign: bytes.readUInt16LE(offset + 20),
        bits: bytes.readUInt16LE(offset + 22),
      };
    } else if (id === 'data') {
      dataBytes = size;
    }
    offset += 8 + size + (size % 2);
  }
  expect(fmt, 'fmt chunk').toBeDefined();
  expect(fmt!.bits, '16-bit samples').toBe(16);
  expect(dataBytes, 'data chunk').toBeGreaterThan(0);
  return { channels: fmt!.channels, sampleRate: fmt!.sampleRate, samples: dataBytes! / fmt!.blockAlign };
}

const manifest: VoiceManifest = voiceManifestSchema.parse(
  JSON.parse(fs.readFileSync(path.join(VOICE_DIR, 'manifest.json'), 'utf8')),
);

describe('committed voice clips', () => {
  it('has exactly one clip per id the announcement can produce', () => {
    expect(Object.keys(manifest.clips).sort()).toEqual([...ALL_CLIP_IDS].sort());
  });

  it('has every listed file on disk and no file that is not listed', () => {
    const listed = Object.values(manifest.clips).map((c) => c.file);
    expect(new Set(listed).size).toBe(listed.length);
    expect(fs.readdirSync(VOICE_DIR).sort()).toEqual([...listed, 'manifest.json'].sort());
  });

  it('was made from what the generator would give the voice now (else: npx tsx scripts/generate-voice-clips.ts)', () => {
    for (const id of ALL_CLIP_IDS) expect(manifest.clips[id]!.input, id).toBe(synthesisInput(id));
  });

  it.each(ALL_CLIP_IDS.map((id) => [id]))('%s is valid mono audio of the declared format and a plausible length', (id) => {
    const clip = manifest.clips[id]!;
    const bytes = fs.readFileSync(path.join(VOICE_DIR, clip.file));
    expect(bytes.length).toBeGreaterThan(0);
    const info = manifest.format === 'ogg-vorbis' ? parseOggVorbis(bytes) : parseWav(bytes);
    expect(clip.file.endsWith(manifest.format === 'ogg-vorbis' ? '.ogg' : '.wav')).toBe(true);
    expect(info.channels).toBe(1);
    expect(info.sampleRate).toBe(manifest.sampleRate);
    const seconds = info.samples / info.sampleRate;
    expect(Math.abs(seconds * 1000 - clip.durationMs), 'manifest duration').toBeLessThanOrEqual(1);
    // a word 0.15–2 s; the kiosk's guidance is a sentence (docs/VOICE.md § The kiosk's guidance)
    const [min, max] = id === 'chime' ? [0.3, 1.5] : id.startsWith('guide-') ? [0.5, 8.0] : [0.15, 2.0];
    expect(seconds).toBeGreaterThanOrEqual(min);
    expect(seconds).toBeLessThanOrEqual(max);
  });

  it('stays small enough to ship with the app (< 2 MB)', () => {
    const total = fs.readdirSync(VOICE_DIR).reduce((sum, f) => sum + fs.statSync(path.join(VOICE_DIR, f)).size, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });
});
