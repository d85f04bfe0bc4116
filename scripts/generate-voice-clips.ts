/**
 * Makes the board's voice clips: one small audio file per clip id of core/queue/announcement.ts,
 * spoken by espeak-ng's Persian voice, trimmed of silence so stitched clips flow, plus a two-tone
 * chime, and `manifest.json` (docs/VOICE.md). The output is committed; run this only when the
 * clip set or the voice changes.
 *
 * Usage: npx tsx scripts/generate-voice-clips.ts [--format ogg|wav] [--out <dir>]
 * Needs: espeak-ng, sox with Ogg Vorbis (Debian: apt-get install espeak-ng sox libsox-fmt-base).
 *
 * Deterministic: espeak-ng is, and sox runs with -R (fixed Ogg serial number, no timestamps) and
 * no comment, so the same tools give byte-identical files. Idempotent: it builds everything in a
 * temporary folder, then writes only files whose bytes changed and removes files that are no
 * longer part of the set.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CLIP_IDS, CLIP_TEXT, PREFIX_LETTERS, type VoiceManifest } from '../core/queue/announcement';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VOICE_DIR = path.join(repoRoot, 'renderer/public/voice/fa');

/** espeak-ng's default is 175 words a minute; 150 is slower and clearer for a noisy waiting room. */
const SPEED_WPM = 150;
/**
 * Ogg clips keep espeak-ng's 22.05 kHz (no resampling; «س»/«ش» stay crisp). The WAV fallback is
 * resampled to 16 kHz 16-bit mono to stay small: still above speech's useful band.
 */
const WAV_SAMPLE_RATE = 16_000;
/** Below this a sample counts as silence when trimming (espeak's silence is digital zero; -60 dB keeps soft «ف»/«ت»). */
const SILENCE_THRESHOLD = '-60d';
/** Every speech clip gets the same gain, chosen so the loudest clip peaks here: loudness stays even across clips. */
const SPEECH_PEAK_DB = -1.5;
/** The chime is a pair of sine tones, which sound louder than speech at the same peak: keep it soft. */
const CHIME_PEAK_DB = -12;
/**
 * Silence after every clip (s). Chromium's Vorbis decoder drops up to one short block (256 samples,
 * 12 ms at 22.05 kHz) at the end of a stream — measured on all clips; with this, what it drops
 * is silence, not the release of «هفت».
 */
const TAIL_PAD_S = '0.02';
/** Ogg Vorbis quality (sox -C, 0..10): 3 is clean for speech; most of each file is Vorbis's ~4 KB setup header anyway. */
const VORBIS_QUALITY = '3';

/** The chime's recipe, as the manifest records it (see makeChime). */
const CHIME_INPUT = 'sox synth: E5 0.45 s, then C5 0.45 s from 0.22 s, 15 % octave each';

type Format = VoiceManifest['format'];

/**
 * What espeak-ng is given for a clip, where the clip's text would be read wrongly: number words
 * as digits (espeak reads «نه», nine, as «نَه», no), «و» as the phoneme /o/ of «چهل و هفت» (not
 * «وَ»), letters as the bare letter (espeak knows the letters' names), and spellings that espeak
 * reads better than the catalogue's.
 */
export function synthesisInput(id: string): string {
  if (id === 'chime') return CHIME_INPUT;
  if (id.startsWith('num-')) return id.slice('num-'.length);
  if (id === 'and') return '[[o]]';
  const overrides: Record<string, string> = {
    'letter-he-docheshm': 'هِ دو چشم', // «دوچشم» in one word is read «دوچَشَم»
    'letter-vav': 'واو', // the bare letter is read as the word «وَ»
    'letter-se': 'ثِ سه‌نقطه', // the bare letter is read «ثِ», which sounds like «سه», three
  };
  if (overrides[id]) return overrides[id];
  const letter = PREFIX_LETTERS.find((l) => l.clip === id);
  if (letter) return letter.letter;
  const text = CLIP_TEXT[id];
  if (!text) throw new Error(`no text for clip ${id}`);
  return text;
}

