import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import type { Evaluator } from './evaluate.js';

/** A named class declared at a module's top level, with every decorator written on it. */
export interface TopLevelClass {
  node: SgNode;
  name: string;
  /** Decorators before `export` (`@Controller() export class …`), then those on the class itself, in order. */
  decorators: SgNode[];
}

/**
 * The module's top-level classes, exported or not (NestJS, routing-controllers and tsoa controllers are
 * all decorated classes). `export default class` has its class in the `declaration` field too.
 */
export function topLevelClasses(ev: Evaluator): TopLevelClass[] {
  const classes: TopLevelClass[] = [];
  for (const { node: statement, kind } of ev.topLevel()) {
    let decorators: SgNode[] = [];
    let cls: SgNode | undefined;
    if (kind === 'export_statement') {
      decorators = statement.children().filter((child) => child.kind() === 'decorator');
      const declaration = statement.field('declaration');
      if (declaration?.kind() === 'class_declaration' || declaration?.kind() === 'abstract_class_declaration') cls = declaration;
    } else if (kind === 'class_declaration' || kind === 'abstract_class_declaration') cls = statement;
    if (!cls) continue;
    const name = cls.field('name')?.text();
    if (name === undefined) continue;
    classes.push({ node: cls, name, decorators: [...decorators, ...cls.children().filter((child) => child.kind() === 'decorator')] });
  }
  return classes;
}

/** A method of a class body with the decorators written right before it. */
export interface DecoratedMethodNode {
  node: SgNode;
  /** In order; comments between them and the method are skipped. */
  decorators: SgNode[];
  /** Hash of the decorators' and the method's text (route signatures change with either). */
  hash: string;
}

/** The methods of a class body that carry decorators (NestJS, routing-controllers and tsoa routes). */
export function decoratedMethods(cls: SgNode): DecoratedMethodNode[] {
  const methods: DecoratedMethodNode[] = [];
  let pending: SgNode[] = [];
  for (const member of cls.field('body')?.children() ?? []) {
    const kind = member.kind();
    if (kind === 'decorator') {
      pending.push(member);
      continue;
    }
    if (kind === 'method_definition' && pending.length > 0) {
      methods.push({ node: member, decorators: pending, hash: stableHash(...pending.map((decorator) => decorator.text()), member.text()) });
    }
    if (kind !== 'comment') pending = [];
  }
  return methods;
}
