import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALL_CLIP_IDS,
  CLIP_TEXT,
  PREFIX_LETTERS,
  announcementClips,
  numberClips,
  prefixClip,
  voiceManifestSchema,
} from './announcement';

const spoken = (clips: string[]) => clips.map((id) => CLIP_TEXT[id]).join(' ');

describe('announcementClips', () => {
  it('announces «شماره ب ۴۷ به باجه ۳» after a chime', () => {
    expect(announcementClips({ prefix: 'ب', number: 47, counterNumber: 3 })).toEqual([
      'chime',
      'phrase-number',
      'letter-be',
      'num-40',
      'and',
      'num-7',
      'phrase-to-counter',
      'num-3',
    ]);
  });

  it('starts a recall with «تکرار» and otherwise says the same sentence', () => {
    const call = { prefix: 'ب', number: 47, counterNumber: 3 };
    const recall = announcementClips({ ...call, recall: true });
    expect(recall.slice(0, 2)).toEqual(['chime', 'phrase-repeat']);
    expect(recall.filter((id) => id !== 'phrase-repeat')).toEqual(announcementClips(call));
    expect(spoken(recall)).toBe(' تکرار شماره بِ چهل و هفت به باجه سه');
  });

  it('leaves the letter out for a queue without a prefix', () => {
    expect(announcementClips({ prefix: '', number: 5, counterNumber: 12 })).toEqual([
      'chime',
      'phrase-number',
      'num-5',
      'phrase-to-counter',
      'num-12',
    ]);
  });

  it('says counters 1..99 with the same number words', () => {
    expect(announcementClips({ prefix: 'الف', number: 1, counterNumber: 99 }).slice(-4)).toEqual([
      'phrase-to-counter',
      'num-90',
      'and',
      'num-9',
    ]);
  });

  it('rejects an out-of-range ticket or counter number with a RangeError', () => {
    for (const number of [-1, 1000, 1.5, Number.NaN]) {
      expect(() => announcementClips({ prefix: 'ب', number, counterNumber: 1 })).toThrow(RangeError);
    }
    for (const counterNumber of [0, 100, 2.5]) {
      expect(() => announcementClips({ prefix: 'ب', number: 1, counterNumber })).toThrow(RangeError);
    }
  });

  it('rejects an unknown prefix with a RangeError', () => {
    for (const prefix of ['A', 'بب', '۱', 'ة', 'ِ']) {
      expect(() => announcementClips({ prefix, number: 1, counterNumber: 1 })).toThrow(RangeError);
    }
  });

  it('produces only known clip ids for every ticket number and counter', () => {
    const known = new Set(ALL_CLIP_IDS);
    for (let number = 0; number <= 999; number++) {
      for (const id of announcementClips({ prefix: 'ی', number, counterNumber: 1 + (number % 99) })) {
        expect(known.has(id), `${number}: ${id}`).toBe(true);
      }
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...PREFIX_LETTERS.map((l) => l.letter)),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 1, max: 99 }),
        fc.boolean(),
        (prefix, number, counterNumber, recall) =>
          announcementClips({ prefix, number, counterNumber, recall }).every((id) => known.has(id)),
      ),
    );
  });
});

