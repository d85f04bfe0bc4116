/**
 * eSCL XML in both directions. Reading goes through `sax` into a small element tree keyed by local
 * name: devices differ in namespace prefixes (`scan:`, `pwg:`, none, or their own), so the prefix is
 * dropped. What is read is checked with zod before anyone uses it. Writing uses the literal `scan:`/
 * `pwg:` prefixes, because some clients and devices (sane-airscan among them) match those literally.
 */
import sax from 'sax';
import { z } from 'zod';
import type { ColorMode, ScanSource, ScannerCapabilities } from './types';

export const ESCL_NS = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const PWG_NS = 'http://www.pwg.org/schemas/2010/12/sm';

export interface XmlElement {
  /** local name, prefix dropped */
  readonly name: string;
  text: string;
  readonly children: XmlElement[];
}

const MAX_DEPTH = 32;

export function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true, { trim: true });
  const root: XmlElement = { name: '#document', text: '', children: [] };
  const stack: XmlElement[] = [root];
  let failure: Error | null = null;
  parser.onerror = (err) => {
    failure ??= err;
  };
  parser.onopentag = (tag) => {
    if (stack.length > MAX_DEPTH) {
      failure ??= new Error('XML nested too deeply');
      return;
    }
    const local = tag.name.slice(tag.name.indexOf(':') + 1);
    const el: XmlElement = { name: local, text: '', children: [] };
    stack.at(-1)?.children.push(el);
    stack.push(el);
  };
  parser.onclosetag = () => {
    if (stack.length > 1) stack.pop();
  };
  parser.ontext = (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.oncdata = parser.ontext;
  parser.write(xml).close();
  if (failure) throw failure;
  const doc = root.children[0];
  if (!doc) throw new Error('empty XML document');
  return doc;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}
export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}
/** every descendant with this name, depth first */
export function descendants(el: XmlElement | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  if (el) walk(el);
  return out;
}

const ESCL_COLOR: Readonly<Record<string, ColorMode>> = { RGB24: 'color', Grayscale8: 'grey', BlackAndWhite1: 'bw' };
export const ESCL_COLOR_OF: Readonly<Record<ColorMode, string>> = { color: 'RGB24', grey: 'Grayscale8', bw: 'BlackAndWhite1' };

/** One input (platen, feeder) as the device describes it. Sizes in 1/300 inch, as eSCL gives them. */
export const esclInputCapsSchema = z.object({
  maxWidth: z.number().int().positive().max(100_000),
  maxHeight: z.number().int().positive().max(100_000),
  colorModes: z.array(z.enum(['color', 'grey', 'bw'])).min(1),
  formats: z.array(z.string().min(1).max(100)),
  resolutions: z.array(z.number().int().min(1).max(9600)).min(1),
});
export type EsclInputCaps = z.infer<typeof esclInputCapsSchema>;

export const esclCapabilitiesSchema = z.object({
  makeAndModel: z.string().max(200),
  platen: esclInputCapsSchema.nullable(),
  adf: esclInputCapsSchema.nullable(),
  adfDuplex: z.boolean(),
});
export type EsclCapabilities = z.infer<typeof esclCapabilitiesSchema>;

const USUAL_DPI = [75, 100, 150, 200, 300, 400, 600, 1200];

function num(el: XmlElement | undefined): number {
  return el ? Number(el.text) : Number.NaN;
}

function readInputCaps(caps: XmlElement | undefined): EsclInputCaps | null {
  if (!caps) return null;
  const modes = new Set<ColorMode>();
  const formats = new Set<string>();
  const resolutions = new Set<number>();
  for (const m of descendants(caps, 'ColorMode')) {
    const mode = ESCL_COLOR[m.text];
    if (mode) modes.add(mode);
  }
  for (const f of [...descendants(caps, 'DocumentFormat'), ...descendants(caps, 'DocumentFormatExt')]) formats.add(f.text);
  for (const r of descendants(caps, 'DiscreteResolution')) {
    const x = num(child(r, 'XResolution'));
    const y = num(child(r, 'YResolution'));
    if (x === y && Number.isInteger(x)) resolutions.add(x);
  }
  for (const range of descendants(caps, 'XResolutionRange')) {
    const min = num(child(range, 'Min'));
    const max = num(child(range, 'Max'));
    for (const dpi of USUAL_DPI) if (dpi >= min && dpi <= max) resolutions.add(dpi);
  }
  return esclInputCapsSchema.parse({
    maxWidth: num(child(caps, 'MaxWidth')),
    maxHeight: num(child(caps, 'MaxHeight')),
    colorModes: [...modes],
    formats: [...formats],
    resolutions: [...resolutions].sort((a, b) => a - b),
  });
}

