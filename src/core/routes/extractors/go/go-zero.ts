import { routerValue, type GoCallSite, type GoFramework } from './shared/go-framework.js';
import type { GoExpr } from './shared/go-facts.js';
import { concatStr } from './shared/go-strings.js';
import type { GoValue, RouterNode, StrVal } from './shared/go-values.js';

/** A `rest.RouteOption`: `rest.WithPrefix("/v1")`, `rest.WithJwt(secret)`. */
interface RouteOption {
  prefix?: StrVal;
  middleware?: string;
}

/** Rows wrapped by `rest.WithMiddlewares(ms, rows...)`: the rows as written, and the middleware. */
interface WrappedRows {
  rows: Row[];
  middleware: string[];
}

/** One `rest.Route{Method, Path, Handler}`: its value, and its expression when written in place. */
interface Row {
  value: GoValue;
  expr?: GoExpr;
}

/** Options that guard the routes they are given to (authentication, request signatures). */
const GUARD_OPTIONS = new Set(['WithJwt', 'WithJwtTransition', 'WithSignature']);

/**
 * go-zero's rest package: `rest.MustNewServer(conf)`, route tables added with
 * `server.AddRoutes([]rest.Route{{Method, Path, Handler}}, rest.WithPrefix(p), rest.WithJwt(s))` (as
 * goctl generates them in `handler/routes.go`), `rest.WithMiddlewares(ms, rows...)`, `AddRoute`, `Use`.
 */
export const GO_ZERO: GoFramework = {
  id: 'go-zero',
  isPackage: (path) => /^github\.com\/(zeromicro|tal-tech)\/go-zero\/rest$/.test(path),
  packageName: 'rest',
  packageFunctions: ['MustNewServer', 'NewServer'],
  routerMethods: ['AddRoutes', 'AddRoute'],
  routerTypes: { Server: { rootOnly: true } },
  routerKind: () => ({ kind: 'server', liveMiddleware: true }),

  callPackage(site, name) {
    const args = site.args;
    if (name === 'MustNewServer' || name === 'NewServer') return routerValue(site.newRouter('go-zero', 'server', { liveMiddleware: true }));
    if (name === 'WithPrefix') return option({ prefix: args[0] ? site.str(args[0]) : { text: '' } });
    if (GUARD_OPTIONS.has(name)) return option({ middleware: `rest.${name}` });
    if (name === 'WithMiddlewares' || name === 'WithMiddleware') {
      const [first, ...rest] = args;
      if (!first) return undefined;
      const middleware = name === 'WithMiddleware' ? [site.name(first)] : middlewareNames(site, first);
      const wrapped: WrappedRows = { rows: rest.flatMap((expr) => rowsOf(site, expr)), middleware };
      return { t: 'ext', framework: 'go-zero', kind: 'rows', data: wrapped };
    }
    return undefined;
  },

  callRouter(site, node, name) {
    const args = site.args;
    if ((name === 'AddRoutes' || name === 'AddRoute') && args[0]) {
      addRows(site, node, rowsOf(site, args[0]), args.slice(1));
      return undefined;
    }
    if (name === 'Use') node.middleware.push(...args.map((arg) => site.name(arg)));
    return undefined;
  },
};

function option(data: RouteOption): GoValue {
  return { t: 'ext', framework: 'go-zero', kind: 'option', data };
}

/** The rows an argument holds: a literal table, one literal row, rows wrapped in middleware, or a variable's list. */
function rowsOf(site: GoCallSite, expr: GoExpr): Row[] {
  const value = site.value(expr);
  if (value.t === 'ext' && value.kind === 'rows') {
    const wrapped = value.data as WrappedRows;
    return wrapped.rows.map((row) => ({ ...row, value: withMiddleware(row.value, wrapped.middleware) }));
  }
  if (value.t === 'obj') return [{ value, expr }];
  if (value.t !== 'list') return [];
  const written = expr.k === 'lit' && expr.els.length === value.items.length ? expr.els.map((el) => el.v) : undefined;
  return value.items.map((item, i) => ({ value: item, ...(written ? { expr: written[i] } : {}) }));
}

/** Middleware names of `[]rest.Middleware{a, b}` (or of a single expression). */
function middlewareNames(site: GoCallSite, expr: GoExpr): string[] {
  return expr.k === 'lit' ? expr.els.map((el) => site.name(el.v)) : [site.name(expr)];
}

/** Rows keep the middleware `WithMiddlewares` wrapped them in, as a hidden field. */
function withMiddleware(value: GoValue, middleware: readonly string[]): GoValue {
  if (value.t !== 'obj' || middleware.length === 0) return value;
  const fields = new Map(value.fields);
  fields.set(MIDDLEWARE_FIELD, { t: 'list', items: middleware.map((name) => ({ t: 'str', s: { text: name } })) });
  return { ...value, fields };
}

const MIDDLEWARE_FIELD = '\u0000middleware';

function addRows(site: GoCallSite, node: RouterNode, rows: readonly Row[], optionExprs: readonly GoExpr[]): void {
  const options = optionExprs.map((expr) => site.value(expr)).filter((value) => value.t === 'ext' && value.kind === 'option').map((value) => (value as { data: unknown }).data as RouteOption);
  const prefixes = options.flatMap((option) => (option.prefix ? [option.prefix] : []));
  const guards = options.flatMap((option) => (option.middleware ? [option.middleware] : []));
  for (const row of rows) {
    if (row.value.t !== 'obj') continue;
    const fields = row.value.fields;
    const method = fields.get('Method');
    const path = fields.get('Path');
    if (path?.t !== 'str') continue;
    const methods = method?.t === 'str' && !method.s.partial && method.s.text !== '' ? [method.s.text.toUpperCase()] : ['ANY'];
    const wrapped = fields.get(MIDDLEWARE_FIELD);
    const middleware = [...guards, ...(wrapped?.t === 'list' ? wrapped.items.flatMap((item) => (item.t === 'str' ? [item.s.text] : [])) : [])];
    // The row declares the route: its place is where the path was written.
    const full: StrVal = { ...concatStr(...prefixes, path.s), ...(path.s.origin ? { origin: path.s.origin } : {}) };
    site.route(node, 'go-zero', methods, full, handlerExpr(row.expr), middleware);
  }
}

/** The `Handler:` expression of a row written in place. */
function handlerExpr(expr: GoExpr | undefined): GoExpr | undefined {
  if (expr?.k !== 'lit') return undefined;
  const keyed = expr.els.find((el) => el.key === 'Handler');
  return keyed?.v ?? expr.els[2]?.v;
}
