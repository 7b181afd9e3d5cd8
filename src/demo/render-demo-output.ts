import type { Config } from '../core/config/schema.js';
import { DiffAnchors } from '../core/diff/anchor.js';
import { planReviewComments, renderReviewBody } from '../core/render/review-comments.js';
import { renderCheckSummary } from '../core/render/summary-markdown.js';
import type { ReviewResult } from '../core/review/run-review.js';

/**
 * The demo's output: the check run's title and summary, then the one review — its body and each inline
 * comment with its anchor — exactly as the app would send them to GitHub.
 */
export function renderDemoOutput(result: ReviewResult, config: Config): string {
  const language = config.review_language;
  const check = renderCheckSummary(result, { language });
  const { inline, rest } = planReviewComments(
    result.findings.filter((finding) => finding.inDiff),
    new DiffAnchors(result.diff),
    { suggestions: config.suggestions, language, maxComments: config.max_comments },
  );
  const body = renderReviewBody({
    inlineCount: inline.length,
    listed: [...rest, ...result.findings.filter((finding) => !finding.inDiff)],
    marker: { head: result.head, base: result.base, run: 'demo', fingerprints: rest.map((finding) => finding.fingerprint ?? '') },
    language,
  });
  const rule = '─'.repeat(72);
  const out = [
    rule,
    `CHECK RUN "Backend Expert" — conclusion: ${result.conclusion}`,
    `title: ${check.title}`,
    rule,
    check.summary,
    ...(check.text ? ['', check.text] : []),
    '',
    rule,
    `REVIEW (event ${result.conclusion === 'failure' && config.review_event === 'REQUEST_CHANGES' ? 'REQUEST_CHANGES' : 'COMMENT'}, commit ${result.head.slice(0, 7)})`,
    rule,
    body,
  ];
  for (const comment of inline) {
    const lines = comment.draft.start_line ? `${comment.draft.start_line}-${comment.draft.line}` : String(comment.draft.line);
    out.push('', rule, `INLINE COMMENT ${comment.draft.path}:${lines} (side ${comment.draft.side})`, rule, comment.draft.body);
  }
  return out.join('\n') + '\n';
}
