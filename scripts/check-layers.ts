/**
 * `npm run lint:layers`: fails (exit 1) when an import breaks the folder layering of
 * docs/ARCHITECTURE.md. Rules: scripts/layers/rules.ts; how to read the output: docs/LAYERS.md.
 *
 * Usage: tsx scripts/check-layers.ts [root]   (root defaults to the repository)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanLayers } from './layers/check';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? repoRoot);
const { filesChecked, violations } = scanLayers(root);
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

for (const v of violations) {
  console.log(`${v.file}:${v.line}  ${v.rule}  ${v.message}`);
}
if (violations.length > 0) {
  console.log(`\nlayers: ${count(violations.length, 'violation')} in ${count(filesChecked, 'file')} checked`);
  process.exitCode = 1;
} else {
  console.log(`layers: ok — ${count(filesChecked, 'file')} checked, no violations`);
}
