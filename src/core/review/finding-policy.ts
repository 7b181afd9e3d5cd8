import type { Config } from '../config/schema.js';
import type { DiffAnchors } from '../diff/anchor.js';
import { severityRank, type Finding } from '../finding.js';
import { redactSecrets } from '../redact.js';
import type { Route } from '../routes/types.js';

export interface FindingPolicyContext {
  config: Config;
  anchors: DiffAnchors;
  routes: readonly Route[];
  lineText: (path: string, line: number) => string | undefined;
}

/**
 * Applies the repository's policy to raw findings: per-rule `off`/severity from the config, route
 * names for `{route}`, redaction of credentials, agent findings that repeat a deterministic one merged
 * away, the in-diff mark set (the filter marks; reporters decide), and a stable order.
 */
export function applyFindingPolicy(findings: readonly Finding[], context: FindingPolicyContext): Finding[] {
  const routeByRef = new Map<string, Route>(context.routes.map((route) => [`${route.file}:${route.line}`, route]));
  const result: Finding[] = [];
  for (const raw of findings) {
    const setting = context.config.rules[raw.rule];
    const severity = typeof setting === 'string' ? setting : setting?.severity;
    if (severity === 'off') continue;
    const route = raw.routeRef ? routeByRef.get(raw.routeRef) : undefined;
    const routeName = route ? `${route.method} ${route.path}` : 'this route';
    const finding: Finding = {
      ...raw,
      severity: severity ?? raw.severity,
      title: redactSecrets(raw.title.replaceAll('{route}', routeName)),
      message: redactSecrets(raw.message.replaceAll('{route}', routeName)),
      ...(raw.suggestion ? { suggestion: { ...raw.suggestion, replacement: redactSecrets(raw.suggestion.replacement) } } : {}),
      inDiff: context.anchors.anchor(raw.path, raw.line, raw.endLine) !== undefined,
    };
    result.push(finding);
  }
  return sortFindings(mergeAgentDuplicates(result));
}

/** An agent finding on the same file, line and checklist item as a deterministic one adds nothing. */
function mergeAgentDuplicates(findings: Finding[]): Finding[] {
  const staticKeys = new Set(findings.filter((f) => f.source === 'static').map((f) => `${f.path}:${f.line}:${f.checklist}`));
  return findings.filter((f) => f.source === 'static' || !staticKeys.has(`${f.path}:${f.line}:${f.checklist}`));
}

/** Most severe first, then by path and line, static before agent. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.path.localeCompare(b.path) ||
      a.line - b.line ||
      (a.source === b.source ? 0 : a.source === 'static' ? -1 : 1) ||
      a.rule.localeCompare(b.rule),
  );
}