describe('numberClips', () => {
  const fixtures: [number, string][] = [
    [0, 'صفر'],
    [7, 'هفت'],
    [10, 'ده'],
    [13, 'سیزده'],
    [19, 'نوزده'],
    [20, 'بیست'],
    [21, 'بیست و یک'],
    [47, 'چهل و هفت'],
    [99, 'نود و نه'],
    [100, 'صد'],
    [101, 'صد و یک'],
    [105, 'صد و پنج'],
    [110, 'صد و ده'],
    [200, 'دویست'],
    [210, 'دویست و ده'],
    [212, 'دویست و دوازده'],
    [500, 'پانصد'],
    [999, 'نهصد و نود و نه'],
  ];
  it.each(fixtures)('says %i as «%s»', (n, words) => {
    expect(spoken(numberClips(n))).toBe(words);
  });

  it('joins words with «و» and never starts, ends or doubles it', () => {
    for (let n = 0; n <= 999; n++) {
      const clips = numberClips(n);
      expect(clips[0]).not.toBe('and');
      expect(clips.at(-1)).not.toBe('and');
      clips.forEach((id, i) => expect(i % 2 === 1).toBe(id === 'and'));
      // at most hundreds + tens + units, and «صفر» only for zero itself
      expect(clips.length).toBeLessThanOrEqual(5);
      expect(clips.includes('num-0')).toBe(n === 0);
    }
  });

  it('adds up to the number it says', () => {
    for (let n = 0; n <= 999; n++) {
      const sum = numberClips(n)
        .filter((id) => id !== 'and')
        .reduce((total, id) => total + Number(id.slice('num-'.length)), 0);
      expect(sum).toBe(n);
    }
  });
});

describe('clip catalogue', () => {
  it('has one Persian text per clip id and no id twice', () => {
    expect(new Set(ALL_CLIP_IDS).size).toBe(ALL_CLIP_IDS.length);
    expect(Object.keys(CLIP_TEXT).sort()).toEqual([...ALL_CLIP_IDS].sort());
    for (const id of ALL_CLIP_IDS) {
      expect(id).toMatch(/^[a-z0-9-]+$/);
      if (id !== 'chime') expect(CLIP_TEXT[id]).toMatch(/^[\u0600-\u06ff\u200c ]+$/);
    }
  });

  it('covers the 32 letters of the Persian alphabet, each with its own clip', () => {
    const alphabet = 'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی';
    expect(PREFIX_LETTERS.map((l) => l.letter).join('')).toBe(alphabet);
    expect(new Set(PREFIX_LETTERS.map((l) => l.clip)).size).toBe(32);
  });

  it('accepts a prefix as the letter, its written name, or the Arabic/alef-madde forms', () => {
    expect(prefixClip('الف')).toBe('letter-alef');
    expect(prefixClip('ا')).toBe('letter-alef');
    expect(prefixClip('آ')).toBe('letter-alef');
    expect(prefixClip(' جیم ')).toBe('letter-jim');
    expect(prefixClip('ي')).toBe('letter-ye');
    expect(prefixClip('ك')).toBe('letter-kaf');
    expect(prefixClip('')).toBeUndefined();
  });

  it('tells apart letters whose plain names sound alike', () => {
    expect(CLIP_TEXT['letter-he-jimi']).not.toBe(CLIP_TEXT['letter-he-docheshm']);
    expect(CLIP_TEXT['letter-se']).toContain('سه‌نقطه');
  });

  it('has a manifest schema that accepts what the generator writes', () => {
    const manifest = {
      format: 'ogg-vorbis',
      sampleRate: 22050,
      voice: 'espeak-ng -v fa',
      clips: { chime: { file: 'chime.ogg', durationMs: 640, input: 'sox synth' } },
    };
    expect(voiceManifestSchema.parse(manifest)).toEqual(manifest);
    expect(() => voiceManifestSchema.parse({ ...manifest, clips: { x: { file: '../x.ogg', durationMs: 1, input: '' } } })).toThrow();
  });
});

describe('the kiosk guidance', async () => {
  const { GUIDANCE, yourNumberClips } = await import('./announcement');
  it('is part of the clip set, and says the number taken with the letter and the number words', () => {
    for (const id of Object.keys(GUIDANCE)) expect(ALL_CLIP_IDS).toContain(id);
    expect(yourNumberClips('ب', 47)).toEqual(['guide-your-number', 'letter-be', 'num-40', 'and', 'num-7']);
    expect(yourNumberClips('', 5)).toEqual(['guide-your-number', 'num-5']);
    expect(() => yourNumberClips('X', 5)).toThrow(RangeError);
  });
});
