import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { builtString, type BuiltString } from './built-string.js';
import { enclosingHandler, type HandlerInfo } from './find-handlers.js';
import { InputTaint, type ValueOrigin } from './input-taint.js';

/** The most dangerous origin among the values inserted into a built string, and the value that has it. */
export interface InsertedValue {
  origin: ValueOrigin;
  /** Source text of the inserted value, shortened for a message. */
  text: string;
  built: BuiltString;
}

/**
 * Classifies what a string-built argument inserts: client input beats a parameter; constants,
 * lookups and calls count as neither (they are usually safe, and precision matters more than recall).
 */
export class InsertedValueClassifier {
  private readonly taints = new Map<HandlerInfo | undefined, InputTaint>();
  constructor(private readonly family: RuleLanguage, private readonly handlers: () => readonly HandlerInfo[]) {}

  classify(argument: SgNode): InsertedValue | undefined {
    const built = builtString(argument, this.family);
    if (!built) return undefined;
    const handler = enclosingHandler(argument, this.handlers());
    let taint = this.taints.get(handler);
    if (!taint) this.taints.set(handler, (taint = new InputTaint(handler, this.family)));
    let best: InsertedValue | undefined;
    for (const piece of built.pieces) {
      const origin = taint.originOf(piece);
      if (!origin) continue;
      if (!best || (best.origin === 'parameter' && origin === 'request')) best = { origin, text: shorten(piece.text()), built };
    }
    return best;
  }
}

function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > 40 ? `${single.slice(0, 37)}…` : single;
}
