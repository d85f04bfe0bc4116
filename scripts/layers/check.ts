/**
 * Reads every source file under the layer folders of a root and reports imports that break the
 * rules in ./rules.ts, plus import cycles. Uses the TypeScript parser (not regexes) so dynamic
 * `import()`, `require()`, `import x = require()`, `import('x').T` types and `/// <reference>`
 * directives are all seen.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import {
  DEMO_DIR,
  DEMO_LOADER,
  ELECTRON_ALLOWED_IN,
  ELECTRON_PACKAGES,
  LAYER_RULES,
  LAYERS,
  RULES,
  SKIP_DIR_NAMES,
  SQL_ALLOWED_IN,
  SQL_METHODS,
  SQL_TEXT_METHODS,
  SKIP_PATHS,
  SOURCE_EXTENSIONS,
  TEST_SUPPORT_USERS,
  TEST_TOOLING,
  isTestFile,
  looksLikeSql,
  packageMatches,
  type Layer,
  type RuleId,
} from './rules';
import { checkNamespaces } from './namespaces';

export interface Violation {
  /** Path relative to the checked root, with `/` separators. */
  readonly file: string;
  /** 1-based line of the specifier. */
  readonly line: number;
  readonly specifier: string;
  readonly rule: RuleId;
  readonly message: string;
}

export interface LayerReport {
  readonly filesChecked: number;
  readonly violations: Violation[];
}

/** How a file mentions another module. */
type RefKind =
  | 'import' // import / export … from / import x = require()
  | 'dynamic' // import('…')
  | 'require' // require('…')
  | 'mock' // vi.mock('…') and friends: a dependency of the test, not a runtime edge
  | 'reference'; // /// <reference types|path>

interface ModuleRef {
  /** null when the specifier is computed (`import(name)`). */
  readonly specifier: string | null;
  readonly line: number;
  readonly kind: RefKind;
  /** `import type`, `export type`, `import('x').T`, references: erased at run time. */
  readonly typeOnly: boolean;
  /** `/// <reference path>` names a file even without `./`. */
  readonly isPath?: boolean;
}

const VI_MODULE_CALLS = new Set(['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock']);

export function checkLayers(rootDir: string): Violation[] {
  return scanLayers(rootDir).violations;
}

export function scanLayers(rootDir: string): LayerReport {
  const root = path.resolve(rootDir);
  const files = listSourceFiles(root);
  const fileSet = new Set(files);
  const violations: Violation[] = [];
  // Runtime edges between project files, for cycle detection: from → (to → first ref).
  const graph = new Map<string, Map<string, ModuleRef>>();

  for (const abs of files) {
    const rel = toRel(root, abs);
    const layer = layerOf(rel);
    if (!layer) continue;
    const edges = new Map<string, ModuleRef>();
    graph.set(abs, edges);
    const source = readSource(abs);
    if (!SQL_ALLOWED_IN.includes(layer) && !isTestFile(rel)) {
      for (const found of source.sql) {
        violations.push({ file: rel, line: found.line, specifier: '', rule: RULES.sqlOutsideDb, message: `${found.what} outside db/: move it into a query function of db/ (docs/LAYERS.md, "SQL only in db/")` });
      }
    }
    for (const ref of source.refs) {
      const result = checkRef(root, abs, rel, layer, ref, fileSet);
      if (result.violation) violations.push(result.violation);
      // type-only edges count too: a circle of types is still two files that cannot be read apart
      if (result.target && ref.kind !== 'mock' && fileSet.has(result.target) && !edges.has(result.target)) {
        edges.set(result.target, ref);
      }
    }
  }

  violations.push(...findCycles(root, graph));
  violations.push(...checkNamespaces(root, files.map((abs) => toRel(root, abs))));
  violations.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule));
  return { filesChecked: files.length, violations };
}

// ---------------------------------------------------------------------------------------------
// Files

