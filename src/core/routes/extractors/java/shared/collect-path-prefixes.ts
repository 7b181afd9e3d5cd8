import type { SgNode } from '@ast-grep/napi';
import { lineOf, type ParsedFile } from '../../../../source/language.js';
import type { ValueExpr } from './java-facts.js';
import { readValueExpr } from './read-value-expr.js';
import { stringDeclarators } from './collect-java-facts.js';

/**
 * Which controllers a `PathMatchConfigurer.addPathPrefix(prefix, predicate)` applies to: those
 * carrying one of the annotations (`HandlerTypePredicate.forAnnotation`, `c -> c.isAnnotationPresent(…)`),
 * under one of the packages (`forBasePackage`), or of one of the types (`forAssignableType`); every
 * controller when none of these is set (`c -> true`). A predicate the analysis cannot read is kept as written.
 */
export interface PrefixPredicate {
  annotations?: string[];
  packages?: string[];
  types?: string[];
  unread?: string;
}

/** A path prefix a `WebMvcConfigurer`/`WebFluxConfigurer` adds in front of matching controllers' routes. */
export interface PathPrefixFacts {
  prefix: ValueExpr;
  predicate: PrefixPredicate;
  line: number;
  /** The configuring class and its String fields: the prefix's names resolve from there. */
  owner: { name: string; qualifiedName: string; fields: Record<string, ValueExpr> };
}

const INVOCATION_RULE = { rule: { kind: 'method_invocation' } };

/** The `addPathPrefix` calls of a file; most files make none (a substring test comes first). */
export function collectPathPrefixes(file: ParsedFile, pkg: string): PathPrefixFacts[] {
  if (!file.text.includes('addPathPrefix')) return [];
  const found: PathPrefixFacts[] = [];
  for (const call of file.root.findAll(INVOCATION_RULE)) {
    if (call.field('name')?.text() !== 'addPathPrefix') continue;
    const args = call.field('arguments')?.namedChildren() ?? [];
    if (args.length !== 2) continue;
    const owner = call.ancestors().find((ancestor) => ancestor.kind() === 'class_declaration');
    const name = owner?.field('name')?.text() ?? '';
    found.push({
      prefix: readValueExpr(args[0]!),
      predicate: predicateOf(args[1]!),
      line: lineOf(call),
      owner: { name, qualifiedName: pkg ? `${pkg}.${name}` : name, fields: owner ? stringFields(owner) : {} },
    });
  }
  return found;
}

const PREDICATE_FACTORIES: Readonly<Record<string, keyof Omit<PrefixPredicate, 'unread'>>> = {
  forAnnotation: 'annotations',
  forBasePackage: 'packages',
  forAssignableType: 'types',
};

function predicateOf(node: SgNode): PrefixPredicate {
  if (node.kind() === 'method_invocation') {
    const key = PREDICATE_FACTORIES[node.field('name')?.text() ?? ''];
    const values = key ? (node.field('arguments')?.namedChildren() ?? []).map((arg) => (key === 'packages' ? stringOf(arg) : classOf(arg))) : [];
    if (key && values.length > 0 && values.every((value): value is string => value !== undefined)) return { [key]: values };
  }
  // c -> c.isAnnotationPresent(RestController.class); c -> true (every controller)
  if (node.kind() === 'lambda_expression') {
    const body = node.field('body');
    if (body?.kind() === 'true') return {};
    if (body?.kind() === 'method_invocation' && body.field('name')?.text() === 'isAnnotationPresent') {
      const annotation = classOf(body.field('arguments')?.namedChildren()[0]);
      if (annotation) return { annotations: [annotation] };
    }
  }
  return { unread: node.text().replace(/\s+/g, ' ') };
}

/** `RestController.class` → `RestController`. */
function classOf(node: SgNode | undefined): string | undefined {
  if (node?.kind() !== 'class_literal') return undefined;
  const type = node.namedChildren()[0]?.text() ?? '';
  return type.slice(type.lastIndexOf('.') + 1) || undefined;
}

function stringOf(node: SgNode): string | undefined {
  const expr = readValueExpr(node);
  return expr.kind === 'string' ? expr.value : undefined;
}

/** String fields with an initial value (`private final String prefix = "api/v1"`), by name. */
function stringFields(owner: SgNode): Record<string, ValueExpr> {
  const fields: Record<string, ValueExpr> = {};
  for (const member of owner.field('body')?.children() ?? []) {
    if (member.kind() === 'field_declaration') Object.assign(fields, stringDeclarators(member));
  }
  return fields;
}
