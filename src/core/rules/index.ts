import type { AnyRule } from './types.js';
import { commandStringBuilt } from './injection-command-string-built.js';
import { sqlStringBuilt } from './injection-sql-string-built.js';

/** Every deterministic rule, in the order of the checklist. The registry is an explicit list checked by the compiler. */
export const RULES: readonly AnyRule[] = [
  sqlStringBuilt,
  commandStringBuilt,
] as readonly AnyRule[];
