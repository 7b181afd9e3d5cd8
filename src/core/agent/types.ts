import type { SourceTree } from '../change-source.js';
import type { Config } from '../config/schema.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { Finding } from '../finding.js';
import type { RouteChange } from '../routes/types.js';

/** The pull request's own words: untrusted input, always fenced before it reaches a model. */
export interface PullRequestInfo {
  title: string;
  body: string;
  number?: number;
  author?: string;
}

export interface AgentReviewInput {
  pr: PullRequestInfo;
  diff: readonly DiffFile[];
  /** Raw unified diff, for hunks with right-side line numbers. */
  diffText: string;
  routeChanges: readonly RouteChange[];
  /** Deterministic findings, so the agent neither repeats nor contradicts them without cause. */
  staticFindings: readonly Finding[];
  headTree: SourceTree;
  config: Config;
  /** Service context (roles, dependencies, call chains) when available. */
  serviceContext?: unknown;
  /** The GitHub App installation the review runs for (key of the daily token budget); absent in the CLI. */
  installation?: string;
}

/** The agent's own summary in the agent definition's response format, adapted to a PR. */
export interface AgentSummary {
  analysis: string;
  considerations: string[];
  options: Array<{ name: string; description: string; pros: string[]; cons: string[]; when: string }>;
  recommendation: string;
  nextSteps: string[];
  questions: string[];
}

export interface AgentUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  /** Estimated cost in US dollars from the model's list prices. */
  estimatedCostUsd: number;
  calls: number;
}

export type AgentStatus = 'ok' | 'partial' | 'unavailable' | 'offline' | 'budget-exhausted' | 'disabled';

export interface AgentReviewOutput {
  status: AgentStatus;
  /** Why the agent did not (fully) run, for the summary. */
  message?: string;
  model?: string;
  findings: Finding[];
  summary?: AgentSummary;
  usage: AgentUsage;
  /** Files the agent did not read for lack of budget. */
  unreadFiles: string[];
  /** Files whose hunks were cut to fit a call: the agent saw only part of their change. */
  partlyReadFiles?: string[];
  /** What the summary should mention: agents or skills not found, broken repository agent files, budget cuts. */
  notes?: string[];
}

/** The port the pipeline calls; the Anthropic adapter implements it. */
export interface AgentReviewer {
  review(input: AgentReviewInput): Promise<AgentReviewOutput>;
}

export const EMPTY_USAGE: AgentUsage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, estimatedCostUsd: 0, calls: 0 };
