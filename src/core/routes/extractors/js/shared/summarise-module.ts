import type { SgNode } from '@ast-grep/napi';
import { exportedDeclaration } from '../../../../source/top-level.js';
import type { Evaluator } from './evaluate.js';
import { frameworkOfPackage } from './frameworks.js';
import { bindingsOf, importParts, statementText, stringValue, type Statement } from './scope.js';

/**
 * Reads a module's top level: which framework packages it imports (ESM imports and top-level
 * `require`), and what it exports (ESM exports, `module.exports`, `exports.x`, `export =`).
 */
export function summariseModule(ev: Evaluator): void {
  const { text } = ev.file;
  const frameworks = new Set<string>();
  // Imports and `require('express')` are read for frameworks only when a framework's name is in the text at all.
  const mentionsFramework = FRAMEWORK_WORDS.some((word) => text.includes(word));
  const esmExports = text.includes('export');
  const commonJsExports = text.includes('exports');
  if (!esmExports && !commonJsExports && !mentionsFramework) return;
  const exportStatements: Statement[] = [];
  for (const entry of ev.topLevel()) {
    const { node: statement, kind } = entry;
    if (kind === 'export_statement') {
      if (esmExports) exportStatements.push(entry);
    } else if (kind === 'expression_statement') {
      // Only an assignment to `exports` or `module.exports` exports anything.
      if (commonJsExports && statementText(entry).includes('exports')) exportStatements.push(entry);
    } else if (kind === 'import_statement') {
      if (!mentionsFramework) continue;
      // The source is the statement's string child; the names it binds are read from the same children when looked up.
      const source = importParts(entry).find((part) => part.kind === 'string');
      const spec = source ? stringValue(source.node, source.kind) : undefined;
      const framework = spec === undefined ? undefined : frameworkOfPackage(spec);
      if (framework) frameworks.add(framework);
    } else if (mentionsFramework && (kind === 'lexical_declaration' || kind === 'variable_declaration') && statementText(entry).includes('require')) {
      // The declarations are read once, for this and for lookups of their names.
      bindingsOf(entry, ev.programScope());
      for (const value of entry.values ?? []) {
        const spec = requiredSpec(value);
        const framework = spec === undefined ? undefined : frameworkOfPackage(spec);
        if (framework) frameworks.add(framework);
      }
    }
  }
  // Exports of modules that use no framework are read for what other modules take from them (handlers,
  // constants, re-exports): their values, without the source positions of nested expressions.
  ev.light = frameworks.size === 0;
  ev.within(ev.programChain(), () => {
    for (const entry of exportStatements) {
      if (entry.kind === 'export_statement') readExport(entry, ev);
      else readCommonJsExport(entry.node, ev);
    }
    // Top-level statements are in no class.
  }, null);
  ev.light = false;
  ev.facts.frameworks = [...frameworks].sort();
}

/** Words one of the framework packages' names contains. */
const FRAMEWORK_WORDS = ['express', 'fastify', 'hono', 'koa', '@nestjs', 'next', 'routing-controllers', 'tsoa'];

/** The package a `require('x')`, `require('x').y` or `require('x')()` expression loads. */
function requiredSpec(node: SgNode): string | undefined {
  let current: SgNode | null = node;
  for (let depth = 0; current && depth < 4; depth++) {
    const kind = current.kind();
    if (kind === 'call_expression') {
      const fn: SgNode | null = current.field('function');
      if (fn?.kind() === 'identifier' && fn.text() === 'require') {
        const first = current.field('arguments')?.namedChildren()[0];
        return first ? stringValue(first) : undefined;
      }
      current = fn;
    } else if (kind === 'member_expression') current = current.field('object');
    else if (kind === 'await_expression' || kind === 'parenthesized_expression') current = current.namedChildren()[0] ?? null;
    else return undefined;
  }
  return undefined;
}

