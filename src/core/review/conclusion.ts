import type { Config } from '../config/schema.js';
import { severityRank, type Finding } from '../finding.js';

export type Conclusion = 'success' | 'neutral' | 'failure';

/** Findings that decide the gate: the deterministic ones, plus the agent's only when the config opts in. */
export function gatingFindings(findings: readonly Finding[], config: Config): Finding[] {
  return findings.filter((finding) => finding.source === 'static' || config.agent.gate);
}

/**
 * The check run's conclusion, computed by code from findings and config alone: failure when a gating
 * finding reaches `fail_on`, neutral when gating findings exist below it, success when there are none.
 */
export function computeConclusion(findings: readonly Finding[], config: Config): Conclusion {
  const gating = gatingFindings(findings, config);
  if (gating.length === 0) return 'success';
  if (config.fail_on !== 'never') {
    const threshold = severityRank(config.fail_on);
    if (gating.some((finding) => severityRank(finding.severity) >= threshold)) return 'failure';
  }
  return 'neutral';
}
