import type { ChecklistId } from './checklist.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe: critical = 4 … info = 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

export type FindingSource = 'static' | 'agent';

/** A mechanical fix GitHub can offer as a `suggestion` block: replaces lines line..endLine at HEAD. */
export interface Suggestion {
  line: number;
  endLine: number;
  replacement: string;
}

/**
 * The one data model every analyzer returns and every reporter consumes. Plain and serialisable.
 * `path`/`line` refer to the file at HEAD (1-based).
 */
export interface Finding {
  /** Rule id, e.g. `pagination/unbounded-list`; agent findings use `agent/<checklist id>`. */
  rule: string;
  checklist: ChecklistId;
  severity: Severity;
  path: string;
  line: number;
  /** Last line of a multi-line range (inclusive), when the finding spans several lines. */
  endLine?: number;
  title: string;
  /** Markdown body. Never contains a secret value: rules redact before they report. */
  message: string;
  source: FindingSource;
  suggestion?: Suggestion;
  /**
   * Location of the route declaration this finding is about (`file:line`), so the pipeline can name
   * the route by its full path once prefixes are resolved: `{route}` in title/message is replaced.
   */
  routeRef?: string;
  /** Set by the pipeline: stable across line shifts (rule, path, normalised code of the line). */
  fingerprint?: string;
  /** Set by the diff filter: the line is on the right side of the diff and can take an inline comment. */
  inDiff?: boolean;
}
