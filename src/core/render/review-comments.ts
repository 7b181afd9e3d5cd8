import { checklistItem } from '../checklist.js';
import type { DiffAnchors, RightAnchor } from '../diff/anchor.js';
import type { Finding, FindingSource, Severity } from '../finding.js';

/**
 * The inline review comments and the review body, as GitHub receives them. Pure: no Octokit here.
 * Every comment carries a hidden fingerprint marker so that later runs recognise what was posted.
 */

export type ReviewLanguage = 'en' | 'es';

/** GitHub refuses comment and review bodies above 65,536 characters. */
export const MAX_COMMENT_BODY = 65_536;

const MARKER_PREFIX = 'backend-expert';

/** One inline comment, built from an allow-list of the fields GitHub's review API accepts. */
export interface ReviewCommentDraft {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

/** A comment we plan to post, with the finding it comes from (never sent to GitHub). */
export interface PlannedComment {
  finding: Finding;
  anchor: RightAnchor;
  draft: ReviewCommentDraft;
}

export interface CommentOptions {
  suggestions: boolean;
  language: ReviewLanguage;
}

const SEVERITY_BADGE: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

const SEVERITY_LABEL: Record<ReviewLanguage, Record<Severity, string>> = {
  en: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' },
  es: { critical: 'Crítica', high: 'Alta', medium: 'Media', low: 'Baja', info: 'Info' },
};

/** `🟠 High`: the severity as people read it. */
export function severityBadge(severity: Severity, language: ReviewLanguage): string {
  return `${SEVERITY_BADGE[severity]} ${SEVERITY_LABEL[language][severity]}`;
}

/** The checklist item's title in the review language (English titles, Spanish agent-definition labels). */
export function checklistTitle(finding: Pick<Finding, 'checklist'>, language: ReviewLanguage): string {
  const item = checklistItem(finding.checklist);
  return language === 'es' ? item.label : item.title;
}

/** The hidden marker of an inline comment: its finding's fingerprint and source. */
export function fingerprintMarker(fingerprint: string, source: FindingSource): string {
  return `<!-- ${MARKER_PREFIX}:fp=${fingerprint} src=${source} -->`;
}

/** Reads a fingerprint marker back from a comment body. */
export function parseFingerprintMarker(body: string): { fingerprint: string; source: FindingSource } | undefined {
  const match = /<!-- backend-expert:fp=([0-9a-f]+)(?: src=(static|agent))? -->/.exec(body);
  if (!match?.[1]) return undefined;
  return { fingerprint: match[1], source: match[2] === 'agent' ? 'agent' : 'static' };
}

/** What the hidden marker of a review says: the commits it reviewed, its run, and the findings listed in its body. */
export interface ReviewMarker {
  head: string;
  base: string;
  /** Unique per review run, so a review GitHub created despite a 5xx is recognised. */
  run: string;
  /** Fingerprints of findings the body lists (not inline). */
  fingerprints: string[];
}

/** The hidden marker of a review body. */
export function reviewMarker(marker: ReviewMarker): string {
  return `<!-- ${MARKER_PREFIX}:review head=${marker.head} base=${marker.base} run=${marker.run} fps=${marker.fingerprints.join(',')} -->`;
}

/** Reads a review marker back from a review body. */
export function parseReviewMarker(body: string | null | undefined): ReviewMarker | undefined {
  const match = /<!-- backend-expert:review head=([0-9a-f]+) base=([0-9a-f]+) run=([A-Za-z0-9_.-]+) fps=([0-9a-f,]*) -->/.exec(body ?? '');
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { head: match[1], base: match[2], run: match[3], fingerprints: (match[4] ?? '').split(',').filter(Boolean) };
}

/** Marker of the sticky summary comment. */
export const SUMMARY_COMMENT_MARKER = `<!-- ${MARKER_PREFIX}:summary -->`;

/** Marker of the one polite reply to someone who may not trigger reviews. */
export const DENIED_REPLY_MARKER = `<!-- ${MARKER_PREFIX}:denied -->`;

/** A fence longer than any backtick run inside `code`, so the code cannot close it early. */
export function codeFence(code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * The comment body for one finding at one anchor. The suggestion block is offered only when it replaces
 * exactly the commented range: GitHub applies a suggestion to the comment's lines.
 */
export function renderCommentBody(finding: Finding, anchor: RightAnchor, options: CommentOptions): string {
  const marker = fingerprintMarker(finding.fingerprint ?? '0', finding.source);
  const heading = `**${severityBadge(finding.severity, options.language)} · ${checklistTitle(finding, options.language)}** — ${finding.title}`;
  const footer = `<sub>\`${finding.rule}\` · \`${finding.checklist}\` · ${finding.source}</sub>`;
  const suggestion = suggestionBlock(finding, anchor, options);
  const fixed = [heading, '', '', ...(suggestion ? [suggestion, ''] : []), footer, marker].join('\n').length;
  const room = MAX_COMMENT_BODY - fixed - 64;
  const message = finding.message.length > room ? `${finding.message.slice(0, Math.max(0, room))}\n\n…` : finding.message;
  return [heading, '', message, '', ...(suggestion ? [suggestion, ''] : []), footer, marker].join('\n');
}

function suggestionBlock(finding: Finding, anchor: RightAnchor, options: CommentOptions): string | undefined {
  const suggestion = finding.suggestion;
  if (!options.suggestions || !suggestion) return undefined;
  if (suggestion.line !== (anchor.startLine ?? anchor.line) || suggestion.endLine !== anchor.line) return undefined;
  const fence = codeFence(suggestion.replacement);
  const code = suggestion.replacement.endsWith('\n') ? suggestion.replacement : `${suggestion.replacement}\n`;
  return `${fence}suggestion\n${code}${fence}`;
}

/** The comment object GitHub receives: only `path`, `line`, `side`, `start_line`, `start_side`, `body`. */
export function toCommentDraft(anchor: RightAnchor, body: string): ReviewCommentDraft {
  return {
    path: anchor.path,
    line: anchor.line,
    side: 'RIGHT',
    ...(anchor.startLine !== undefined ? { start_line: anchor.startLine, start_side: 'RIGHT' as const } : {}),
    body,
  };
}

/**
 * Splits candidate findings into inline comments (anchored on the diff's right side, at most
 * `maxComments`, one per anchor line) and the rest, which the review body lists.
 */
export function planReviewComments(
  candidates: readonly Finding[],
  anchors: DiffAnchors,
  options: CommentOptions & { maxComments: number },
): { inline: PlannedComment[]; rest: Finding[] } {
  const inline: PlannedComment[] = [];
  const rest: Finding[] = [];
  const usedLines = new Set<string>();
  for (const finding of candidates) {
    const anchor = anchors.anchor(finding.path, finding.line, finding.endLine);
    const key = anchor ? `${anchor.path}:${anchor.line}` : '';
    // Two comments on one line read as noise: the second goes to the body.
    if (!anchor || inline.length >= options.maxComments || usedLines.has(key)) {
      rest.push(finding);
      continue;
    }
    usedLines.add(key);
    inline.push({ finding, anchor, draft: toCommentDraft(anchor, renderCommentBody(finding, anchor, options)) });
  }
  return { inline, rest };
}

const BODY_TEXT = {
  en: {
    title: 'Backend Expert review',
    inline: (n: number) => `${n} inline comment${n === 1 ? '' : 's'} below.`,
    listed: 'Not commented inline (outside the diff, over the comment limit, or refused by GitHub):',
    checkRun: 'The check run **Backend Expert** has the full summary: routes changed, every finding, the checklist matrix and what was skipped.',
    incremental: (sha: string) => `Incremental review: new findings since \`${sha.slice(0, 7)}\`.`,
    more: (n: number) => `…and ${n} more in the check run.`,
  },
  es: {
    title: 'Revisión de Backend Expert',
    inline: (n: number) => `${n} comentario${n === 1 ? '' : 's'} en línea abajo.`,
    listed: 'Sin comentario en línea (fuera del diff, por encima del límite de comentarios o rechazados por GitHub):',
    checkRun: 'El check run **Backend Expert** tiene el resumen completo: rutas cambiadas, todos los hallazgos, la matriz del checklist y lo omitido.',
    incremental: (sha: string) => `Revisión incremental: hallazgos nuevos desde \`${sha.slice(0, 7)}\`.`,
    more: (n: number) => `…y ${n} más en el check run.`,
  },
} as const;

/** Most findings a review body lists one by one; the check run lists every finding. */
const MAX_BODY_FINDINGS = 50;

export interface ReviewBodyInput {
  inlineCount: number;
  /** New findings that are not inline comments. */
  listed: readonly Finding[];
  marker: ReviewMarker;
  /** The head the incremental review started from, when it was incremental. */
  incrementalSince?: string;
  language: ReviewLanguage;
}

/** The review body: a short overview, the findings not commented inline, and the hidden marker. */
export function renderReviewBody(input: ReviewBodyInput): string {
  const text = BODY_TEXT[input.language];
  const lines = [`### ${text.title}`, ''];
  if (input.incrementalSince) lines.push(text.incremental(input.incrementalSince), '');
  if (input.inlineCount > 0) lines.push(text.inline(input.inlineCount), '');
  if (input.listed.length > 0) {
    lines.push(text.listed, '');
    for (const finding of input.listed.slice(0, MAX_BODY_FINDINGS)) {
      lines.push(`- ${severityBadge(finding.severity, input.language)} \`${finding.path}:${finding.line}\` — ${oneLine(finding.title)} (\`${finding.rule}\`)`);
    }
    if (input.listed.length > MAX_BODY_FINDINGS) lines.push(`- ${text.more(input.listed.length - MAX_BODY_FINDINGS)}`);
    lines.push('');
  }
  lines.push(text.checkRun, '', reviewMarker(input.marker));
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
