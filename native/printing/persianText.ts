import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { Bitmap } from './raster';

/**
 * Persian text → 1-bit dots. Printers' code pages cannot shape Persian (letters come out unjoined,
 * left to right), so every printed word is drawn here: Pango + HarfBuzz shape it (RTL, joining,
 * ZWNJ) with Vazirmatn, and the anti-aliased result is thresholded to black/white dots.
 *
 * The font is passed as a file (`fontfile`): librsvg ignores `@font-face`, and the app must not
 * depend on the font being installed system-wide.
 */

export type FontWeight = 'Regular' | 'Medium' | 'SemiBold' | 'Bold' | 'ExtraBold' | 'Black';

export interface TextStyle {
  weight: FontWeight;
  /** em size in dots (thermal printers: 8 dots/mm) */
  sizePx: number;
  /** break lines at word boundaries to fit the width; off = one line, however wide */
  wrap?: boolean;
  /**
   * extra space after each digit, as a fraction of the em. Vazirmatn sets digits tight; in heavy
   * weights «۱۲» runs together and reads as «۱۳» (to people far away and to OCR alike).
   */
  digitSpacing?: number;
}

/**
 * Coverage (0–255) at or above which a dot is printed. A little under half: thin strokes of the
 * small sizes stay connected on paper instead of breaking up.
 */
const INK_THRESHOLD = 112;

/** Rendered lines kept for reuse: office name, service names, labels, footer repeat on every ticket. */
const CACHE_LIMIT = 256;

let fontDirectory: string | undefined;

/**
 * Where the Vazirmatn TTFs are. Defaults to the `vazirmatn` package; a packaged app (fonts
 * unpacked from the asar archive, which native libraries cannot read) sets it explicitly.
 */
export function setPrintFontDirectory(dir: string): void {
  fontDirectory = dir;
  cache.clear();
}

function fontDir(): string {
  if (fontDirectory === undefined) {
    // Resolved from this file in the CommonJS bundle (Electron main), from the working directory
    // otherwise (tests, `npm start`, scripts all run from the repository root). `import.meta` is
    // avoided on purpose: the same file is bundled to CommonJS, where esbuild empties it.
    const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
    let pkg: string;
    try {
      pkg = createRequire(from).resolve('vazirmatn/package.json');
    } catch (err) {
      throw new Error(`Vazirmatn fonts not found from ${from}: install the vazirmatn package or call setPrintFontDirectory()`, { cause: err });
    }
    fontDirectory = path.join(path.dirname(pkg), 'fonts', 'ttf');
  }
  return fontDirectory;
}

const cache = new Map<string, Promise<Bitmap>>();

/**
 * Renders `text` centred, as black dots, cropped to its ink. Lines wider than `maxWidth` wrap at
 * words (when `style.wrap`); an unbreakable word may still be wider — callers check `width`.
 * Results are cached by text and style, so repeated lines cost nothing.
 */
export function renderText(text: string, style: TextStyle, maxWidth: number): Promise<Bitmap> {
  const key = `${style.weight}|${style.sizePx}|${style.wrap ? maxWidth : 0}|${style.digitSpacing ?? 0}|${text}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place: the Map's insertion order is the eviction order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const rendering = rasterise(text, style, maxWidth);
  cache.set(key, rendering);
  rendering.catch(() => cache.delete(key));
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return rendering;
}

async function rasterise(text: string, style: TextStyle, maxWidth: number): Promise<Bitmap> {
  const { data, info } = await sharp({
    text: {
      text: markup(text, style),
      font: `Vazirmatn ${style.weight === 'Regular' ? '' : `${style.weight} `}${style.sizePx}px`,
      fontfile: path.join(fontDir(), `Vazirmatn-${style.weight}.ttf`),
      align: 'centre',
      // dpi 72: one point is one pixel, so sizes are in dots.
      dpi: 72,
      ...(style.wrap ? { width: Math.floor(maxWidth), wrap: 'word' as const } : {}),
    },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // The text image is one band of coverage (255 = ink); sharp hands it out as `channels` equal bands.
  const dots = new Uint8Array(info.width * info.height);
  for (let i = 0, j = 0; i < dots.length; i++, j += info.channels) dots[i] = data[j]! >= INK_THRESHOLD ? 1 : 0;
  return { width: info.width, height: info.height, dots };
}

/** The text goes to Pango as markup: an office named «A & B» must not break it. */
function markup(text: string, style: TextStyle): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  if (!style.digitSpacing) return escape(text);
  // letter_spacing is in Pango units (1/1024 pt); at 72 dpi a point is a dot.
  const spacing = Math.round(style.digitSpacing * style.sizePx * 1024);
  return text
    .split(/([0-9\u06F0-\u06F9]+)/)
    .map((part, i) => (i % 2 === 1 ? `<span letter_spacing="${spacing}">${part}</span>` : escape(part)))
    .join('');
}
