import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { receiverNames } from './call-parts.js';
import { kindOf } from './kind-of.js';

const WRAPPERS = new Set(['await_expression', 'await', 'parenthesized_expression', 'as_expression', 'non_null_expression']);
/** Methods that return their receiver, so `x = create().connect()` keeps what `create()` made. */
const RETURN_RECEIVER = new Set(['connect', 'on']);

/**
 * The name a call's result is kept in: `const redis = new Redis()`, `this.redis = …`, a class field,
 * `r = redis.Redis()`, `self.r = …`, `with r.pipeline() as pipe`; undefined when it is not kept in a
 * plain name. Awaits, parentheses and a chained `.connect()` / `.on(…)` (which return their receiver,
 * as clients and emitters do) are read through. JavaScript and Python.
 */
export function assignedName(call: SgNode, family: RuleLanguage): string | undefined {
  let parent = call.parent();
  for (;;) {
    if (!parent) return undefined;
    const kind = kindOf(parent);
    if (WRAPPERS.has(kind)) {
      parent = parent.parent();
      continue;
    }
    // `createClient().connect()`: the member's object is the call (a property is never a call).
    const chained = family === 'js' && kind === 'member_expression' ? parent.parent() : null;
    if (chained && kindOf(chained) === 'call_expression' && RETURN_RECEIVER.has(parent.field('property')?.text() ?? '')) {
      parent = chained.parent();
      continue;
    }
    break;
  }
  const kind = kindOf(parent);
  if (kind === 'variable_declarator') {
    const name = parent.field('name');
    return name && kindOf(name) === 'identifier' ? name.text() : undefined;
  }
  // A class field: TypeScript's `public_field_definition` names it `name`, JavaScript's `field_definition` `property`.
  if (kind === 'public_field_definition' || kind === 'field_definition') {
    const name = parent.field('name') ?? parent.field('property');
    return name ? `this.${name.text()}` : undefined;
  }
  if (kind === 'assignment_expression' || kind === 'assignment') {
    const left = parent.field('left');
    const names = left ? receiverNames(left, family) : [];
    return names.length > 0 ? names.join('.') : undefined;
  }
  if (kind === 'as_pattern') {
    const alias = parent.field('alias') ?? parent.children().find((child) => kindOf(child) === 'as_pattern_target');
    const name = alias?.children().find((child) => kindOf(child) === 'identifier') ?? alias;
    return name && kindOf(name) === 'identifier' ? name.text() : undefined;
  }
  return undefined;
}
