import type { SgNode } from '@ast-grep/napi';
import { lineOf } from '../../source/language.js';
import type { RuleLanguage } from '../types.js';
import { literalText } from './string-literal.js';
import { statementText, topLevelStatements, type TopLevelStatement } from '../../source/top-level.js';

/** One import statement of a file, with what it may name, for resolving it to files of the repository. */
export interface ImportSite {
  line: number;
  /** The module as written (`../../inventory/src/stock`, `app.services`, `github.com/acme/x/pkg`, `com.acme.Stock`). */
  specifier: string;
  /**
   * Module names to try, most specific first: Python `from m import a` gives `m.a` then `m`; a Java
   * static import `a.B.c` gives `a.B.c` then `a.B`; a Java wildcard is written `a.b.*`.
   */
  modules: string[];
  /** TypeScript `import type` / `export type … from`, or every named import marked `type`: no runtime coupling. */
  typeOnly: boolean;
}

/**
 * The import statements of a file with their lines, read from top-level statements only (imports in
 * functions, `try` blocks and `if TYPE_CHECKING:` are left out).
 */
export function readImportSites(root: SgNode, family: RuleLanguage): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const top of topLevelStatements(root)) {
    const { node: statement, kind } = top;
    if (family === 'js') readJsStatement(top, sites);
    else if (family === 'python') readPythonStatement(statement, kind, sites);
    else if (family === 'go' && kind === 'import_declaration') {
      for (const spec of statement.findAll({ rule: { kind: 'import_spec' } })) {
        const path = spec.field('path');
        const value = path ? literalText(path, 'go') : undefined;
        if (value) sites.push({ line: lineOf(spec), specifier: value, modules: [value], typeOnly: false });
      }
    } else if (family === 'java' && kind === 'import_declaration') readJavaStatement(statement, sites);
  }
  return sites;
}

function readJsStatement(top: TopLevelStatement, sites: ImportSite[]): void {
  const { node: statement, kind } = top;
  if (kind === 'import_statement' || kind === 'export_statement') {
    // Only `export … from '…'` re-exports have a source, and they all say `from`; the statement's
    // text (shared by the file's readers) answers for the other exports without asking the tree.
    if (kind === 'export_statement' && !statementText(top).includes('from')) return;
    const source = statement.field('source');
    const value = source ? literalText(source, 'js') : undefined;
    if (value === undefined) return;
    // A type-only import says `type` somewhere in its text.
    const typeOnly = statementText(top).includes('type') && isTypeOnly(statement);
    sites.push({ line: lineOf(statement), specifier: value, modules: [value], typeOnly });
    return;
  }
  if (kind !== 'lexical_declaration' && kind !== 'variable_declaration') return;
  for (const declarator of statement.children()) {
    const value = declarator.kind() === 'variable_declarator' ? declarator.field('value') : null;
    const required = value ? requiredModule(value) : undefined;
    if (required !== undefined) sites.push({ line: lineOf(declarator), specifier: required, modules: [required], typeOnly: false });
  }
}

/** `import type …`, `export type … from`, or `import { type A, type B }` with every name a type. */
function isTypeOnly(statement: SgNode): boolean {
  const children = statement.children();
  if (children.some((child) => child.kind() === 'type')) return true;
  const clause = children.find((child) => child.kind() === 'import_clause');
  if (!clause) return false;
  const parts = clause.children();
  // A default or namespace import is a value.
  if (parts.some((part) => part.kind() !== 'named_imports')) return false;
  const specifiers = parts.flatMap((part) => part.children().filter((child) => child.kind() === 'import_specifier'));
  return specifiers.length > 0 && specifiers.every((specifier) => specifier.children().some((child) => child.kind() === 'type'));
}

function requiredModule(value: SgNode): string | undefined {
  // const x = require('y') and const x = require('y').z
  let call: SgNode | null = value;
  if (call.kind() === 'member_expression') call = call.field('object');
  if (!call || call.kind() !== 'call_expression' || call.field('function')?.text() !== 'require') return undefined;
  const first = call.field('arguments')?.children().find((child) => child.isNamed());
  return first ? literalText(first, 'js') : undefined;
}

function readPythonStatement(statement: SgNode, kind: string, sites: ImportSite[]): void {
  if (kind === 'import_statement') {
    for (const name of statement.children()) {
      const module = name.kind() === 'dotted_name' ? name.text() : name.kind() === 'aliased_import' ? name.field('name')?.text() : undefined;
      if (module) sites.push({ line: lineOf(statement), specifier: module, modules: [module], typeOnly: false });
    }
    return;
  }
  if (kind !== 'import_from_statement') return;
  const module = statement.field('module_name')?.text();
  if (!module) return;
  const join = (name: string) => (module.endsWith('.') ? `${module}${name}` : `${module}.${name}`);
  const names = statement.fieldChildren('name').map((name) => (name.kind() === 'aliased_import' ? (name.field('name')?.text() ?? '') : name.text())).filter(Boolean);
  sites.push({ line: lineOf(statement), specifier: module, modules: [...names.map(join), module], typeOnly: false });
}

function readJavaStatement(statement: SgNode, sites: ImportSite[]): void {
  const children = statement.children();
  const name = children.find((child) => child.kind() === 'scoped_identifier' || child.kind() === 'identifier')?.text();
  if (!name) return;
  if (children.some((child) => child.kind() === 'asterisk')) {
    sites.push({ line: lineOf(statement), specifier: `${name}.*`, modules: [`${name}.*`], typeOnly: false });
    return;
  }
  const isStatic = children.some((child) => child.kind() === 'static');
  const owner = name.slice(0, name.lastIndexOf('.'));
  // `import a.B.Inner` and `import static a.B.member` name a class one segment up as well.
  sites.push({ line: lineOf(statement), specifier: name, modules: owner && (isStatic || /^[A-Z]/.test(owner.slice(owner.lastIndexOf('.') + 1))) ? [name, owner] : [name], typeOnly: false });
}
