/**
 * The contract's namespaces (docs/LAYERS.md § Namespaces): a procedure or event `x.y` (or a bare
 * `x`, like `health`) is declared in core/api/x.ts and nowhere else, and served from hub/x/ and
 * nowhere else. Read with the TypeScript parser, like the imports:
 *
 * - in core/api/*.ts, an entry `'x.y': procedure(…)` or `'x.y': event(…)` outside core/api/x.ts;
 * - in a hub file that builds handlers (it names `HandlerGroup` or `HandlerPart`): a
 *   `HandlerGroup<'x'>` outside hub/x/, or a key that is a procedure of the contract and not of the
 *   file's folder;
 * - in any hub file, a registry entry `x: group` whose group is imported from hub/y/handlers, y ≠ x.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { isTestFile, RULES, type RuleId } from './rules';

/** The shape of ./check.ts's Violation (declared again here, so the two files do not import each other). */
interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly rule: RuleId;
  readonly message: string;
}

const CONTRACT_DIR = 'core/api/';
const HANDLER_TYPES = new Set(['HandlerGroup', 'HandlerPart']);

/** `request` of `request.open`; a key without a dot is its own namespace. */
export function namespaceOf(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}

/** Files relative to the root, `/`-separated. */
export function checkNamespaces(root: string, relFiles: readonly string[]): Violation[] {
  const violations: Violation[] = [];
  const procedures = new Set<string>();

  for (const rel of relFiles) {
    if (!isContractFile(rel)) continue;
    const sf = parse(root, rel);
    const fileNamespace = path.posix.basename(rel).replace(/\.[cm]?tsx?$/, '');
    walk(sf, (node) => {
      if (!ts.isPropertyAssignment(node) || !ts.isCallExpression(node.initializer)) return;
      const callee = node.initializer.expression;
      if (!ts.isIdentifier(callee) || (callee.text !== 'procedure' && callee.text !== 'event')) return;
      const key = keyText(node.name);
      if (key === null) return;
      if (callee.text === 'procedure') procedures.add(key);
      const ns = namespaceOf(key);
      if (ns !== fileNamespace) {
        violations.push({
          file: rel,
          line: lineOf(sf, node.name),
          specifier: key,
          rule: RULES.contractNamespace,
          message: `'${key}' is declared in ${rel} — a contract key of namespace ${ns} belongs in ${CONTRACT_DIR}${ns}.ts`,
        });
      }
    });
  }

  for (const rel of relFiles) {
    if (!rel.startsWith('hub/') || isTestFile(rel) || !/\.[cm]?tsx?$/.test(rel)) continue;
    const sf = parse(root, rel);
    const parts = rel.split('/');
    const folder = parts.length > 2 ? parts[1]! : null;
    const builds = mentionsHandlerTypes(sf);
    const imports = importedFrom(sf, rel);
    const fail = (node: ts.Node, key: string, message: string): void => {
      violations.push({ file: rel, line: lineOf(sf, node), specifier: key, rule: RULES.handlerNamespace, message });
    };
    walk(sf, (node) => {
      if (builds && ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'HandlerGroup') {
        const arg = node.typeArguments?.[0];
        if (arg && ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal) && arg.literal.text !== folder) {
          fail(arg, arg.literal.text, `HandlerGroup<'${arg.literal.text}'> in ${rel} — the handlers of namespace ${arg.literal.text} live in hub/${arg.literal.text}/`);
        }
      }
      if (builds && (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isShorthandPropertyAssignment(node))) {
        const key = keyText(node.name);
        if (key !== null && procedures.has(key) && namespaceOf(key) !== folder) {
          fail(node.name, key, `a handler for ${key} in ${rel} — the handlers of namespace ${namespaceOf(key)} live in hub/${namespaceOf(key)}/`);
        }
      }
      // the registry: `x: xHandlers`, where xHandlers comes from hub/x/handlers
      if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
        const value = ts.isPropertyAssignment(node) ? node.initializer : node.name;
        const key = keyText(node.name);
        const from = ts.isIdentifier(value) ? imports.get(value.text) : undefined;
        const groupFolder = from?.match(/^hub\/([^/]+)\/handlers$/)?.[1];
        if (key !== null && groupFolder !== undefined && groupFolder !== key) {
          fail(node.name, key, `the ${key} handlers are registered from hub/${groupFolder}/handlers — namespace ${key}'s group lives in hub/${key}/handlers.ts`);
        }
      }
    });
  }
  return violations;
}

function isContractFile(rel: string): boolean {
  return rel.startsWith(CONTRACT_DIR) && !rel.slice(CONTRACT_DIR.length).includes('/') && /\.[cm]?ts$/.test(rel) && !isTestFile(rel);
}

function parse(root: string, rel: string): ts.SourceFile {
  const text = readFileSync(path.join(root, rel), 'utf8');
  return ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

function keyText(name: ts.PropertyName | ts.Identifier): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return null;
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function mentionsHandlerTypes(sf: ts.SourceFile): boolean {
  let found = false;
  walk(sf, (node) => {
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && HANDLER_TYPES.has(node.typeName.text)) found = true;
  });
  return found;
}

/** Local name → the imported file, relative to the root and without extension (relative imports only). */
function importedFrom(sf: ts.SourceFile, rel: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier) || !stmt.importClause) continue;
    const spec = stmt.moduleSpecifier.text;
    if (!spec.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)).replace(/\.[cm]?[jt]sx?$/, '');
    const bindings = stmt.importClause.namedBindings;
    if (stmt.importClause.name) out.set(stmt.importClause.name.text, target);
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) out.set(el.name.text, target);
  }
  return out;
}