function readExport(entry: Statement, ev: Evaluator): void {
  const { exports } = ev.facts;
  const statement = entry.node;
  // Most exports declare something (`export const`, `export function`): such a statement has no source.
  const declaration = exportedDeclaration(entry);
  if (declaration) {
    readExportedDeclaration(entry, declaration.node, declaration.kind, ev);
    return;
  }
  const source = statement.field('source');
  const spec = source ? stringValue(source) : undefined;
  if (spec !== undefined) {
    const named = statement.namedChildren();
    const clause = named.find((child) => child.kind() === 'export_clause');
    const namespace = named.find((child) => child.kind() === 'namespace_export');
    if (clause) {
      for (const specifier of clause.namedChildren()) {
        if (specifier.kind() !== 'export_specifier') continue;
        const name = specifier.field('name')?.text();
        const alias = specifier.field('alias')?.text();
        if (name !== undefined) exports[alias ?? name] = { t: 'imp', spec, name };
      }
    } else if (namespace) {
      const alias = namespace.namedChildren()[0]?.text();
      if (alias !== undefined) exports[alias] = { t: 'imp', spec, name: '*' };
    } else ev.facts.stars.push(spec);
    return;
  }
  const value = statement.field('value');
  if (value) {
    exports.default = ev.eval(value);
    return;
  }
  const named = statement.namedChildren();
  const clause = named.find((child) => child.kind() === 'export_clause');
  if (clause) {
    for (const specifier of clause.namedChildren()) {
      if (specifier.kind() !== 'export_specifier') continue;
      const local = specifier.field('name');
      const alias = specifier.field('alias')?.text();
      if (local) exports[alias ?? local.text()] = ev.eval(local);
    }
    return;
  }
  // export = router
  const expression = named.find((child) => child.kind() !== 'comment' && child.kind() !== 'decorator');
  if (expression) exports['='] = ev.eval(expression);
}

/** `export const x = …`, `export function f() {}`, `export default class X {}`. */
function readExportedDeclaration(statement: Statement, declaration: SgNode, kind: string, ev: Evaluator): void {
  const { exports } = ev.facts;
  // Types and interfaces export nothing a route needs.
  if (TYPE_DECLARATIONS.has(kind)) return;
  if (kind === 'lexical_declaration' || kind === 'variable_declaration') {
    for (const declarator of declaration.namedChildren()) {
      if (declarator.kind() !== 'variable_declarator') continue;
      const name = declarator.field('name');
      const value = declarator.field('value');
      if (name?.kind() === 'identifier' && value) {
        const variable = name.text();
        exports[variable] = ev.declaredValue(value, declarator, variable);
      }
    }
    return;
  }
  const value = ev.eval(declaration);
  if (isDefaultExport(statement)) exports.default = value;
  const name = declaration.field('name')?.text();
  if (name !== undefined) exports[name] = value;
}

const TYPE_DECLARATIONS: ReadonlySet<string> = new Set(['interface_declaration', 'type_alias_declaration', 'ambient_declaration', 'module', 'internal_module']);

/** `export default …` (decorators may come first). */
function isDefaultExport(entry: Statement): boolean {
  // The statement's own first words answer when it starts with its keyword (no decorator or comment first).
  const text = statementText(entry);
  if (text.startsWith('export') && isBlank(text.charCodeAt(6))) {
    let at = 7;
    while (isBlank(text.charCodeAt(at))) at++;
    if (text.charCodeAt(at) !== 47 /* / */) return text.startsWith('default', at) && !isNameCode(text.charCodeAt(at + 7));
  }
  const statement = entry.node;
  for (let i = 0; i < 8; i++) {
    const child = statement.child(i);
    if (!child) return false;
    const kind = child.kind();
    if (kind === 'default') return true;
    if (kind !== 'export' && kind !== 'decorator' && kind !== 'comment') return false;
  }
  return false;
}

function readCommonJsExport(statement: SgNode, ev: Evaluator): void {
  const assignment = statement.child(0);
  if (assignment?.kind() !== 'assignment_expression') return;
  const left = assignment.child(0);
  if (left?.kind() !== 'member_expression') return;
  // module.exports = x, module.exports.name = x, exports.name = x
  const target = left.text();
  const name = target === 'module.exports' ? '=' : target.startsWith('module.exports.') ? target.slice(15) : target.startsWith('exports.') ? target.slice(8) : undefined;
  if (name === undefined || !/^[A-Za-z_$][\w$]*$|^=$/.test(name)) return;
  const right = assignment.field('right');
  if (right) ev.facts.exports[name] = ev.eval(right);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function isNameCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}
