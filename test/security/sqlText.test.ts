import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// No SQL text is ever built from data: every string handed to SQLite (`stmt`, `.prepare`, `.exec`,
// `.pragma`) is a constant, or a template whose every `${…}` is itself a constant (a column list)
// or a value whose type is a fixed set of literals (a table name chosen by code). Values travel as
// bound parameters. Read with the type checker, not a regex, so a multi-line template or a string
// passed through a variable is seen too.

function programOf(files?: string[]): ts.Program {
  const configPath = path.resolve('tsconfig.node.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath));
  return ts.createProgram(files ?? parsed.fileNames, parsed.options);
}

const SQL_METHODS = new Set(['prepare', 'exec', 'pragma']);

/** db/open.ts `rawKey`: `"x'<hex>'"` from a 32-byte Buffer — hex digits only, length checked (PRAGMA key binds nothing). */
/** test/support/migrationRows.ts `existingTable`: a name read back from sqlite_master, quoted (identifiers cannot be bound). */
const SAFE_TEXT_FUNCTIONS = new Set(['rawKey', 'existingTable']);

/** The offending SQL arguments of a program's own files, and how many SQL calls were read. */
function offendersIn(program: ts.Program, only?: string): { offenders: string[]; checked: number } {
const checker = program.getTypeChecker();

function isLiteralType(type: ts.Type): boolean {
  if (type.isStringLiteral()) return true;
  return type.isUnion() && type.types.every((t) => t.isStringLiteral());
}

/** Whether `expr` can only ever be text the code wrote. */
function constantText(expr: ts.Expression, depth = 0): boolean {
  if (depth > 8) return false;
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return true;
  if (ts.isParenthesizedExpression(expr)) return constantText(expr.expression, depth + 1);
  if (ts.isTemplateExpression(expr)) return expr.templateSpans.every((s) => constantText(s.expression, depth + 1));
  if (ts.isConditionalExpression(expr)) return constantText(expr.whenTrue, depth + 1) && constantText(expr.whenFalse, depth + 1);
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) return constantText(expr.left, depth + 1) && constantText(expr.right, depth + 1);
  // functions whose text is made of nothing a caller controls, each with why
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && SAFE_TEXT_FUNCTIONS.has(expr.expression.text)) return true;
  const type = checker.getTypeAtLocation(expr);
  if (isLiteralType(type)) return true;
  // a number cannot carry SQL (pragmas take no bound parameters: `user_version = ${version}`)
  if ((type.flags & ts.TypeFlags.NumberLike) !== 0) return true;
  if (ts.isIdentifier(expr)) {
    const symbol = checker.getSymbolAtLocation(expr);
    const decl = symbol?.valueDeclaration;
    // `stmt(db, sql)` itself: the one funnel, whose `sql` every call site above is checked for
    if (decl && ts.isParameter(decl) && ts.isFunctionDeclaration(decl.parent) && decl.parent.name?.text === 'stmt' && decl.getSourceFile().fileName.endsWith('db/statements.ts')) return true;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0) return constantText(decl.initializer, depth + 1);
  }
  return false;
}

function sqlArgument(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee) && callee.text === 'stmt') return call.arguments[1];
  if (ts.isPropertyAccessExpression(callee) && SQL_METHODS.has(callee.name.text)) {
    // only calls on a database handle (better-sqlite3's Database), not e.g. RegExp#exec
    const owner = checker.getTypeAtLocation(callee.expression);
    const name = checker.typeToString(owner);
    if (!/Database/.test(name)) return undefined;
    return call.arguments[0];
  }
  return undefined;
}

  const offenders: string[] = [];
  let checked = 0;
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('node_modules')) continue;
    if (only && !file.fileName.endsWith(only)) continue;
      const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node)) {
          const sql = sqlArgument(node);
          if (sql) {
            checked += 1;
            if (!constantText(sql)) {
              const { line } = file.getLineAndCharacterOfPosition(sql.getStart());
              offenders.push(`${path.relative(process.cwd(), file.fileName)}:${line + 1}: ${sql.getText().slice(0, 80)}`);
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
  }
  return { offenders, checked };
}

describe('SQL text', () => {
  it('is never built from data anywhere in the Node layers', () => {
    const { offenders, checked } = offendersIn(programOf());
    expect(checked).toBeGreaterThan(120);
    expect(offenders).toEqual([]);
    // type-checks the whole Node program: ~10 s alone, several times that beside other test workers
  }, 120_000);

  it('the check finds SQL built from data (a fixture with three ways to do it, and safe ones)', () => {
    const { offenders, checked } = offendersIn(programOf([path.resolve('test/fixtures/sql/unsafe.ts')]), 'test/fixtures/sql/unsafe.ts');
    expect(checked).toBe(5);
    expect(offenders.map((o) => o.split(': ')[0])).toEqual(['test/fixtures/sql/unsafe.ts:6', 'test/fixtures/sql/unsafe.ts:7', 'test/fixtures/sql/unsafe.ts:9']);
  });
});
