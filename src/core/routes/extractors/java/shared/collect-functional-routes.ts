import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { endLineOf, lineOf } from '../../../../source/language.js';
import type { FunctionalRouteFacts, ValueExpr } from './java-facts.js';
import { readValueExpr } from './read-value-expr.js';

/** Spring's functional routing lives in these packages (WebFlux and, since 5.2, MVC). */
const FUNCTIONAL_PACKAGES = ['org.springframework.web.reactive.function.server', 'org.springframework.web.servlet.function'];

const VERB_CALL = {
  rule: { kind: 'method_invocation', has: { field: 'name', regex: '^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$' } },
} as const;

/** Predicate combinators a `GET("/x")` predicate may sit in before reaching `route(predicate, handler)`. */
const PREDICATE_COMBINATORS = new Set(['and', 'or', 'negate']);

/** Whether a file's imports bring in Spring's functional routing: without them `GET(…)` is someone else's. */
export function importsFunctionalRouting(imports: readonly string[]): boolean {
  return imports.some((name) => FUNCTIONAL_PACKAGES.some((pkg) => name === `${pkg}.*` || name.startsWith(`${pkg}.`)));
}

/**
 * Routes a `RouterFunction` bean declares, in both styles:
 * the builder (`route().path("/api", b -> b.GET("/users", h::list))`) and the predicates
 * (`route(GET("/users").and(accept(JSON)), h::list).andRoute(POST("/users"), h::create)`,
 * `nest(path("/api"), …)`).
 */
export function collectFunctionalRoutes(body: SgNode): FunctionalRouteFacts[] {
  const routes: FunctionalRouteFacts[] = [];
  for (const call of body.findAll(VERB_CALL)) {
    const route = builderRoute(call) ?? predicateRoute(call);
    if (route) routes.push(route);
  }
  return routes;
}

function argumentsOf(call: SgNode): SgNode[] {
  return (call.field('arguments')?.namedChildren() ?? []).filter((arg) => arg.kind() !== 'line_comment' && arg.kind() !== 'block_comment');
}

function nameOf(call: SgNode): string {
  return call.field('name')?.text() ?? '';
}

/** `builder.GET(handler)`, `builder.GET(pattern, handler)`, `builder.GET(pattern, predicate, handler)`. */
function builderRoute(call: SgNode): FunctionalRouteFacts | undefined {
  const object = call.field('object');
  if (!object || !isBuilder(object)) return undefined;
  const args = argumentsOf(call);
  const handler = args[args.length - 1];
  if (!handler) return undefined;
  const own: ValueExpr = args.length >= 2 ? readValueExpr(args[0]!) : { kind: 'string', value: '' };
  return makeRoute(call, own, handler, nameOf(call) + (call.field('arguments')?.text() ?? ''));
}

/** A builder chain starts at `route()`/`RouterFunctions.route()` or at the builder a `.path`/`.nest` lambda receives. */
function isBuilder(node: SgNode): boolean {
  let current = node;
  while (current.kind() === 'method_invocation') {
    const object = current.field('object');
    if (!object || object.text() === 'RouterFunctions') return nameOf(current) === 'route' && argumentsOf(current).length === 0;
    current = object;
  }
  if (current.kind() !== 'identifier') return false;
  const name = current.text();
  return current.ancestors().some((ancestor) => {
    if (ancestor.kind() !== 'lambda_expression') return false;
    const params = ancestor.field('parameters');
    const declared = params?.kind() === 'identifier' ? [params.text()] : (params?.namedChildren() ?? []).map((p) => p.field('name')?.text() ?? p.text());
    const consumer = ancestor.parent()?.parent();
    return declared.includes(name) && consumer?.kind() === 'method_invocation' && ['path', 'nest'].includes(nameOf(consumer));
  });
}

/** `GET("/x")` (or `RequestPredicates.GET`) as the predicate of `route(…)`/`andRoute(…)`. */
function predicateRoute(call: SgNode): FunctionalRouteFacts | undefined {
  const object = call.field('object');
  if (object && object.text() !== 'RequestPredicates') return undefined;
  const args = argumentsOf(call);
  if (args.length !== 1) return undefined;
  let predicate = call;
  for (let parent = predicate.parent(); parent?.kind() === 'method_invocation' && PREDICATE_COMBINATORS.has(nameOf(parent)); parent = predicate.parent()) {
    if (parent.field('object')?.id() !== predicate.id()) break;
    predicate = parent;
  }
  const list = predicate.parent();
  const route = list?.parent();
  if (list?.kind() !== 'argument_list' || route?.kind() !== 'method_invocation' || !['route', 'andRoute'].includes(nameOf(route))) return undefined;
  const [first, handler] = argumentsOf(route);
  if (first?.id() !== predicate.id() || !handler) return undefined;
  return makeRoute(call, readValueExpr(args[0]!), handler, list.text());
}

function makeRoute(call: SgNode, own: ValueExpr, handler: SgNode, declaration: string): FunctionalRouteFacts {
  const nameNode = call.field('name') ?? call;
  return {
    method: nameOf(call),
    pathParts: [...enclosingPrefixes(call), own],
    line: lineOf(nameNode),
    handlerText: handler.text().replace(/\s+/g, ' '),
    handlerStartLine: lineOf(handler),
    handlerEndLine: endLineOf(handler),
    declarationHash: stableHash(declaration, handler.text()),
  };
}

/** Prefixes from enclosing `.path("/api", b -> …)` and `nest(path("/api"), …)`, outermost first. */
function enclosingPrefixes(call: SgNode): ValueExpr[] {
  const prefixes: ValueExpr[] = [];
  const position = call.range().start.index;
  for (const ancestor of call.ancestors()) {
    if (ancestor.kind() === 'method_declaration') break;
    if (ancestor.kind() !== 'method_invocation') continue;
    const name = nameOf(ancestor);
    if (name !== 'path' && name !== 'nest') continue;
    const [first, ...rest] = argumentsOf(ancestor);
    if (!first || !rest.some((arg) => arg.range().start.index <= position && position < arg.range().end.index)) continue;
    const prefix = name === 'path' ? readValueExpr(first) : pathPredicateOf(first);
    if (prefix) prefixes.push(prefix);
  }
  return prefixes.reverse();
}

/** The pattern of a `path("/x")` predicate, possibly combined (`path("/x").and(accept(JSON))`). */
function pathPredicateOf(predicate: SgNode): ValueExpr | undefined {
  if (predicate.kind() !== 'method_invocation') return undefined;
  const name = nameOf(predicate);
  const args = argumentsOf(predicate);
  if (name === 'path' && args.length === 1) return readValueExpr(args[0]!);
  if (!PREDICATE_COMBINATORS.has(name)) return undefined;
  const object = predicate.field('object');
  return (object ? pathPredicateOf(object) : undefined) ?? (args[0] ? pathPredicateOf(args[0]) : undefined);
}