function listSourceFiles(root: string): string[] {
  const out: string[] = [];
  const skip = new Set(SKIP_PATHS.map((p) => path.join(root, p)));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      // Symlinked folders are not followed (isDirectory() is false for them): no loops.
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIP_DIR_NAMES.includes(entry.name) || skip.has(abs)) continue;
        walk(abs);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
        out.push(abs);
      }
    }
  };
  for (const layer of LAYERS) {
    const dir = path.join(root, layer);
    if (isDir(dir)) walk(dir);
  }
  return out.sort(cmp);
}

function layerOf(rel: string): Layer | null {
  const first = rel.split('/')[0] ?? '';
  return (LAYERS as readonly string[]).includes(first) ? (first as Layer) : null;
}

// ---------------------------------------------------------------------------------------------
// Parsing

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** SQL found in a file: a driver call that runs SQL, or a literal that is a statement. */
interface SqlUse {
  readonly line: number;
  readonly what: string;
}

function readSource(file: string): { refs: ModuleRef[]; sql: SqlUse[] } {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindOf(file));
  const lineAt = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const refs: ModuleRef[] = [];
  const sql: SqlUse[] = [];
  let insideSqlCall = 0;

  const literal = (node: ts.Node | undefined): string | null =>
    node && ts.isStringLiteralLike(node) ? node.text : null;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier);
      if (spec !== null) {
        refs.push({ specifier: spec, line: lineAt(node.moduleSpecifier.getStart(sf)), kind: 'import', typeOnly: node.importClause?.isTypeOnly ?? false });
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const spec = literal(node.moduleSpecifier);
      if (spec !== null) {
        refs.push({ specifier: spec, line: lineAt(node.moduleSpecifier.getStart(sf)), kind: 'import', typeOnly: node.isTypeOnly });
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      refs.push({ specifier: literal(expr), line: lineAt(expr.getStart(sf)), kind: 'import', typeOnly: node.isTypeOnly });
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) {
        refs.push({ specifier: arg.literal.text, line: lineAt(arg.getStart(sf)), kind: 'import', typeOnly: true });
      }
    } else if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) {
      const literalText = ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('?')
        : node.text;
      if (insideSqlCall === 0 && looksLikeSql(literalText)) sql.push({ line: lineAt(node.getStart(sf)), what: 'SQL text' });
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        const first = node.arguments[0];
        const runsText =
          SQL_TEXT_METHODS.includes(method) &&
          first !== undefined &&
          (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first)) &&
          !ts.isRegularExpressionLiteral(callee.expression);
        if (SQL_METHODS.includes(method) || runsText) {
          // one finding per statement: the call, not also the SQL text it is given
          sql.push({ line: lineAt(callee.name.getStart(sf)), what: `.${method}()` });
          insideSqlCall++;
          ts.forEachChild(node, visit);
          insideSqlCall--;
          return;
        }
      }
      const arg = node.arguments[0];
      const kind: RefKind | null =
        callee.kind === ts.SyntaxKind.ImportKeyword
          ? 'dynamic'
          : ts.isIdentifier(callee) && callee.text === 'require'
            ? 'require'
            : ts.isPropertyAccessExpression(callee) &&
                ts.isIdentifier(callee.expression) &&
                callee.expression.text === 'vi' &&
                VI_MODULE_CALLS.has(callee.name.text)
              ? 'mock'
              : null;
      if (kind && arg) {
        const spec = literal(arg);
        // A computed vi.mock() argument is not worth a violation; a computed import() is.
        if (spec !== null || kind !== 'mock') {
          refs.push({ specifier: spec, line: lineAt(arg.getStart(sf)), kind, typeOnly: false });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  for (const ref of sf.typeReferenceDirectives) {
    refs.push({ specifier: ref.fileName, line: lineAt(ref.pos), kind: 'reference', typeOnly: true });
  }
  for (const ref of sf.referencedFiles) {
    refs.push({ specifier: ref.fileName, line: lineAt(ref.pos), kind: 'reference', typeOnly: true, isPath: true });
  }
  return { refs, sql };
}

// ---------------------------------------------------------------------------------------------
// Rules

interface RefResult {
  readonly violation?: Violation;
  /** Resolved absolute path, for relative references that resolve. */
  readonly target?: string;
}

function checkRef(root: string, abs: string, rel: string, layer: Layer, ref: ModuleRef, fileSet: Set<string>): RefResult {
  const rule = LAYER_RULES[layer];
  const test = isTestFile(rel);
  const violation = (id: RuleId, message: string): RefResult => ({
    violation: { file: rel, line: ref.line, specifier: ref.specifier ?? '<computed>', rule: id, message },
  });

  if (ref.specifier === null) {
    // A computed specifier hides its target; only folders without restrictions may do that.
    if (rule.mayImport === 'any') return {};
    return violation(RULES.computedSpecifier, `${ref.kind === 'require' ? 'require()' : 'import()'} with a computed specifier cannot be checked; use a string literal`);
  }
  const spec = ref.specifier;

  if (isPathSpecifier(spec) || ref.isPath) {
    const base = path.resolve(path.dirname(abs), spec.replace(/[?#].*$/, ''));
    const fromRoot = path.relative(root, base);
    if (fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot)) {
      return violation(RULES.escapesRoot, `'${spec}' resolves outside the repository root`);
    }
    const target = resolveFile(base, fileSet);
    const targetRel = toRel(root, target ?? base);
    const targetLayer = layerOf(targetRel);
    // What ships never reaches test support, and the demo simulators only through their loader's import().
    if (targetLayer === 'test' && layer !== 'test' && !test && !TEST_SUPPORT_USERS.some((u) => (u.endsWith('/') ? rel.startsWith(u) : rel === u))) {
      return { ...violation(RULES.testOnly, `test/ is test support: only tests, test/ and the developer tools in TEST_SUPPORT_USERS may import it — not ${rel} (${targetRel})`), target: target ?? undefined };
    }
    if (targetRel.startsWith(DEMO_DIR) && !rel.startsWith(DEMO_DIR) && layer !== 'test' && !test && !(rel === DEMO_LOADER && ref.kind === 'dynamic')) {
      const how = rel === DEMO_LOADER ? `${DEMO_LOADER} loads them only by import() behind their flag, not statically` : `only ${DEMO_LOADER} loads them, by import() behind their flag`;
      return { ...violation(RULES.demoOutsideLoader, `the demo simulators (${DEMO_DIR}) ship as chunks loaded on demand: ${how} (${targetRel})`), target: target ?? undefined };
    }
    // Test files of any folder may use the shared test helpers in test/support/.
    const testSupport = test && targetRel.startsWith('test/support/');
    if (!testSupport && targetLayer !== layer && rule.mayImport !== 'any' && !(targetLayer && rule.mayImport.includes(targetLayer))) {
      const allowed = rule.mayImport.length ? rule.mayImport.map((l) => `${l}/`).join(', ') : 'no other project folder';
      const where = targetLayer ? `${targetLayer}/` : 'a file outside the layer folders';
      return { ...violation(RULES.layerImport, `${layer}/ may import ${allowed} — not ${where} (${targetRel})`), target: target ?? undefined };
    }
    if (!target) return violation(RULES.unresolved, `'${spec}' does not resolve to a file, so its layer and cycles cannot be checked`);
    return { target };
  }

  if (spec.startsWith('node:') || builtinModules.includes(spec)) {
    if (rule.nodeBuiltins || test) return {};
    return violation(RULES.nodeBuiltin, `${layer}/ runs in ${rule.runsIn}: '${spec}' is a Node built-in`);
  }
  if (ref.kind === 'reference' && spec === 'node') {
    // `/// <reference types="node" />` brings the Node globals (process, Buffer) into scope.
    if (rule.nodeBuiltins || test) return {};
    return violation(RULES.nodeBuiltin, `${layer}/ runs in ${rule.runsIn}: the Node type definitions are not available here`);
  }

  const pkg = packageName(spec);
  if (packageMatches(pkg, ELECTRON_PACKAGES)) {
    if (ELECTRON_ALLOWED_IN.includes(layer)) return {};
    return violation(RULES.electronOnly, `only ${ELECTRON_ALLOWED_IN.map((l) => `${l}/`).join(' and ')} may import '${pkg}'; ${layer}/ must run without Electron`);
  }
  if (test && packageMatches(pkg, TEST_TOOLING)) return {};
  if (rule.packages === 'any') return {};
  if ('allow' in rule.packages) {
    if (packageMatches(pkg, rule.packages.allow)) return {};
    return violation(RULES.corePackage, `${layer}/ may import only the pure packages ${rule.packages.allow.join(', ')} — not '${pkg}' (if it is pure, add it to CORE_PACKAGES in scripts/layers/rules.ts)`);
  }
  if (packageMatches(pkg, rule.packages.deny)) {
    return violation(RULES.nodeOnlyPackage, `'${pkg}' is Node-only and ${layer}/ runs in ${rule.runsIn}; reach it through the hub's contract`);
  }
  return {};
}

function isPathSpecifier(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/');
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

const TS_FOR_JS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const TRY_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** Resolves like TypeScript's "bundler" resolution, for files on disk. */
function resolveFile(base: string, fileSet: Set<string>): string | null {
  const candidates: string[] = [];
  const ext = path.extname(base);
  // `./x.js` names `./x.ts` in ESM TypeScript.
  for (const tsExt of TS_FOR_JS[ext] ?? []) candidates.push(base.slice(0, -ext.length) + tsExt);
  candidates.push(base);
  for (const e of TRY_EXTENSIONS) candidates.push(base + e);
  for (const e of TRY_EXTENSIONS) candidates.push(path.join(base, `index${e}`));
  for (const c of candidates) {
    if (fileSet.has(c) || isFile(c)) return c;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Cycles

/**
 * One violation per strongly connected component of the runtime import graph: the shortest cycle
 * through its first file. Fixing it may reveal another cycle in the same tangle; the message says
 * how many files the tangle has.
 */
function findCycles(root: string, graph: Map<string, Map<string, ModuleRef>>): Violation[] {
  const out: Violation[] = [];
  for (const scc of stronglyConnected(graph)) {
    const start = [...scc].sort(cmp)[0];
    if (start === undefined) continue;
    const isLoop = scc.size > 1 || graph.get(start)?.has(start) === true;
    if (!isLoop) continue;
    const chain = shortestCycle(start, scc, graph);
    const next = chain[1] ?? start;
    const ref = graph.get(start)?.get(next);
    const extra = scc.size > chain.length - 1 ? ` (${scc.size} files are tangled together)` : '';
    out.push({
      file: toRel(root, start),
      line: ref?.line ?? 1,
      specifier: ref?.specifier ?? '',
      rule: RULES.cycle,
      message: `import cycle: ${chain.map((f) => toRel(root, f)).join(' → ')}${extra}`,
    });
  }
  return out;
}

/** Tarjan's algorithm, iterative so deep import chains cannot overflow the stack. */
function stronglyConnected(graph: Map<string, Map<string, ModuleRef>>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: Set<string>[] = [];
  let counter = 0;

  for (const startNode of [...graph.keys()].sort(cmp)) {
    if (index.has(startNode)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...(graph.get(node)?.keys() ?? [])].sort(cmp)[Symbol.iterator]() });
    };
    open(startNode);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const scc = new Set<string>();
        let w: string | undefined;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.add(w);
        } while (w !== frame.node);
        result.push(scc);
      }
    }
  }
  return result;
}

/** Breadth-first from `start` back to itself, inside the component: start → … → start. */
function shortestCycle(start: string, scc: Set<string>, graph: Map<string, Map<string, ModuleRef>>): string[] {
  const prev = new Map<string, string>();
  const queue: string[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort(cmp)) {
      if (!scc.has(next)) continue;
      if (next === start) {
        const chain = [start];
        for (let n: string | undefined = node; n !== undefined && n !== start; n = prev.get(n)) chain.splice(1, 0, n);
        chain.push(start);
        return chain;
      }
      if (!prev.has(next)) {
        prev.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
