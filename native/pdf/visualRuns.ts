import bidiFactory, { type EmbeddingLevels } from 'bidi-js';

/**
 * The Unicode bidi algorithm for the PDF text layer. pdf-lib shapes text with fontkit but runs no
 * bidi: fontkit picks one direction for a whole string from its first strong script and reverses
 * the glyphs of an Arabic-script string — so «۱۲۳» came out «۳۲۱» and a Latin run inside Persian
 * stayed where it was in memory. Here a line is resolved once (levels, UAX #9), each word is cut
 * into directional runs in visual order, mirrored where right to left, and each run is handed to
 * fontkit in the order that makes fontkit's own reversal come out right.
 */

const bidi = bidiFactory();

export interface VisualRun {
  /** the run's characters in logical order (mirrored if right to left and asked for) */
  readonly text: string;
  readonly rtl: boolean;
}

export interface ResolvedLine {
  readonly text: string;
  readonly levels: EmbeddingLevels;
}

/**
 * Resolves a line. Our documents are Persian: a line with any right-to-left letter is a
 * right-to-left paragraph even when it starts with a Latin word («Invoice 42 برای دفتر») — rule
 * P2 would make that one left to right. A line without any is left to right.
 */
export function resolveLine(text: string): ResolvedLine {
  return { text, levels: bidi.getEmbeddingLevels(text, RTL_LETTER.test(text) ? 'rtl' : 'ltr') };
}

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * The runs of `line.text[start, end)` left to right as they appear on the page. Within a run the
 * characters stay in logical order: that is what a PDF text extractor reads back.
 *
 * `mirror` (rule L4: «(» drawn as «)» in right-to-left text) is off by default, on purpose: in an
 * invisible layer nobody sees the glyph, but extractors read its ToUnicode — pdftotext gave
 * «)نقدی(» for a mirrored «(نقدی)» — so a text layer must not mirror. Visible text would.
 */
export function visualRuns(line: ResolvedLine, start: number, end: number, options: { mirror?: boolean } = {}): VisualRun[] {
  if (end <= start) return [];
  const { text, levels } = line;
  // bidi-js returns indices for the whole string, with only [start, end] reordered.
  const order = bidi.getReorderedIndices(text, levels, start, end - 1).slice(start, end);
  const mirrored = options.mirror ? bidi.getMirroredCharactersMap(text, levels.levels, start, end - 1) : new Map<number, string>();
  const runs: VisualRun[] = [];
  let i = 0;
  while (i < order.length) {
    const level = levels.levels[order[i]!]!;
    let j = i + 1;
    while (j < order.length && levels.levels[order[j]!] === level) j++;
    const indices = order.slice(i, j).sort((a, b) => a - b);
    const rtl = level % 2 === 1;
    runs.push({ text: indices.map((k) => mirrored.get(k) ?? text[k]!).join(''), rtl });
    i = j;
  }
  return runs;
}

/**
 * What fontkit does with a string: it takes the script of the first character that has one
 * (digits «۱۲۳» and «٬» are Arabic script; «1», «-», «.» have none) and reverses the glyphs when that
 * script is written right to left.
 */
const SCRIPTED = /[\p{L}\p{M}\p{Nd}]/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

export function fontkitReverses(text: string): boolean {
  for (const ch of text) {
    if (RTL_SCRIPT.test(ch)) return true;
    if (SCRIPTED.test(ch) && !/\p{Script=Common}|\p{Script=Inherited}/u.test(ch)) return false;
  }
  return false;
}

/**
 * The string to give fontkit so that its glyphs come out left to right as the run is seen: as is
 * when fontkit's reversal matches the run's direction, reversed (by code point) when it does not —
 * e.g. Persian digits (a left-to-right run of Arabic-script characters), or a right-to-left run of
 * neutrals only. Digits and neutrals do not join, so reversing them never changes their shapes.
 */
export function fontkitInput(run: VisualRun): string {
  return run.rtl === fontkitReverses(run.text) ? run.text : [...run.text].reverse().join('');
}