function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${cmd}: ${result.error.message} — is it installed? (see docs/VOICE.md)`);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** Peak absolute amplitude (0..1) of an audio file, from `sox … -n stat`. */
function peakOf(file: string): number {
  const stat = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }).stderr;
  const max = /Maximum amplitude:\s+([-\d.]+)/.exec(stat);
  const min = /Minimum amplitude:\s+([-\d.]+)/.exec(stat);
  if (!max || !min) throw new Error(`sox stat gave no amplitude for ${file}: ${stat}`);
  return Math.max(Math.abs(Number(max[1])), Math.abs(Number(min[1])));
}

function samplesOf(file: string): number {
  return Number(run('soxi', ['-s', file]).trim());
}

function soxCanWriteVorbis(): boolean {
  const help = spawnSync('sox', ['-h'], { encoding: 'utf8' }).stdout ?? '';
  const formats = /AUDIO FILE FORMATS:(.*)/.exec(help)?.[1]?.split(/\s+/) ?? [];
  return formats.includes('vorbis') && formats.includes('ogg');
}

/** sox output options for the chosen format. */
function encodeOptions(format: Format): string[] {
  return format === 'ogg-vorbis'
    ? ['-C', VORBIS_QUALITY, '--comment', '']
    : ['-r', String(WAV_SAMPLE_RATE), '-b', '16', '-e', 'signed-integer', '--comment', ''];
}

/**
 * Trims leading and trailing silence and softens both edges against clicks: trim the front,
 * reverse, trim the (former) end and fade it in, i.e. out, reverse back, fade the start in.
 */
const TRIM = [
  'silence', '1', '0.005', SILENCE_THRESHOLD,
  'reverse', 'silence', '1', '0.005', SILENCE_THRESHOLD, 'fade', 'q', '0.008',
  'reverse', 'fade', 'q', '0.003',
];

/** Two soft tones, E5 then C5 (a doorbell's falling third), each with a touch of octave and a bell-like decay: ~0.67 s. */
function makeChime(work: string): string {
  const tone = (file: string, hz: number, delay: number) =>
    run('sox', [
      // two channels out of synth (the tone, its octave), mixed down to one
      '-R', '-r', '22050', '-c', '2', '-n', '-c', '1', file,
      'synth', '0.45', 'sine', String(hz), 'sine', String(hz * 2),
      'remix', '1v0.85,2v0.15',
      'fade', 'q', '0.01', '0.45', '0.4',
      'pad', String(delay), '0',
    ]);
  const first = path.join(work, 'chime-1.wav');
  const second = path.join(work, 'chime-2.wav');
  tone(first, 659.25, 0);
  tone(second, 523.25, 0.22);
  const mixed = path.join(work, 'chime.raw.wav');
  run('sox', ['-R', '-m', first, second, mixed, 'gain', '-n', String(CHIME_PEAK_DB)]);
  return mixed;
}

export interface GenerateOptions {
  format?: Format;
  outDir?: string;
  log?: (line: string) => void;
}

export interface GenerateResult {
  manifest: VoiceManifest;
  written: string[];
  removed: string[];
  totalBytes: number;
}

export function generateVoiceClips(options: GenerateOptions = {}): GenerateResult {
  const format = options.format ?? 'ogg-vorbis';
  const outDir = options.outDir ?? VOICE_DIR;
  const log = options.log ?? (() => {});
  if (format === 'ogg-vorbis' && !soxCanWriteVorbis()) {
    throw new Error('this sox cannot write Ogg Vorbis: install libsox-fmt-base, or pass --format wav');
  }
  const espeakVersion = /eSpeak NG text-to-speech: (\S+)/.exec(run('espeak-ng', ['--version']))?.[1] ?? 'unknown';
  const ext = format === 'ogg-vorbis' ? 'ogg' : 'wav';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-clips-'));
  try {
    // 1. Speak and trim every word clip, untouched in level.
    const raw = new Map<string, string>();
    for (const id of ALL_CLIP_IDS) {
      if (id === 'chime') continue;
      const spoken = path.join(work, `${id}.spoken.wav`);
      const trimmed = path.join(work, `${id}.raw.wav`);
      run('espeak-ng', ['-v', 'fa', '-s', String(SPEED_WPM), '-w', spoken, synthesisInput(id)]);
      run('sox', ['-R', spoken, trimmed, ...TRIM]);
      raw.set(id, trimmed);
    }
    raw.set('chime', makeChime(work));

    // 2. One gain for all the board's speech, so no word is louder than another; the kiosk's guidance
    //    sentences (`guide-*`, said on their own, never stitched into a call) are levelled as a group of their own,
    //    so adding one never changes the level, or the bytes, of the board's clips.
    const groupOf = (id: string) => (id.startsWith('guide-') ? 'guidance' : 'board');
    const gainOf = (group: string) => {
      const loudest = Math.max(...[...raw].filter(([id]) => id !== 'chime' && groupOf(id) === group).map(([, file]) => peakOf(file)));
      return (SPEECH_PEAK_DB - 20 * Math.log10(loudest)).toFixed(2);
    };
    const speechGainDb = gainOf('board');
    const guidanceGainDb = ALL_CLIP_IDS.some((id) => groupOf(id) === 'guidance') ? gainOf('guidance') : speechGainDb;

    // 3. Encode, measure.
    const built = new Map<string, Buffer>();
    const clips: VoiceManifest['clips'] = {};
    let sampleRate = 0;
    for (const id of ALL_CLIP_IDS) {
      const file = `${id}.${ext}`;
      const target = path.join(work, file);
      const gain = id === 'chime' ? [] : ['gain', groupOf(id) === 'guidance' ? guidanceGainDb : speechGainDb];
      run('sox', ['-R', raw.get(id)!, ...encodeOptions(format), target, ...gain, 'pad', '0', TAIL_PAD_S]);
      sampleRate = Number(run('soxi', ['-r', target]).trim());
      clips[id] = { file, durationMs: Math.round((samplesOf(target) * 1000) / sampleRate), input: synthesisInput(id) };
      built.set(file, fs.readFileSync(target));
    }
    const manifest: VoiceManifest = {
      format,
      sampleRate,
      voice: `espeak-ng ${espeakVersion} -v fa -s ${SPEED_WPM}; chime: sox synth`,
      clips,
    };
    built.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));

    // 4. Write what changed, remove what is gone.
    fs.mkdirSync(outDir, { recursive: true });
    const written: string[] = [];
    for (const [file, bytes] of built) {
      const target = path.join(outDir, file);
      if (fs.existsSync(target) && fs.readFileSync(target).equals(bytes)) continue;
      fs.writeFileSync(target, bytes);
      written.push(file);
    }
    // Only clip files: a mistaken --out must not cost anyone their files.
    const removed = fs.readdirSync(outDir).filter((file) => !built.has(file) && /\.(ogg|wav)$/.test(file));
    for (const file of removed) fs.rmSync(path.join(outDir, file));
    const totalBytes = [...built.values()].reduce((sum, b) => sum + b.length, 0);
    log(`${ALL_CLIP_IDS.length} clips (${format}, ${sampleRate} Hz), ${(totalBytes / 1024).toFixed(0)} KiB in ${path.relative(repoRoot, outDir)}`);
    log(`speech gain ${speechGainDb} dB (guidance ${guidanceGainDb} dB); ${written.length} file(s) written, ${removed.length} removed`);
    return { manifest, written, removed, totalBytes };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): GenerateOptions {
  const options: GenerateOptions = { log: (line) => console.log(line) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--format') {
      const value = argv[++i];
      if (value !== 'ogg' && value !== 'wav') throw new Error('--format is ogg or wav');
      options.format = value === 'ogg' ? 'ogg-vorbis' : 'wav-pcm16';
    } else if (arg === '--out') {
      const value = argv[++i];
      if (!value) throw new Error('--out needs a folder');
      options.outDir = path.resolve(value);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    generateVoiceClips(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
