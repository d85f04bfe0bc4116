/**
 * What `scanimage` prints, read into data: the device list of `scanimage -f` and the option help of
 * `scanimage -d DEV -A`. Pure functions, so the parsing is tested on the text alone.
 */
import type { ColorMode, ScanSource, ScannerCapabilities, ScannerDevice } from './types';

/** Field separator for `scanimage -f`: a unit separator never appears in a device name. */
export const SANE_LIST_SEPARATOR = '\u001f';
/** `scanimage -f` format: device, vendor, model, type; one device a line. */
export const SANE_LIST_FORMAT = ['%d', '%v', '%m', '%t'].join(SANE_LIST_SEPARATOR) + '%n';

export function parseSaneDeviceList(stdout: string): ScannerDevice[] {
  const devices: ScannerDevice[] = [];
  for (const line of stdout.split('\n')) {
    const [id, vendor, model, type] = line.split(SANE_LIST_SEPARATOR);
    if (!id || vendor === undefined) continue;
    const label = [vendor, model].filter((part) => part && part !== 'Noname').join(' ') || type || id;
    devices.push({ driver: 'sane', id, label });
  }
  return devices;
}

/** A device option value together with the device's own spelling of it (what `--source` needs). */
export interface SaneChoice<K extends string> {
  readonly kind: K;
  readonly name: string;
}

export interface SaneDeviceOptions {
  readonly sources: readonly SaneChoice<ScanSource>[];
  readonly modes: readonly SaneChoice<ColorMode>[];
  /** either the device's list or a range */
  readonly resolution: { readonly list: readonly number[] } | { readonly min: number; readonly max: number } | null;
  readonly maxWidthMm: number | null;
  readonly maxHeightMm: number | null;
}

/** Resolutions offered when a device gives a range: the usual steps inside it. */
const USUAL_DPI = [75, 100, 150, 200, 240, 300, 400, 600, 1200] as const;

/** `    --source Flatbed|Automatic Document Feeder [Flatbed]` → name, values, current */
const OPTION_LINE = /^\s+(--?[a-z][\w-]*)\s+(.+?)\s+\[([^\]]*)\]\s*$/;

function sourceKind(name: string): ScanSource | null {
  const n = name.toLowerCase();
  if (n.includes('flatbed') || n.includes('platen')) return 'flatbed';
  if (n.includes('duplex')) return 'adfDuplex';
  if (n.includes('adf') || n.includes('feeder') || n.includes('automatic')) return 'adf';
  return null;
}

function modeKind(name: string): ColorMode | null {
  const n = name.toLowerCase();
  if (n.includes('color') || n.includes('colour')) return 'color';
  if (n.includes('gray') || n.includes('grey')) return 'grey';
  if (n.includes('lineart') || n.includes('binary') || n.includes('halftone') || n.includes('black')) return 'bw';
  return null;
}

function choices<K extends string>(values: string, kindOf: (name: string) => K | null): SaneChoice<K>[] {
  const out: SaneChoice<K>[] = [];
  for (const name of values.split('|')) {
    const kind = kindOf(name);
    if (kind && !out.some((c) => c.kind === kind)) out.push({ kind, name });
  }
  return out;
}

/** `0..215.9mm (in steps of 1)` → 215.9 */
function rangeMax(values: string): number | null {
  const m = /^[-\d.]+\.\.([\d.]+)\s*mm\b/.exec(values);
  return m?.[1] ? Number(m[1]) : null;
}

export function parseSaneOptions(helpText: string): SaneDeviceOptions {
  let sources: SaneChoice<ScanSource>[] = [];
  let modes: SaneChoice<ColorMode>[] = [];
  let resolution: SaneDeviceOptions['resolution'] = null;
  let maxWidthMm: number | null = null;
  let maxHeightMm: number | null = null;

  for (const line of helpText.split('\n')) {
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const [, option, values = ''] = m;
    // an inactive option is not offered now (e.g. three-pass); skip it
    if (line.includes('[inactive]')) continue;
    switch (option) {
      case '--source':
        sources = choices(values, sourceKind);
        break;
      case '--mode':
        modes = choices(values, modeKind);
        break;
      case '--resolution': {
        const range = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)dpi/.exec(values);
        if (range) resolution = { min: Number(range[1]), max: Number(range[2]) };
        else {
          const list = values
            .replace(/dpi$/, '')
            .split('|')
            .map(Number)
            .filter((n) => Number.isFinite(n) && n > 0);
          if (list.length > 0) resolution = { list: [...new Set(list)].sort((a, b) => a - b) };
        }
        break;
      }
      case '-x':
        maxWidthMm = rangeMax(values);
        break;
      case '-y':
        maxHeightMm = rangeMax(values);
        break;
      default:
        break;
    }
  }
  return { sources, modes, resolution, maxWidthMm, maxHeightMm };
}

export function saneResolutions(resolution: SaneDeviceOptions['resolution']): number[] {
  if (!resolution) return [];
  if ('list' in resolution) return [...resolution.list];
  return USUAL_DPI.filter((dpi) => dpi >= resolution.min && dpi <= resolution.max);
}

export function saneCapabilities(options: SaneDeviceOptions): ScannerCapabilities {
  return {
    // a scanner without a --source option is a flatbed
    sources: options.sources.length > 0 ? options.sources.map((s) => s.kind) : ['flatbed'],
    colorModes: options.modes.map((m) => m.kind),
    resolutions: saneResolutions(options.resolution),
    maxWidthMm: options.maxWidthMm ?? 0,
    maxHeightMm: options.maxHeightMm ?? 0,
  };
}

export function resolutionOffered(resolution: SaneDeviceOptions['resolution'], dpi: number): boolean {
  if (!resolution) return true; // no option: the device decides, the page's dpi is reported as asked
  if ('list' in resolution) return resolution.list.includes(dpi);
  return dpi >= resolution.min && dpi <= resolution.max;
}
