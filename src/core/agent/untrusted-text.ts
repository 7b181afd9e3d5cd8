import { stableHash } from '../hash.js';

/**
 * The kinds of untrusted data a prompt carries: the PR's own words, the code it changes and the code
 * around it. All of it can be written by whoever opens the pull request.
 */
export type UntrustedKind = 'pr-title' | 'pr-description' | 'diff' | 'code' | 'file-list' | 'route-list' | 'finding-list' | 'checklist-targets';

const TAG = 'untrusted-data';

/**
 * Wraps untrusted text in a labelled block the system prompt tells the model never to obey. The
 * block's id is a hash of its content, so the content cannot contain its own closing tag; any text
 * that looks like one of our tags is neutralised anyway.
 */
export function fenceUntrusted(kind: UntrustedKind, text: string): string {
  const safe = neutraliseTags(text);
  const id = stableHash(kind, safe).slice(0, 8);
  return `<${TAG} kind="${kind}" id="${id}">\n${safe}\n</${TAG} id="${id}">`;
}

/** `<untrusted-data` / `</untrusted-data` inside untrusted text lose their `<`, so they close nothing. */
export function neutraliseTags(text: string): string {
  return text.replace(/<(\s*\/?\s*)(untrusted-data)/gi, '‹$1$2');
}

/**
 * Neutralises Markdown fences (``` and ~~~ runs) and our tags in the PR's prose, so a description
 * cannot close a block early or pose as part of the prompt. Backticks become a look-alike accent.
 */
export function neutraliseProse(text: string): string {
  return neutraliseTags(text)
    .replace(/`{3,}/g, (run) => 'ˋ'.repeat(run.length))
    .replace(/~{3,}/g, (run) => '˜'.repeat(run.length));
}

/** A path shown to the model: one line, no control characters, bounded length (file names are untrusted too). */
export function displayPath(path: string): string {
  const clean = path.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}