/** Throws (zod or sax) when the document is not a usable ScannerCapabilities. */
export function parseEsclCapabilities(xml: string): EsclCapabilities {
  const doc = parseXml(xml);
  if (doc.name !== 'ScannerCapabilities') throw new Error(`expected ScannerCapabilities, got ${doc.name}`);
  const adf = child(doc, 'Adf');
  const duplexCaps = child(adf, 'AdfDuplexInputCaps');
  const adfOptions = descendants(adf, 'AdfOption').map((o) => o.text);
  return esclCapabilitiesSchema.parse({
    makeAndModel: child(doc, 'MakeAndModel')?.text ?? '',
    platen: readInputCaps(child(child(doc, 'Platen'), 'PlatenInputCaps')),
    adf: readInputCaps(child(adf, 'AdfSimplexInputCaps') ?? duplexCaps),
    adfDuplex: duplexCaps !== undefined || adfOptions.includes('Duplex'),
  });
}

const MM_PER_300TH = 25.4 / 300;

export function toScannerCapabilities(caps: EsclCapabilities): ScannerCapabilities {
  const inputs = [caps.platen, caps.adf].filter((c): c is EsclInputCaps => c !== null);
  const sources: ScanSource[] = [];
  if (caps.platen) sources.push('flatbed');
  if (caps.adf) sources.push('adf');
  if (caps.adf && caps.adfDuplex) sources.push('adfDuplex');
  const order: readonly ColorMode[] = ['color', 'grey', 'bw'];
  return {
    sources,
    colorModes: order.filter((m) => inputs.some((i) => i.colorModes.includes(m))),
    resolutions: [...new Set(inputs.flatMap((i) => i.resolutions))].sort((a, b) => a - b),
    maxWidthMm: Math.round(Math.max(0, ...inputs.map((i) => i.maxWidth)) * MM_PER_300TH * 10) / 10,
    maxHeightMm: Math.round(Math.max(0, ...inputs.map((i) => i.maxHeight)) * MM_PER_300TH * 10) / 10,
    ...(caps.makeAndModel.trim() ? { model: caps.makeAndModel.trim() } : {}),
  };
}

export const esclStatusSchema = z.object({
  state: z.string().max(100),
  adfState: z.string().max(100).nullable(),
});
export type EsclStatus = z.infer<typeof esclStatusSchema>;

export function parseEsclStatus(xml: string): EsclStatus {
  const doc = parseXml(xml);
  if (doc.name !== 'ScannerStatus') throw new Error(`expected ScannerStatus, got ${doc.name}`);
  return esclStatusSchema.parse({ state: child(doc, 'State')?.text ?? '', adfState: child(doc, 'AdfState')?.text ?? null });
}

export interface EsclScanRequest {
  readonly inputSource: 'Platen' | 'Feeder';
  readonly duplex: boolean;
  readonly colorMode: string;
  readonly dpi: number;
  readonly format: string;
  /** 1/300 inch */
  readonly width: number;
  readonly height: number;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function scanSettingsXml(req: EsclScanRequest): string {
  const e = (v: string | number) => escapeXml(String(v));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<scan:ScanSettings xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">`,
    '<pwg:Version>2.0</pwg:Version>',
    '<pwg:ScanRegions><pwg:ScanRegion>',
    '<pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>',
    `<pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset><pwg:Width>${e(req.width)}</pwg:Width><pwg:Height>${e(req.height)}</pwg:Height>`,
    '</pwg:ScanRegion></pwg:ScanRegions>',
    `<pwg:InputSource>${e(req.inputSource)}</pwg:InputSource>`,
    req.inputSource === 'Feeder' ? `<scan:Duplex>${req.duplex}</scan:Duplex>` : '',
    `<scan:ColorMode>${e(req.colorMode)}</scan:ColorMode>`,
    `<pwg:DocumentFormat>${e(req.format)}</pwg:DocumentFormat>`,
    `<scan:DocumentFormatExt>${e(req.format)}</scan:DocumentFormatExt>`,
    `<scan:XResolution>${e(req.dpi)}</scan:XResolution><scan:YResolution>${e(req.dpi)}</scan:YResolution>`,
    '</scan:ScanSettings>',
  ].join('\n');
}
