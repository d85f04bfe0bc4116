/**
 * What the board says when a ticket is called: «شماره ب ۴۷ به باجه ۳», as an ordered list of
 * recorded clips (a chime, phrases, letter names, number words) that the board stitches together.
 * Pure: it only names clips; making them is scripts/generate-voice-clips.ts, playing them is
 * renderer/audio/announcer.ts, and docs/VOICE.md describes all three.
 *
 * The Persian here is spoken text, not UI text, which is why it lives beside the rule that uses it
 * and not in renderer/i18n/fa.ts: the clip generator (Node) needs it too.
 */
import { z } from 'zod';

/** A called ticket, as much of it as the announcement needs. */
export interface AnnouncedCall {
  /** the queue's prefix letter: one Persian letter (`'ب'`), or a letter's written name (`'الف'`); '' = none */
  prefix: string;
  /** the ticket number, 0..999 */
  number: number;
  /** the counter (باجه) the applicant should walk to, 1..99 */
  counterNumber: number;
  /** a recall of a ticket already called: said again, starting with «تکرار» */
  recall?: boolean;
}

export const MAX_TICKET_NUMBER = 999;
export const MAX_COUNTER_NUMBER = 99;

/** Number words 0–19, one clip each (10–19 are single words in Persian). */
const UNITS_AND_TEENS = [
  'صفر', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه',
  'ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده',
] as const;
/** Tens 20–90. */
const TENS = ['بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'] as const;
/** Hundreds 100–900: each a single word, never «یک صد» or «دو صد». */
const HUNDREDS = ['صد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'] as const;

/**
 * The 32 letters of the Persian alphabet, spoken by their names. Where two letters share a name,
 * or a name sounds like a number word, the name says which one is meant, as Persians do when
 * they spell aloud: ح «حِ جیمی» / ه «هِ دوچشم» (both are plain «هِ»), ث «ثِ سه‌نقطه» (plain «ثِ»
 * is «سه», three: «شماره ث ۴۷» would be heard as «شماره ۳۴۷»).
 */
export const PREFIX_LETTERS = [
  { letter: 'ا', clip: 'letter-alef', name: 'الف' },
  { letter: 'ب', clip: 'letter-be', name: 'بِ' },
  { letter: 'پ', clip: 'letter-pe', name: 'پِ' },
  { letter: 'ت', clip: 'letter-te', name: 'تِ' },
  { letter: 'ث', clip: 'letter-se', name: 'ثِ سه‌نقطه' },
  { letter: 'ج', clip: 'letter-jim', name: 'جیم' },
  { letter: 'چ', clip: 'letter-che', name: 'چِ' },
  { letter: 'ح', clip: 'letter-he-jimi', name: 'حِ جیمی' },
  { letter: 'خ', clip: 'letter-khe', name: 'خِ' },
  { letter: 'د', clip: 'letter-dal', name: 'دال' },
  { letter: 'ذ', clip: 'letter-zal', name: 'ذال' },
  { letter: 'ر', clip: 'letter-re', name: 'رِ' },
  { letter: 'ز', clip: 'letter-ze', name: 'زِ' },
  { letter: 'ژ', clip: 'letter-zhe', name: 'ژِ' },
  { letter: 'س', clip: 'letter-sin', name: 'سین' },
  { letter: 'ش', clip: 'letter-shin', name: 'شین' },
  { letter: 'ص', clip: 'letter-sad', name: 'صاد' },
  { letter: 'ض', clip: 'letter-zad', name: 'ضاد' },
  { letter: 'ط', clip: 'letter-ta', name: 'طا' },
  { letter: 'ظ', clip: 'letter-za', name: 'ظا' },
  { letter: 'ع', clip: 'letter-eyn', name: 'عین' },
  { letter: 'غ', clip: 'letter-gheyn', name: 'غین' },
  { letter: 'ف', clip: 'letter-fe', name: 'فِ' },
  { letter: 'ق', clip: 'letter-ghaf', name: 'قاف' },
  { letter: 'ک', clip: 'letter-kaf', name: 'کاف' },
  { letter: 'گ', clip: 'letter-gaf', name: 'گاف' },
  { letter: 'ل', clip: 'letter-lam', name: 'لام' },
  { letter: 'م', clip: 'letter-mim', name: 'میم' },
  { letter: 'ن', clip: 'letter-nun', name: 'نون' },
  { letter: 'و', clip: 'letter-vav', name: 'واو' },
  { letter: 'ه', clip: 'letter-he-docheshm', name: 'هِ دوچشم' },
  { letter: 'ی', clip: 'letter-ye', name: 'یِ' },
] as const;

/** Phrases and the chime: the parts of an announcement that are not a letter or a number. */
const PHRASES = {
  chime: '',
  'phrase-repeat': 'تکرار',
  'phrase-number': 'شماره',
  'phrase-to-counter': 'به باجه',
  and: 'و',
} as const;

const numberClip = (n: number) => `num-${n}`;

/**
 * The kiosk's spoken guidance (ماده ۴۷ پ), in the board's voice: what to touch, where the priority
 * button is and how to reach it without reading, and the number taken («نوبت شما» + letter + number).
 */
export const GUIDANCE = {
  'guide-welcome': 'برای گرفتن نوبت، خدمت خود را روی صفحه لمس کنید',
  'guide-priority': 'برای نوبت ویژه، دکمهٔ گرد پایین صفحه را لمس کنید، یا کلید ستاره را بزنید',
  'guide-priority-on': 'نوبت ویژه انتخاب شد، اکنون خدمت خود را لمس کنید',
  'guide-your-number': 'نوبت شما',
  'guide-take-ticket': 'برگهٔ نوبت را از چاپگر بردارید',
} as const;
export type GuidanceClip = keyof typeof GUIDANCE;

