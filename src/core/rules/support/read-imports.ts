import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { literalText } from './string-literal.js';
import { statementText, topLevelStatements } from '../../source/top-level.js';

/**
 * Module specifiers a file imports, read from top-level statements only (cheap: no tree walk).
 * JS: `import … from 'x'`, top-level `require('x')`; Python: `import x`, `from x import y` (as `x`
 * and `x.y`); Go: import paths; Java: imported names (`org.slf4j.Logger`).
 */
export function readImports(root: SgNode, family: RuleLanguage): string[] {
  const imports: string[] = [];
  for (const entry of topLevelStatements(root)) {
    const { node: statement, kind } = entry;
    if (family === 'js') {
      if (kind === 'import_statement') {
        const source = statement.field('source');
        const value = source ? literalText(source, 'js') : undefined;
        if (value !== undefined) imports.push(value);
      } else if ((kind === 'lexical_declaration' || kind === 'variable_declaration') && statementText(entry).includes('require')) {
        for (const declarator of statement.children()) {
          const value = declarator.kind() === 'variable_declarator' ? declarator.field('value') : null;
          const required = value ? requiredModule(value) : undefined;
          if (required !== undefined) imports.push(required);
        }
      }
    } else if (family === 'python') {
      if (kind === 'import_statement') {
        for (const name of statement.children()) {
          if (name.kind() === 'dotted_name') imports.push(name.text());
          else if (name.kind() === 'aliased_import') imports.push(name.field('name')?.text() ?? name.text());
        }
      } else if (kind === 'import_from_statement') {
        const module = statement.field('module_name')?.text();
        if (module) {
          imports.push(module);
          for (const name of statement.fieldChildren('name')) imports.push(`${module}.${name.kind() === 'aliased_import' ? (name.field('name')?.text() ?? '') : name.text()}`);
        }
      }
    } else if (family === 'go') {
      if (kind === 'import_declaration') {
        for (const spec of statement.findAll({ rule: { kind: 'import_spec' } })) {
          const path = spec.field('path');
          const value = path ? literalText(path, 'go') : undefined;
          if (value !== undefined) imports.push(value);
        }
      }
    } else if (kind === 'import_declaration') {
      const name = statement.children().find((child) => child.kind() === 'scoped_identifier' || child.kind() === 'identifier');
      if (name) imports.push(name.text());
    }
  }
  return imports;
}

function requiredModule(value: SgNode): string | undefined {
  // const x = require('y') and const x = require('y').z
  let call: SgNode | null = value;
  if (call.kind() === 'member_expression') call = call.field('object');
  if (!call || call.kind() !== 'call_expression' || call.field('function')?.text() !== 'require') return undefined;
  const first = call.field('arguments')?.children().find((child) => child.isNamed());
  return first ? literalText(first, 'js') : undefined;
}

/** True when one of `imports` is `module` or a sub-path/sub-module of it. */
export function importsModule(imports: readonly string[], modules: readonly string[]): boolean {
  return imports.some((spec) => modules.some((module) => spec === module || spec.startsWith(`${module}/`) || spec.startsWith(`${module}.`)));
}
