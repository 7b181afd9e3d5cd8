import { endLineOf } from '../../source/language.js';
import type { FileView, RuleLanguage } from '../types.js';

const DIRECTIVE = 'backend-expert-disable-next-line';
/** Comment node kinds per family (a kind a grammar lacks is an error in ast-grep). */
export const COMMENT_KINDS: Record<RuleLanguage, readonly string[]> = { js: ['comment'], python: ['comment'], go: ['comment'], java: ['line_comment', 'block_comment'] };

/** The comment kinds `findSuppressions` will read, for the file's shared query (none without a directive). */
export function suppressionKinds(file: FileView): readonly string[] {
  return file.mentions(DIRECTIVE) ? COMMENT_KINDS[file.family] : [];
}

/** `* ` wildcard: a directive without rule ids silences every rule on the next line. */
export const ALL_RULES = '*';

/**
 * Lines silenced by `backend-expert-disable-next-line <rule-id>[, <rule-id>…] [-- reason]` comments:
 * line → rule ids (or `*`). Comments are found in the syntax tree, so the directive inside a string
 * does nothing.
 */
export function findSuppressions(file: FileView): Map<number, Set<string>> {
  const lines = new Map<number, Set<string>>();
  if (!file.mentions(DIRECTIVE)) return lines;
  for (const comment of file.nodesOf(COMMENT_KINDS[file.family])) {
    const body = comment.text();
    const at = body.indexOf(DIRECTIVE);
    if (at === -1) continue;
    const rest = body.slice(at + DIRECTIVE.length).split('--')[0]!.replace(/\*\/\s*$/, '');
    const ids = rest.split(/[\s,]+/).filter(Boolean);
    const line = endLineOf(comment) + 1;
    const set = lines.get(line) ?? new Set<string>();
    for (const id of ids.length > 0 ? ids : [ALL_RULES]) set.add(id);
    lines.set(line, set);
  }
  return lines;
}
