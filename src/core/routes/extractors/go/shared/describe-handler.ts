import type { GoExpr } from './go-facts.js';
import type { HandlerInfo } from './go-framework.js';
import type { FuncInfo, GoProgram } from './go-program.js';
import type { GoValue } from './go-values.js';

/** Longer call texts are named by their callee. */
const MAX_NAME_LENGTH = 60;

/** What describing a handler needs from the interpreter at the registration. */
export interface HandlerContext {
  /** The abstract value of an expression of the registering function. */
  value(expr: GoExpr): GoValue;
  program: GoProgram;
  /** Module root of the registering file (by-name lookups stay inside it). */
  module: string;
  /** The registering file (inline literals live there). */
  file: string;
}

/**
 * Names and locates a handler: a method value (`h.GetUser` → `UserHandler.GetUser`), a function, an
 * inline literal, a factory call (`handlers.List(svc)`), or any of these wrapped in middleware (`mw(h)`).
 */
export function describeHandler(expr: GoExpr, context: HandlerContext): HandlerInfo {
  return describe(expr, context, 0);
}

function describe(expr: GoExpr, context: HandlerContext, depth: number): HandlerInfo {
  switch (expr.k) {
    case 'fn':
      return { file: context.file, startLine: expr.line, endLine: expr.endLine, bodyHash: expr.bodyHash, middleware: [] };
    case 'ref':
      return describe(expr.x, context, depth);
    case 'id':
    case 'sel': {
      const v = context.value(expr);
      if (v.t === 'func') return functionHandler(v.fn, exprName(expr));
      if (v.t === 'closure') return { name: exprName(expr), file: v.frame.file.path, startLine: v.fn.line, endLine: v.fn.endLine, bodyHash: v.fn.bodyHash, middleware: [] };
      if (expr.k === 'sel' && onVariable(expr.x, context)) {
        const byName = uniqueMethod(expr.n, context);
        if (byName) return functionHandler(byName, exprName(expr));
      }
      if (v.t === 'obj' || v.t === 'typed') {
        // A value whose type implements http.Handler.
        const serve = context.program.findMethod(v.type, 'ServeHTTP');
        if (serve) return functionHandler(serve, exprName(expr));
      }
      return { name: exprName(expr), middleware: [] };
    }
    case 'lit': {
      const v = context.value(expr);
      const serve = v.t === 'obj' ? context.program.findMethod(v.type, 'ServeHTTP') : undefined;
      return serve ? functionHandler(serve, exprName(expr)) : { name: exprName(expr), middleware: [] };
    }
    case 'call': {
      if (depth > 6) return { name: exprName(expr), middleware: [] };
      const calleeName = exprName(expr.f);
      const last = calleeName.slice(calleeName.lastIndexOf('.') + 1);
      // Conversions and adapters that are not middleware (http.HandlerFunc(f), gin.WrapF(f)).
      if ((last === 'HandlerFunc' || last === 'WrapF' || last === 'WrapH') && expr.a.length === 1) {
        return describe(expr.a[0]!, context, depth + 1);
      }
      if (last === 'StripPrefix' && expr.a[1]) return describe(expr.a[1], context, depth + 1);
      // alice-style chains: alice.New(m1, m2).Then(h)
      if ((last === 'Then' || last === 'ThenFunc') && expr.a[0] && expr.f.k === 'sel' && expr.f.x.k === 'call') {
        const inner = describe(expr.a[0], context, depth + 1);
        return { ...inner, middleware: [...expr.f.x.a.map(exprName), ...inner.middleware] };
      }
      const wrapped = expr.a.find((arg) => isHandlerLike(arg, context, depth + 1));
      if (wrapped) {
        const inner = describe(wrapped, context, depth + 1);
        return { ...inner, middleware: [calleeName, ...inner.middleware] };
      }
      // A factory: the handler is the closure it returns, inside the factory's body.
      const callee = context.value(expr.f);
      if (callee.t === 'func') return functionHandler(callee.fn, calleeName);
      if (callee.t === 'closure') return { name: calleeName, file: callee.frame.file.path, startLine: callee.fn.line, endLine: callee.fn.endLine, bodyHash: callee.fn.bodyHash, middleware: [] };
      if (expr.f.k === 'sel' && onVariable(expr.f.x, context)) {
        const byName = uniqueMethod(expr.f.n, context);
        if (byName) return functionHandler(byName, calleeName);
      }
      return { name: calleeName, middleware: [] };
    }
    default:
      return { name: exprName(expr), middleware: [] };
  }
}

