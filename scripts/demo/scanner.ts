import { startEsclSimulator } from './esclSimulator';
import { samplePage, samplePng, type SamplePageKind } from './samplePages';

/** A network scanner for demos and e2e: the eSCL simulator feeding sample scanned pages. */
export async function startDemoScanner(port: number) {
  const kinds: SamplePageKind[] = ['petition', 'form', 'idCard', 'signature'];
  const pages = await Promise.all(kinds.map(async (kind, i) => samplePng(await samplePage(kind, { seed: 40 + i, dpi: 200, angleDeg: [1.8, -2.4, 0.9, -0.6][i]! }))));
  return startEsclSimulator({ pages, port, resolutions: [200, 300], formats: ['image/jpeg'], makeAndModel: 'Daftaryar Demo Scanner' });
}

