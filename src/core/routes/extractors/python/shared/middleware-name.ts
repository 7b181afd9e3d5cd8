import { exprText, type PyExpr } from './py-expr.js';

/**
 * The name a decorator or middleware has in code: `login_required`, `jwt_required` for
 * `@jwt_required()`, `permission_required('polls.view')` when the arguments carry meaning.
 */
export function middlewareName(expr: PyExpr): string {
  if (expr.k === 'call' && expr.args.length === 0 && expr.kw.length === 0) return exprText(expr.fn);
  return exprText(expr);
}
