import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import type { HandlerInfo } from './find-handlers.js';
import { kindOf } from './kind-of.js';

/** Where a value inserted into a query or command comes from, as far as one function shows. */
export type ValueOrigin = 'request' | 'parameter';

/** Members of a request object that hold client input, per family. */
const REQUEST_MEMBERS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['body', 'query', 'params', 'headers', 'cookies', 'param', 'json', 'formData', 'valid']),
  // aiohttp: `request.query`, `request.match_info`, `request.rel_url.query`.
  python: new Set(['args', 'form', 'json', 'values', 'data', 'GET', 'POST', 'query_params', 'path_params', 'headers', 'cookies', 'get_json', 'files', 'query', 'match_info']),
  go: new Set(['Query', 'Param', 'PostForm', 'DefaultQuery', 'DefaultPostForm', 'GetHeader', 'QueryParam', 'FormValue', 'PostFormValue', 'Params', 'URL', 'Body', 'Form', 'Header', 'Cookie', 'QueryArray', 'GetQuery']),
  java: new Set(['getParameter', 'getHeader', 'getParameterValues', 'getQueryString', 'getInputStream', 'getReader', 'getCookies']),
};

const STRING_CONVERSIONS = new Set(['toString', 'trim', 'toLowerCase', 'toUpperCase', 'strip', 'lower', 'upper', 'String']);
const UNWRAP_KINDS = new Set(['parenthesized_expression', 'await_expression', 'await', 'as_expression', 'non_null_expression', 'satisfies_expression', 'cast_expression']);
const FUNCTION_KINDS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'method_definition', 'generator_function_declaration']),
  python: new Set(['function_definition', 'lambda']),
  go: new Set(['function_declaration', 'method_declaration', 'func_literal']),
  java: new Set(['method_declaration', 'constructor_declaration', 'lambda_expression']),
};

