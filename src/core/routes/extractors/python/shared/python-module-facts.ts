import type { PyCall, PyExpr } from './py-expr.js';

/**
 * What the Python route extractors keep of one module: plain data copied from its syntax tree.
 * Every Python extractor returns the same summary object for a file (see summarisePythonModule),
 * so the four frameworks share one pass over each tree and one copy in memory.
 */
export interface PythonModuleFacts {
  path: string;
  imports: PyImport[];
  /** Assignments at module level (also inside if/try/with blocks) and in registration functions. */
  bindings: PyBinding[];
  /** Calls that register routes or mount routers (include_router, register_blueprint, urlpatterns.append, …), anywhere. */
  calls: PyCallFact[];
  /** Module-level functions, functions nested in registration functions, and decorated nested functions. */
  functions: PyFunctionFacts[];
  /** Module-level classes (and classes in registration functions). */
  classes: PyClassFacts[];
  /** The module imports one of these top-level packages (fastapi, flask, django, rest_framework, …). */
  packages: string[];
}

export interface PyImport {
  /** The name the import binds in its scope. */
  local: string;
  /** Dotted module name as written, without the leading dots of a relative import. */
  module: string;
  /** Number of leading dots (0 for absolute imports). */
  level: number;
  /** For `from m import name`: the imported name. Absent for `import m` / `import m as x`. */
  name?: string;
  /** `from m import *`. */
  star?: boolean;
  /** `import a.b.c` binds `a` and makes the submodules reachable as attributes. */
  bindsTopPackage?: boolean;
  scope: string;
  /** Order of the definition in its module (later definitions of a name win). */
  seq: number;
}

export interface PyBinding {
  /** Target name; `urlpatterns`, `router`, `API_PREFIX`. */
  name: string;
  /** Absent when the value is nothing an extractor evaluates (a dictionary, a comprehension). */
  value?: PyExpr;
  /** `+=` (a list extended in place, like `urlpatterns += [...]`). */
  op?: '+=';
  /** For tuple targets: the index of this name in the target, and the whole value. */
  index?: number;
  /** '' at module level, else the `functionScope` of the function around it. */
  scope: string;
  /** 1-based line for `urlpatterns` (statement order matters); 0 for others. */
  line: number;
  seq: number;
}

export interface PyLoop {
  /** The loop target (`router`, or `(prefix, router)`). */
  target: PyExpr;
  iter: PyExpr;
}

export interface PyCallFact {
  call: PyCall;
  /** '' at module level, else the `functionScope` of the innermost function or method around the call. */
  scope: string;
  /** Enclosing `for` loops, innermost last: `for r in routers: app.include_router(r)`. */
  loops?: PyLoop[];
}

export interface PyDecorator {
  expr: PyExpr;
  line: number;
  /** Hash of the decorator's source text (part of a route's signature). */
  hash: string;
}

export interface PyParam {
  name: string;
  annotation?: PyExpr;
  /** Kept when it declares a dependency (`Depends(...)`, `Security(...)`). */
  default?: PyExpr;
  /** The parameter has a default value. */
  optional?: true;
}

export interface PyFunctionFacts {
  name: string;
  /** The scope the definition sits in: '' at module level, else the enclosing function's `functionScope` (methods: their class's scope). */
  scope: string;
  className?: string;
  /** First line of the definition (the `def` line) and its last line. */
  line: number;
  endLine: number;
  decorators: PyDecorator[];
  params: PyParam[];
  returnType?: PyExpr;
  /** Returned expressions of factories (`return app`), when the extractor read the body. */
  returns?: PyExpr[];
  /** Hash of the whole definition's text. */
  bodyHash: string;
  seq: number;
}

export interface PyClassAttr {
  name: string;
  /** Kept for the attributes extractors read (policies, settings defaults); absent for others. */
  value?: PyExpr;
}

export interface PyClassFacts {
  name: string;
  scope: string;
  line: number;
  endLine: number;
  bases: PyExpr[];
  decorators: PyDecorator[];
  methods: PyFunctionFacts[];
  attrs: PyClassAttr[];
  /** Attributes of nested classes such as pydantic's `class Config` (env_prefix). */
  inner: Record<string, PyClassAttr[]>;
  bodyHash: string;
  seq: number;
}

/**
 * The scope a function's body runs in, qualified like Python's `__qualname__` without `<locals>`:
 * `create_app`, `create_app.setup`, `ApiHandler.register`. Qualified so that two methods of one name in
 * one file (`ApiHandler.register`, `SecretsApiHandler.register`) are two scopes.
 */
export function functionScope(fn: Pick<PyFunctionFacts, 'name' | 'scope' | 'className'>): string {
  const own = fn.className ? `${fn.className}.${fn.name}` : fn.name;
  return fn.scope === '' ? own : `${fn.scope}.${own}`;
}