/** Every clip id announcementClips can produce: phrases, letters, then numbers in ascending order. */
export const ALL_CLIP_IDS: readonly string[] = [
  ...Object.keys(PHRASES),
  ...Object.keys(GUIDANCE),
  ...PREFIX_LETTERS.map((l) => l.clip),
  ...UNITS_AND_TEENS.map((_, n) => numberClip(n)),
  ...TENS.map((_, i) => numberClip((i + 2) * 10)),
  ...HUNDREDS.map((_, i) => numberClip((i + 1) * 100)),
];

/** Clip id → the Persian spoken in it ('' for the chime, which is a sound, not speech). */
export const CLIP_TEXT: Readonly<Record<string, string>> = Object.freeze({
  ...PHRASES,
  ...GUIDANCE,
  ...Object.fromEntries(PREFIX_LETTERS.map((l) => [l.clip, l.name])),
  ...Object.fromEntries(UNITS_AND_TEENS.map((word, n) => [numberClip(n), word])),
  ...Object.fromEntries(TENS.map((word, i) => [numberClip((i + 2) * 10), word])),
  ...Object.fromEntries(HUNDREDS.map((word, i) => [numberClip((i + 1) * 100), word])),
});

/**
 * The number clips for 0..999, by Persian grammar: hundreds, tens and units each one word, joined
 * by «و»; 10–19 are single words; zeros are silent except the number zero itself.
 * 47 → چهل و هفت, 105 → صد و پنج, 210 → دویست و ده, 999 → نهصد و نود و نه, 0 → صفر.
 */
export function numberClips(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_TICKET_NUMBER) {
    throw new RangeError(`number out of range 0..${MAX_TICKET_NUMBER}: ${n}`);
  }
  if (n === 0) return [numberClip(0)];
  const parts: number[] = [];
  const hundreds = Math.floor(n / 100) * 100;
  const rest = n % 100;
  if (hundreds > 0) parts.push(hundreds);
  if (rest >= 20) {
    parts.push(Math.floor(rest / 10) * 10);
    if (rest % 10 > 0) parts.push(rest % 10);
  } else if (rest > 0) {
    parts.push(rest);
  }
  return parts.flatMap((part, i) => (i === 0 ? [numberClip(part)] : ['and', numberClip(part)]));
}

/** Written forms a prefix may come in → its clip: the letter, Arabic ي/ك and آ, and the letter's name. */
const PREFIX_CLIPS: ReadonlyMap<string, string> = new Map<string, string>([
  ...PREFIX_LETTERS.map((l) => [l.letter, l.clip] as [string, string]),
  ...PREFIX_LETTERS.map((l) => [l.name.replace(/\u0650/g, ''), l.clip] as [string, string]),
  ['آ', 'letter-alef'],
  ['ي', 'letter-ye'],
  ['ك', 'letter-kaf'],
]);

/** The clip for a queue prefix, '' → none; an unknown prefix is a RangeError. */
export function prefixClip(prefix: string): string | undefined {
  const key = prefix.normalize('NFC').trim();
  if (key === '') return undefined;
  const clip = PREFIX_CLIPS.get(key);
  if (clip === undefined) throw new RangeError(`unknown queue prefix: ${JSON.stringify(prefix)}`);
  return clip;
}

/**
 * The clips of one announcement, in order. A call: chime, «شماره», letter, number, «به باجه»,
 * counter. A recall is the same sentence after «تکرار» («تکرار، شماره ب ۴۷ به باجه ۳»), so
 * people who heard the first call know it is the same ticket and not a new one.
 */
export function announcementClips(call: AnnouncedCall): string[] {
  const letter = prefixClip(call.prefix);
  if (!Number.isInteger(call.counterNumber) || call.counterNumber < 1 || call.counterNumber > MAX_COUNTER_NUMBER) {
    throw new RangeError(`counter number out of range 1..${MAX_COUNTER_NUMBER}: ${call.counterNumber}`);
  }
  return [
    'chime',
    ...(call.recall ? ['phrase-repeat'] : []),
    'phrase-number',
    ...(letter ? [letter] : []),
    ...numberClips(call.number),
    'phrase-to-counter',
    ...numberClips(call.counterNumber),
  ];
}

/** «نوبت شما، ب چهل و هفت» — the kiosk says the number it just gave. @throws RangeError as announcementClips */
export function yourNumberClips(prefix: string, number: number): string[] {
  const letter = prefixClip(prefix);
  return ['guide-your-number', ...(letter ? [letter] : []), ...numberClips(number)];
}

/**
 * The clip set's manifest, `renderer/public/voice/fa/manifest.json`: written by the generator,
 * read by the board. Durations are those of the trimmed clips, for scheduling and for tests.
 */
export const voiceManifestSchema = z.object({
  format: z.enum(['ogg-vorbis', 'wav-pcm16']),
  sampleRate: z.number().int().positive(),
  /** how the clips were made, e.g. `espeak-ng 1.51 -v fa -s 150` */
  voice: z.string(),
  clips: z.record(
    z.string(),
    z.object({
      file: z.string().regex(/^[a-z0-9-]+\.(ogg|wav)$/),
      durationMs: z.number().int().positive(),
      /** what the voice was given (a test compares it with the generator's, to catch clips not regenerated) */
      input: z.string(),
    }),
  ),
});
export type VoiceManifest = z.infer<typeof voiceManifestSchema>;
