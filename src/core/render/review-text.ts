import { checklistItem } from '../checklist.js';
import type { Finding, Severity } from '../finding.js';
import type { ReviewResult } from '../review/run-review.js';
import { listedRouteChanges } from '../routes/document-routes.js';
import { redactSecrets } from '../redact.js';

export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
}

export const PLAIN_STYLE: TextStyle = { bold: (t) => t, dim: (t) => t, severity: (_s, t) => t };

const ANSI: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };
export const ANSI_STYLE: TextStyle = {
  bold: (t) => `\x1b[1m${t}\x1b[0m`,
  dim: (t) => `\x1b[2m${t}\x1b[0m`,
  severity: (s, t) => `${ANSI[s]}${t}\x1b[0m`,
};

/** What a person wants in a terminal: route changes, then findings grouped by file with the code line above each. */
export function renderReviewText(result: ReviewResult, style: TextStyle = PLAIN_STYLE): string {
  const out: string[] = [];
  const changed = listedRouteChanges(result.routeChanges).filter((change) => change.kind !== 'unchanged');
  out.push(style.bold(`Backend Expert review ${result.base.slice(0, 7)}...${result.head.slice(0, 7)}`));
  out.push(`${result.stats.filesReviewed} of ${result.stats.filesChanged} changed files reviewed, ${result.stats.linesReviewed} added lines read`);
  if (changed.length > 0) {
    out.push('', style.bold('Routes changed'));
    for (const change of changed) out.push(`  ${change.kind.padEnd(8)} ${change.route.method.padEnd(6)} ${change.route.path}  ${style.dim(`${change.route.file}:${change.route.line}`)}`);
  }
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = byFile.get(finding.path);
    if (list) list.push(finding);
    else byFile.set(finding.path, [finding]);
  }
  for (const [path, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    out.push('', style.bold(path));
    for (const finding of findings.sort((a, b) => a.line - b.line)) {
      const code = result.headLines.get(path)?.[finding.line - 1];
      if (code !== undefined) out.push(style.dim(`  ${String(finding.line).padStart(5)} | ${redactSecrets(code.trim()).slice(0, 160)}`));
      const label = style.severity(finding.severity, finding.severity.toUpperCase());
      const origin = finding.source === 'agent' ? ' (agent)' : '';
      out.push(`        ${label} ${finding.title}${origin}`);
      out.push(style.dim(`        ${finding.rule} · ${checklistItem(finding.checklist).title}`));
    }
  }
  if (result.findings.length === 0) out.push('', 'No findings.');
  if (result.skippedChanges.length > 0) {
    out.push('', style.dim(`Skipped: ${result.skippedChanges.map((skip) => `${skip.path} (${skip.reason})`).join(', ')}`));
  }
  if (result.agent.status !== 'ok') out.push(style.dim(`Agent: ${result.agent.status}${result.agent.message ? ` — ${result.agent.message}` : ''}`));
  for (const note of result.notes) out.push(style.dim(`Note: ${note}`));
  out.push('', style.bold(`Conclusion: ${result.conclusion}`));
  return out.join('\n') + '\n';
}