/** Strips parentheses, awaits and type assertions around an expression. */
export function unwrapExpression(node: SgNode): SgNode {
  let current = node;
  while (UNWRAP_KINDS.has(kindOf(current))) {
    const inner = current.children().find((c) => c.isNamed() && !kindOf(c).includes('type') && c.kind() !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The nearest enclosing function of a node. */
export function enclosingFunction(node: SgNode, family: RuleLanguage): SgNode | undefined {
  return node.ancestors().find((ancestor) => FUNCTION_KINDS[family].has(kindOf(ancestor)));
}

/** Parameter names of a function node. */
export function functionParamNames(fn: SgNode, family: RuleLanguage): string[] {
  const params = fn.field('parameters') ?? fn.field('parameter');
  if (!params) return [];
  if (params.kind() === 'identifier') return [params.text()];
  const names: string[] = [];
  for (const param of params.children().filter((p) => p.isNamed())) {
    if (family === 'go') names.push(...param.children().filter((c) => c.kind() === 'identifier').map((c) => c.text()));
    else if (family === 'java') names.push(param.field('name')?.text() ?? '');
    else if (family === 'python') {
      const name = param.kind() === 'identifier' ? param : (param.field('name') ?? param.children().find((c) => c.kind() === 'identifier'));
      if (name && name.text() !== 'self' && name.text() !== 'cls') names.push(name.text());
    } else {
      const pattern = param.field('pattern') ?? param;
      if (pattern.kind() === 'identifier') names.push(pattern.text());
    }
  }
  return names.filter(Boolean);
}

/** Root name and member names of an access chain: `req.query.sort` → { root: 'req', members: ['query', 'sort'] }. */
export function accessChain(node: SgNode): { root: string; members: string[] } | undefined {
  const members: string[] = [];
  let current: SgNode | null = unwrapExpression(node);
  for (let depth = 0; current && depth < 12; depth++) {
    const kind = current.kind();
    if (kind === 'identifier' || kind === 'this' || kind === 'self') return { root: current.text(), members };
    if (kind === 'member_expression' || kind === 'attribute' || kind === 'selector_expression' || kind === 'field_access') {
      const property = current.field('property') ?? current.field('attribute') ?? current.field('field');
      if (property) members.unshift(property.text());
      current = current.field('object') ?? current.field('operand');
    } else if (kind === 'subscript_expression' || kind === 'subscript' || kind === 'index_expression') {
      current = current.field('object') ?? current.field('value') ?? current.field('operand');
    } else if (kind === 'call_expression' || kind === 'call') {
      current = current.field('function');
    } else if (kind === 'method_invocation') {
      const name = current.field('name');
      if (name) members.unshift(name.text());
      current = current.field('object');
    } else {
      return undefined;
    }
    if (current) current = unwrapExpression(current);
  }
  return undefined;
}

/**
 * Tells whether an expression is client input (`req.query.x`, a FastAPI route parameter, `c.Query("x")`,
 * a local destructured from `req.body`) or a plain parameter of the enclosing function.
 * Only direct uses count: `ALLOWED[req.query.sort]` is not client input (it is looked up).
 */
export class InputTaint {
  private readonly requestNames: Set<string>;
  private readonly tainted: Set<string>;

  constructor(handler: HandlerInfo | undefined, private readonly family: RuleLanguage) {
    this.requestNames = new Set(handler?.requestNames ?? []);
    this.tainted = new Set(handler?.inputParams ?? []);
    if (handler) this.collectTaintedLocals(handler.body);
  }

  /** The origin of an inserted value, or undefined when it is neither client input nor a parameter. */
  originOf(expression: SgNode): ValueOrigin | undefined {
    const node = unwrapExpression(expression);
    if (this.isRequestValue(node)) return 'request';
    const chain = accessChain(node);
    if (!chain || chain.root === 'this' || chain.root === 'self' || isConstantName(chain.root)) return undefined;
    // A conversion of a parameter (`id.toString()`) still inserts the parameter; other calls
    // (`ids.map(placeholder).join(',')`, `quote(name)`) produce something else.
    if (node.kind() === 'call_expression' || node.kind() === 'call' || node.kind() === 'method_invocation') {
      if (!STRING_CONVERSIONS.has(chain.members[chain.members.length - 1] ?? '')) return undefined;
    }
    const fn = enclosingFunction(node, this.family);
    if (fn && functionParamNames(fn, this.family).includes(chain.root) && !this.requestNames.has(chain.root)) return 'parameter';
    return undefined;
  }

  private isRequestValue(node: SgNode): boolean {
    if (this.family === 'go' && this.isGoRequestCall(node)) return true;
    const kind = kindOf(node);
    // A default or a string conversion keeps the input: `req.query.sort ?? 'id'`, `String(req.query.q)`, `request.args.get("q") or ""`, `cmp.Or(…)`.
    if (kind === 'binary_expression' || kind === 'boolean_operator') {
      const operator = node.field('operator')?.text();
      if (operator !== '??' && operator !== '||' && operator !== 'or') return false;
      return [node.field('left'), node.field('right')].some((side) => !!side && this.isRequestValue(unwrapExpression(side)));
    }
    if (kind === 'call_expression' || kind === 'call') {
      const callee = node.field('function')?.text();
      if (callee === 'String' || callee === 'str') {
        const argument = node.field('arguments')?.namedChildren()[0];
        return !!argument && this.isRequestValue(unwrapExpression(argument));
      }
      // Go's default: `cmp.Or(r.URL.Query().Get("sort"), "name")`.
      if (callee === 'cmp.Or') return (node.field('arguments')?.namedChildren() ?? []).some((argument) => this.isRequestValue(unwrapExpression(argument)));
    }
    const chain = accessChain(node);
    if (!chain) return false;
    if (this.tainted.has(chain.root)) return true;
    if (!this.requestNames.has(chain.root)) return false;
    return chain.members.some((member) => REQUEST_MEMBERS[this.family].has(member));
  }

  private isGoRequestCall(node: SgNode): boolean {
    // mux.Vars(r)["id"], chi.URLParam(r, "id")
    const call = node.kind() === 'index_expression' ? node.field('operand') : node;
    if (!call || call.kind() !== 'call_expression') return false;
    const callee = call.field('function')?.text() ?? '';
    if (callee !== 'mux.Vars' && callee !== 'chi.URLParam') return false;
    const first = call.field('arguments')?.children().find((c) => c.isNamed());
    return !!first && this.requestNames.has(first.text());
  }

  private collectTaintedLocals(body: SgNode): void {
    const kinds =
      this.family === 'js' ? ['variable_declarator']
      : this.family === 'python' ? ['assignment']
      : this.family === 'go' ? ['short_var_declaration', 'assignment_statement']
      : ['variable_declarator'];
    // Two rounds: `const { filters } = req.body; const name = filters.name;`
    for (let round = 0; round < 2; round++) {
      for (const declaration of body.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } })) {
        const value = declaration.field('value') ?? declaration.field('right');
        const target = declaration.field('name') ?? declaration.field('left');
        if (!value || !target) continue;
        const values = value.kind() === 'expression_list' ? value.children().filter((c) => c.isNamed()) : [value];
        if (!values.some((v) => this.isRequestValue(unwrapExpression(v)))) continue;
        for (const name of boundNames(target, this.family)) this.tainted.add(name);
      }
    }
  }
}

function boundNames(target: SgNode, family: RuleLanguage): string[] {
  if (target.kind() === 'identifier') return [target.text()];
  const kinds = family === 'js' ? [{ kind: 'identifier' }, { kind: 'shorthand_property_identifier_pattern' }] : [{ kind: 'identifier' }];
  return target
    .findAll({ rule: { any: kinds } })
    .filter((node) => node.parent()?.kind() !== 'pair_pattern' || node.parent()?.field('value')?.id() === node.id())
    .map((node) => node.text())
    .filter((name) => name !== '_' && name !== 'err');
}

/** `TABLE`, `MAX_ROWS`: constants, not input. */
export function isConstantName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}
