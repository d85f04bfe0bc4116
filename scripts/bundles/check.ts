/**
 * What the build produced, checked: no test module in a shipped bundle, and the demo simulators only
 * in chunks that load behind their flag. Reads esbuild metafiles (scripts/build-node.mjs) and the
 * renderer's module list (vite.config.ts), both as `BundleMeta`. docs/LAYERS.md § The build output.
 */
import path from 'node:path';
import { DEMO_DIR } from '../layers/rules';

/** esbuild's metafile `outputs`, the part read here (the renderer's list is turned into the same). */
export interface BundleMeta {
  outputs: Record<
    string,
    {
      /** source files (paths relative to the repository) with code in this output */
      inputs: Record<string, unknown>;
      /** other outputs this one loads: `import-statement` / `require-call` at once, `dynamic-import` on demand */
      imports: { path: string; kind: string; external?: boolean }[];
      /** set on the output of an entry point */
      entryPoint?: string;
    }
  >;
}

export interface BundleViolation {
  readonly bundle: string;
  readonly output: string;
  readonly input: string;
  readonly rule: 'test-module-in-bundle' | 'demo-loaded-eagerly' | 'demo-not-split' | 'empty-bundle';
  readonly message: string;
}

/** A test file (`*.test.ts`, `*.spec.ts`, …) or anything under `test/`. */
export function isTestModule(input: string): boolean {
  const rel = input.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  return rel.startsWith('test/') || /\.(test|spec)\.[cm]?[jt]sx?$/.test(rel);
}

export function isDemoModule(input: string): boolean {
  return input.replaceAll('\\', '/').replace(/^(\.\/)+/, '').startsWith(DEMO_DIR);
}

/**
 * Outputs that load as soon as an entry point does: the entries and what they import statically.
 * esbuild marks the chunk of a dynamic `import()` as an entry point too; those are not roots here,
 * since another output loads them on demand.
 */
export function eagerOutputs(meta: BundleMeta): Set<string> {
  const loadedOnDemand = new Set(Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path)));
  const eager = new Set<string>();
  const queue = Object.entries(meta.outputs)
    .filter(([name, o]) => o.entryPoint !== undefined && !loadedOnDemand.has(name))
    .map(([name]) => name);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (eager.has(name)) continue;
    eager.add(name);
    for (const i of meta.outputs[name]?.imports ?? []) {
      if (!i.external && i.kind !== 'dynamic-import' && meta.outputs[i.path]) queue.push(i.path);
    }
  }
  return eager;
}

export interface BundleExpectations {
  /** a source file the bundle must contain, so a check of an empty or wrong metafile fails instead of passing */
  readonly entry: string;
  /** source files that must be in the bundle and load only on demand (the demo simulators behind their flags) */
  readonly lazy?: readonly string[];
}

/** Violations of one bundle. */
export function checkBundle(bundle: string, meta: BundleMeta, expect: BundleExpectations): BundleViolation[] {
  const out: BundleViolation[] = [];
  const outputs = Object.entries(meta.outputs).filter(([name]) => !name.endsWith('.map'));
  if (!outputs.some(([, o]) => expect.entry in o.inputs)) {
    out.push({ bundle, output: '', input: expect.entry, rule: 'empty-bundle', message: `${bundle}: no output holds ${expect.entry} — not the bundle's metafile?` });
  }
  const eager = eagerOutputs(meta);
  for (const input of expect.lazy ?? []) {
    if (!outputs.some(([name, o]) => input in o.inputs && !eager.has(name))) {
      out.push({ bundle, output: '', input, rule: 'demo-not-split', message: `${bundle}: ${input} is in no chunk of its own loaded on demand (is the build split, and is it import()ed behind its flag?)` });
    }
  }
  for (const [name, o] of outputs) {
    for (const input of Object.keys(o.inputs)) {
      if (isTestModule(input)) {
        out.push({ bundle, output: name, input, rule: 'test-module-in-bundle', message: `${name} holds the test module ${input}: test support must not ship` });
      } else if (isDemoModule(input) && eager.has(name)) {
        out.push({
          bundle,
          output: name,
          input,
          rule: 'demo-loaded-eagerly',
          message: `${name} loads with its entry point and holds the demo simulator ${input}: a demo goes in a chunk of its own, reached only by import() behind its flag`,
        });
      }
    }
  }
  return out;
}

/** The part of a rollup/rolldown output chunk read here. */
export interface RollupChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  facadeModuleId?: string | null;
  moduleIds?: readonly string[];
  imports?: readonly string[];
  dynamicImports?: readonly string[];
}

/** The renderer's build output (vite's rollup chunks) as a `BundleMeta`, inputs relative to `root`. */
export function fromRollup(chunks: readonly RollupChunkLike[], root: string): BundleMeta {
  const outputs: BundleMeta['outputs'] = {};
  for (const c of chunks) {
    if (c.type !== 'chunk') continue;
    const inputs: Record<string, unknown> = {};
    for (const id of c.moduleIds ?? []) {
      const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
      inputs[path.isAbsolute(clean) ? path.relative(root, clean).replaceAll('\\', '/') : clean] = {};
    }
    outputs[c.fileName] = {
      inputs,
      imports: [...(c.imports ?? []).map((p) => ({ path: p, kind: 'import-statement' })), ...(c.dynamicImports ?? []).map((p) => ({ path: p, kind: 'dynamic-import' }))],
      ...(c.isEntry ? { entryPoint: c.facadeModuleId ?? c.fileName } : {}),
    };
  }
  return { outputs };
}
