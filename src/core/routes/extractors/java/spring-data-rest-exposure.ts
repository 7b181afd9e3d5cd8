import type { SgNode } from '@ast-grep/napi';
import { lineOf, type ParsedFile } from '../../../source/language.js';

/**
 * One `withItemExposure(…)` / `withCollectionExposure(…)` filter of Spring Data REST's
 * `ExposureConfiguration`, read from a `RepositoryRestConfigurer`: it switches HTTP methods of the item
 * resource (`/{path}/{id}`) or the collection resource (`/{path}`) off, for one domain type or for all.
 */
export interface ExposureFacts {
  /** Simple name of the domain type (`forDomainType(Product.class)`); `*` for every type; undefined when the code does not say it plainly. */
  domain: string | undefined;
  resource: 'item' | 'collection';
  /** HTTP methods the filter disables; undefined when they could not be read. */
  disabled: string[] | undefined;
  line: number;
}

const EXPOSURE_METHODS: Readonly<Record<string, ExposureFacts['resource']>> = { withItemExposure: 'item', withCollectionExposure: 'collection' };
const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE']);
const INVOCATION_RULE = { rule: { kind: 'method_invocation' } };

/** Parameter name → the argument one call site passes for it. */
type Binding = ReadonlyMap<string, SgNode>;

/**
 * Every exposure filter a file declares. A filter written in a helper method
 * (`disableHttpMethods(config, Product.class, unsupported)`) is read once per call of the helper in
 * the same class, with the helper's parameters bound to that call's arguments.
 */
export function collectExposureFacts(file: ParsedFile): ExposureFacts[] {
  if (!file.text.includes('Exposure')) return [];
  const facts: ExposureFacts[] = [];
  for (const call of file.root.findAll(INVOCATION_RULE)) {
    const resource = EXPOSURE_METHODS[call.field('name')?.text() ?? ''];
    if (!resource) continue;
    const lambda = call.field('arguments')?.namedChildren()[0];
    for (const binding of bindingsOf(call)) {
      facts.push({ domain: domainOf(call.field('object'), binding), resource, disabled: lambda ? disabledBy(lambda, binding) : undefined, line: lineOf(call.field('name') ?? call) });
    }
  }
  return facts;
}

/** The call sites of the enclosing method inside its class, or one empty binding when it has none. */
function bindingsOf(node: SgNode): Binding[] {
  const method = node.ancestors().find((ancestor) => ancestor.kind() === 'method_declaration');
  const name = method?.field('name')?.text();
  const parameters = (method?.field('parameters')?.namedChildren() ?? [])
    .filter((parameter) => parameter.kind() === 'formal_parameter')
    .map((parameter) => parameter.field('name')?.text() ?? '');
  const body = method?.ancestors().find((ancestor) => ancestor.kind() === 'class_body');
  if (!method || !name || parameters.length === 0 || !body) return [new Map()];
  const calls = body.findAll(INVOCATION_RULE).filter((call) => {
    const receiver = call.field('object');
    return call.field('name')?.text() === name && (!receiver || receiver.kind() === 'this') && call.field('arguments')?.namedChildren().length === parameters.length;
  });
  if (calls.length === 0) return [new Map()];
  return calls.map((call) => {
    const args = call.field('arguments')?.namedChildren() ?? [];
    return new Map(parameters.map((parameter, index) => [parameter, args[index]!] as const));
  });
}

/** Follows the receiver chain back to `forDomainType(X.class)` or to `getExposureConfiguration()` (every type). */
function domainOf(receiver: SgNode | null, binding: Binding): string | undefined {
  let current = receiver;
  while (current?.kind() === 'method_invocation') {
    const name = current.field('name')?.text();
    if (name === 'forDomainType') return classNameOf(current.field('arguments')?.namedChildren()[0], binding);
    if (name === 'getExposureConfiguration') return '*';
    if (!name || !(name in EXPOSURE_METHODS) && name !== 'disablePutForCreation') return undefined;
    current = current.field('object');
  }
  return undefined;
}

function classNameOf(node: SgNode | undefined, binding: Binding): string | undefined {
  if (!node) return undefined;
  if (node.kind() === 'identifier') {
    const bound = binding.get(node.text());
    return bound ? classNameOf(bound, new Map()) : undefined;
  }
  if (node.kind() !== 'class_literal') return undefined;
  const type = node.namedChildren()[0]?.text() ?? '';
  return type.slice(type.lastIndexOf('.') + 1) || undefined;
}

/**
 * The methods `(metadata, methods) -> methods.disable(…)` switches off. Any other body (enabling,
 * conditions on the metadata) is unread: undefined.
 */
function disabledBy(lambda: SgNode, binding: Binding): string[] | undefined {
  if (lambda.kind() !== 'lambda_expression') return undefined;
  const body = lambda.field('body');
  if (!body) return undefined;
  const statements = body.kind() === 'block' ? body.namedChildren() : [body];
  const disabled: string[] = [];
  for (const statement of statements) {
    const call = statement.kind() === 'return_statement' || statement.kind() === 'expression_statement' ? statement.namedChildren()[0] : statement;
    if (call?.kind() !== 'method_invocation' || call.field('name')?.text() !== 'disable') return undefined;
    for (const arg of call.field('arguments')?.namedChildren() ?? []) {
      const methods = httpMethodsOf(arg, binding, 0);
      if (!methods) return undefined;
      disabled.push(...methods);
    }
  }
  return disabled;
}

/** Arrays and local/field variables are nested a few levels at most. */
const MAX_VALUE_DEPTH = 4;

/** `HttpMethod.POST`, a statically imported `POST`, an array of them, or a variable/parameter holding one. */
function httpMethodsOf(node: SgNode, binding: Binding, depth: number): string[] | undefined {
  if (depth > MAX_VALUE_DEPTH) return undefined;
  switch (node.kind()) {
    case 'field_access': {
      const field = node.field('field')?.text() ?? '';
      return HTTP_METHODS.has(field) ? [field] : undefined;
    }
    case 'array_creation_expression': {
      const initializer = node.children().find((child) => child.kind() === 'array_initializer');
      return initializer ? httpMethodsOf(initializer, binding, depth + 1) : undefined;
    }
    case 'array_initializer': {
      const methods: string[] = [];
      for (const element of node.namedChildren()) {
        const found = httpMethodsOf(element, binding, depth + 1);
        if (!found) return undefined;
        methods.push(...found);
      }
      return methods;
    }
    case 'identifier': {
      const name = node.text();
      const bound = binding.get(name);
      if (bound) return httpMethodsOf(bound, new Map(), depth + 1);
      const value = variableValueOf(node, name);
      if (value) return httpMethodsOf(value, new Map(), depth + 1);
      return HTTP_METHODS.has(name) ? [name] : undefined;
    }
    default:
      return undefined;
  }
}

/** The initial value of a local variable of the enclosing method, or of a field of the enclosing class. */
function variableValueOf(from: SgNode, name: string): SgNode | undefined {
  for (const scope of from.ancestors()) {
    if (scope.kind() !== 'method_declaration' && scope.kind() !== 'class_body' && scope.kind() !== 'constructor_declaration') continue;
    const declarators = scope.kind() === 'class_body'
      ? scope.children().filter((child) => child.kind() === 'field_declaration').flatMap((field) => field.children().filter((child) => child.kind() === 'variable_declarator'))
      : scope.findAll({ rule: { kind: 'variable_declarator' } });
    const declarator = declarators.find((candidate) => candidate.field('name')?.text() === name);
    if (declarator) return declarator.field('value') ?? undefined;
    if (scope.kind() === 'class_body') return undefined;
  }
  return undefined;
}
