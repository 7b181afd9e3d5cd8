import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { lineOf } from '../../../../source/language.js';
import { chainRoot, VERB_METHODS } from './collect-router-calls.js';
import { shortText, type Evaluator } from './evaluate.js';
import type { Arg, NextFacts } from './facts.js';
import { stringValue, kindOf } from './scope.js';

/** Methods an app-router route handler may export. */
const NEXT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const ROUTE_FILE = /^route\.(ts|tsx|js|jsx|mjs|cjs)$/;
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;

/** app/**\/route.ts or pages/api/** (also under src/, and in monorepo packages). */
export function isNextRouteModule(path: string): boolean {
  const segments = path.split('/');
  const name = segments.at(-1) ?? '';
  if (ROUTE_FILE.test(name) && segments.slice(0, -1).includes('app')) return true;
  for (let i = 0; i + 1 < segments.length - 1; i++) if (segments[i] === 'pages' && segments[i + 1] === 'api') return SOURCE_FILE.test(name);
  return false;
}

/** What a Next.js route module exports: method handlers, or a default handler and the methods it tests. */
export function collectNextFacts(ev: Evaluator): NextFacts {
  const facts: NextFacts = { methods: [], comparedMethods: [] };
  for (const { node: statement, kind } of ev.topLevel()) {
    if (kind !== 'export_statement') continue;
    readExportStatement(ev, statement, facts);
  }
  if (facts.defaultExport) facts.comparedMethods = comparedMethods(ev);
  return facts;
}

function readExportStatement(ev: Evaluator, statement: SgNode, facts: NextFacts): void {
  const hash = stableHash(statement.text());
  const isDefault = statement.children().some((child) => !child.isNamed() && child.text() === 'default');
  const declaration = statement.field('declaration');
  const value = statement.field('value');
  if (isDefault) {
    const target = declaration ?? value;
    if (target) facts.defaultExport = { line: lineOf(statement), ...handlerOf(ev, target), hash };
    return;
  }
  if (declaration) {
    const kind = declaration.kind();
    if (kind === 'function_declaration') {
      const name = declaration.field('name')?.text();
      if (name !== undefined && NEXT_METHODS.has(name)) facts.methods.push({ method: name, line: lineOf(statement), ...handlerOf(ev, declaration), hash });
    } else if (kind === 'lexical_declaration' || kind === 'variable_declaration') {
      for (const declarator of declaration.namedChildren()) {
        const name = declarator.field('name')?.text();
        const init = declarator.field('value');
        if (name !== undefined && init && NEXT_METHODS.has(name)) facts.methods.push({ method: name, line: lineOf(declarator), ...handlerOf(ev, init), hash });
      }
    }
    return;
  }
  // export { handler as GET, handler as POST } (NextAuth), export { GET } from './x'
  const source = statement.field('source');
  const spec = source ? stringValue(source) : undefined;
  const clause = statement.namedChildren().find((child) => child.kind() === 'export_clause');
  for (const specifier of clause?.namedChildren() ?? []) {
    if (specifier.kind() !== 'export_specifier') continue;
    const local = specifier.field('name');
    const exported = (specifier.field('alias') ?? local)?.text();
    if (!local || exported === undefined) continue;
    if (exported === 'default') {
      facts.defaultExport = { line: lineOf(specifier), ...handlerOf(ev, local), hash };
      continue;
    }
    if (!NEXT_METHODS.has(exported)) continue;
    if (spec !== undefined) {
      const handler: Arg = { v: { t: 'imp', spec, name: local.text() }, text: local.text(), line: lineOf(specifier), endLine: lineOf(specifier) };
      facts.methods.push({ method: exported, line: lineOf(specifier), handler, wrappers: [], hash });
    } else facts.methods.push({ method: exported, line: lineOf(specifier), ...handlerOf(ev, local), hash });
  }
}

/** The handler and the wrappers around it: `withAuth(withRateLimit(async (req) => …))`. */
function handlerOf(ev: Evaluator, node: SgNode): { handler: Arg; wrappers: string[] } {
  const wrappers: string[] = [];
  let current = node;
  for (let depth = 0; depth < 4 && current.kind() === 'call_expression'; depth++) {
    const args = ev.argumentNodes(current);
    const inner = args.find((arg) => ['arrow_function', 'function_expression', 'identifier', 'call_expression', 'member_expression'].includes(kindOf(arg)));
    if (!inner) break;
    wrappers.push(shortText(current.field('function') ?? current) ?? '<expression>');
    current = inner;
  }
  return { handler: ev.arg(current), wrappers };
}

/**
 * Methods a pages-router handler serves: `req.method === 'POST'` tests, `switch (req.method)` cases,
 * and next-connect routers (`router.get(handler)`). Empty when it serves every method.
 */
function comparedMethods(ev: Evaluator): string[] {
  const methods = new Set<string>();
  const { root, text } = ev.file;
  if (text.includes('.method')) {
    for (const comparison of root.findAll({ rule: { kind: 'binary_expression', has: { kind: 'member_expression', has: { field: 'property', regex: '^method$' } } } })) {
      const operator = comparison.field('operator')?.text();
      if (operator !== '===' && operator !== '==') continue;
      for (const side of [comparison.field('left'), comparison.field('right')]) {
        const value = side ? stringValue(side) : undefined;
        if (value !== undefined && NEXT_METHODS.has(value.toUpperCase())) methods.add(value.toUpperCase());
      }
    }
    for (const switchStatement of root.findAll({ rule: { kind: 'switch_statement', has: { field: 'value', has: { kind: 'member_expression', has: { field: 'property', regex: '^method$' } } } } })) {
      for (const switchCase of switchStatement.findAll({ rule: { kind: 'switch_case' } })) {
        const value = switchCase.field('value');
        const method = value ? stringValue(value) : undefined;
        if (method !== undefined && NEXT_METHODS.has(method.toUpperCase())) methods.add(method.toUpperCase());
      }
    }
  }
  for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'member_expression', has: { field: 'property', regex: '^(get|post|put|patch|delete|head|options)$' } } } })) {
    const member = call.field('function');
    const object = member?.field('object');
    const property = member?.field('property')?.text();
    if (!object || property === undefined || !VERB_METHODS.has(property)) continue;
    const origin = chainRoot(ev.eval(object));
    if (origin.t === 'obj' && ev.facts.objs[origin.id]?.framework === 'next-connect') methods.add(property.toUpperCase());
  }
  return [...methods].sort();
}