/** Whether an argument is itself a handler (so the call around it is middleware, not a handler factory). */
function isHandlerLike(expr: GoExpr, context: HandlerContext, depth: number): boolean {
  if (depth > 6) return false;
  switch (expr.k) {
    case 'fn':
      return true;
    case 'ref':
      return isHandlerLike(expr.x, context, depth + 1);
    case 'id':
    case 'sel': {
      const v = context.value(expr);
      if (v.t === 'func' || v.t === 'closure') return true;
      if ((v.t === 'obj' || v.t === 'typed') && context.program.findMethod(v.type, 'ServeHTTP')) return true;
      return expr.k === 'sel' && v.t === 'unknown' && onVariable(expr.x, context) && uniqueMethod(expr.n, context) !== undefined;
    }
    case 'call': {
      const name = exprName(expr.f);
      const last = name.slice(name.lastIndexOf('.') + 1);
      if (last === 'HandlerFunc' || last === 'StripPrefix') return true;
      return expr.a.some((arg) => isHandlerLike(arg, context, depth + 1));
    }
    default:
      return false;
  }
}

/** Whether a method value's receiver is a variable (`h` in `h.GetUser`), not a package or a call's result. */
function onVariable(receiver: GoExpr, context: HandlerContext): boolean {
  return (receiver.k === 'id' || receiver.k === 'sel') && context.value(receiver).t !== 'pkg';
}

/** The only method of that name in the caller's module (a method value on a receiver we could not type). */
function uniqueMethod(name: string, context: HandlerContext): FuncInfo | undefined {
  if (name === 'ServeHTTP') return undefined;
  const candidates = (context.program.methodsByName.get(name) ?? []).filter((fn) => context.program.moduleRootOf(fn.file.dir) === context.module);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** A declared function as a handler: `Type.Method`, the function as written (`users.List`), or its own name when reached through a variable. */
function functionHandler(fn: FuncInfo, written: string): HandlerInfo {
  const direct = written === fn.facts.name || written.endsWith(`.${fn.facts.name}`);
  return {
    name: fn.facts.recv ? `${fn.facts.recv}.${fn.facts.name}` : direct ? written : fn.facts.name,
    file: fn.file.path,
    startLine: fn.facts.line,
    endLine: fn.facts.endLine,
    bodyHash: fn.facts.bodyHash,
    middleware: [],
  };
}

/** How an expression reads in code, used as a middleware or handler name. */
export function exprName(expr: GoExpr): string {
  switch (expr.k) {
    case 'id':
      return expr.n;
    case 'sel':
      return `${exprName(expr.x)}.${expr.n}`;
    case 'call':
      // `middleware.CORSWithConfig(middleware.CORSConfig{...})` reads better as its callee.
      return expr.t.length > MAX_NAME_LENGTH ? `${exprName(expr.f)}(…)` : expr.t;
    case 'fn':
      return expr.sig;
    case 'str':
      return JSON.stringify(expr.v);
    case 'ref':
      return exprName(expr.x);
    case 'bin':
      return `${exprName(expr.l)} ${expr.op} ${exprName(expr.r)}`;
    case 'lit':
      return `${expr.type?.name ?? ''}{…}`;
    case 'idx':
      return `${exprName(expr.x)}[…]`;
    default:
      return expr.t;
  }
}
