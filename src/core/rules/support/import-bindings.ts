import type { SgNode } from '@ast-grep/napi';
import type { FileView } from '../types.js';
import { kindOf } from './kind-of.js';
import { literalText } from './string-literal.js';
import { statementText, topLevelStatements } from '../../source/top-level.js';
import { treeCache } from '../../source/tree-cache.js';

/** A name a top-level import binds: `local` stands for `imported` (`default`, `*` or an export) of `source`. */
export interface ImportBinding {
  local: string;
  imported: string;
  source: string;
}

/** Per file, by its root node (rule contexts of one file share it). */
const bindingsByRoot = treeCache<object, readonly ImportBinding[]>('import bindings');

/**
 * The names a JavaScript or Python file's top-level imports bind, with what they stand for: rules
 * decide what a receiver is by the module its name comes from (`new Server()` of `socket.io`, not of
 * `http`). JS: `import`, `const x = require('m')` and `const { a } = require('m')`; Python: `import m`,
 * `import m.n as x`, `from m import a as b`. Empty for Go and Java (their imports name packages and
 * types, which `FileView.imports` already gives).
 */
export function importBindings(file: FileView): readonly ImportBinding[] {
  let found = bindingsByRoot.get(file.root);
  if (!found) bindingsByRoot.set(file.root, (found = file.family === 'js' ? readJsBindings(file.root) : file.family === 'python' ? readPythonBindings(file.root) : []));
  return found;
}

/** The local names bound to one of `modules` (or a sub-path/sub-module of one), optionally only those that import one of `names`. */
export function localNamesOf(file: FileView, modules: readonly string[], names?: readonly string[]): Set<string> {
  const locals = new Set<string>();
  for (const binding of importBindings(file)) {
    if (!modules.some((module) => binding.source === module || binding.source.startsWith(`${module}/`) || binding.source.startsWith(`${module}.`))) continue;
    if (!names || names.includes(binding.imported)) locals.add(binding.local);
  }
  return locals;
}

function readJsBindings(root: SgNode): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const entry of topLevelStatements(root)) {
    const { node: statement, kind } = entry;
    if (kind === 'import_statement') {
      const sourceNode = statement.field('source');
      const source = sourceNode ? literalText(sourceNode, 'js') : undefined;
      if (source === undefined) continue;
      const clause = statement.children().find((child) => kindOf(child) === 'import_clause');
      for (const part of clause?.children() ?? []) {
        const partKind = kindOf(part);
        if (partKind === 'identifier') bindings.push({ local: part.text(), imported: 'default', source });
        else if (partKind === 'namespace_import') {
          const name = part.children().find((child) => kindOf(child) === 'identifier');
          if (name) bindings.push({ local: name.text(), imported: '*', source });
        } else if (partKind === 'named_imports') {
          for (const specifier of part.children()) {
            if (kindOf(specifier) !== 'import_specifier') continue;
            const name = specifier.field('name')?.text();
            if (name) bindings.push({ local: specifier.field('alias')?.text() ?? name, imported: name, source });
          }
        }
      }
    } else if ((kind === 'lexical_declaration' || kind === 'variable_declaration') && statementText(entry).includes('require')) {
      for (const declarator of statement.children()) {
        if (kindOf(declarator) !== 'variable_declarator') continue;
        const source = requiredModule(declarator.field('value'));
        const name = declarator.field('name');
        if (source === undefined || !name) continue;
        const nameKind = kindOf(name);
        if (nameKind === 'identifier') bindings.push({ local: name.text(), imported: '*', source });
        else if (nameKind === 'object_pattern') {
          for (const property of name.children()) {
            const propertyKind = kindOf(property);
            if (propertyKind === 'shorthand_property_identifier_pattern') bindings.push({ local: property.text(), imported: property.text(), source });
            else if (propertyKind === 'pair_pattern') {
              const key = property.field('key')?.text();
              const value = property.field('value');
              if (key && value && kindOf(value) === 'identifier') bindings.push({ local: value.text(), imported: key, source });
            }
          }
        }
      }
    }
  }
  return bindings;
}

/** `require('m')` → `m` (a member read off it, `require('m').x`, binds something else: not read). */
function requiredModule(value: SgNode | null): string | undefined {
  if (!value || kindOf(value) !== 'call_expression' || value.field('function')?.text() !== 'require') return undefined;
  const first = value.field('arguments')?.children().find((child) => child.isNamed());
  return first ? literalText(first, 'js') : undefined;
}

function readPythonBindings(root: SgNode): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const { node: statement, kind } of topLevelStatements(root)) {
    if (kind === 'import_statement') {
      for (const name of statement.children()) {
        const nameKind = kindOf(name);
        // `import a.b` binds `a` (the package); `import a.b as c` binds `c` to `a.b`.
        if (nameKind === 'dotted_name') bindings.push({ local: name.text().split('.')[0]!, imported: '*', source: name.text().split('.')[0]! });
        else if (nameKind === 'aliased_import') {
          const source = name.field('name')?.text();
          const alias = name.field('alias')?.text();
          if (source && alias) bindings.push({ local: alias, imported: '*', source });
        }
      }
    } else if (kind === 'import_from_statement') {
      const source = statement.field('module_name')?.text();
      if (!source) continue;
      for (const name of statement.fieldChildren('name')) {
        if (kindOf(name) === 'aliased_import') {
          const imported = name.field('name')?.text();
          const alias = name.field('alias')?.text();
          if (imported && alias) bindings.push({ local: alias, imported, source });
        } else bindings.push({ local: name.text(), imported: name.text(), source });
      }
    }
  }
  return bindings;
}
