import type { Config } from '../../core/config/schema.js';
import { severityRank, type Finding } from '../../core/finding.js';
import { MAX_TITLE_CHARS, type CheckOutput } from '../../core/render/summary-markdown.js';
import type { GitHubClient } from './github-client.js';

/** The check run's name: constant, so branch protection can require it. */
export const CHECK_NAME = 'Backend Expert';

/** GitHub accepts 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotations per run at most: the summary lists every finding; this keeps the requests per review constant. */
export const MAX_ANNOTATIONS = 100;
/** Annotation messages above 64 KB are refused. */
const MAX_ANNOTATION_MESSAGE = 60_000;

/** The "Re-run review" button (label ≤ 20, description ≤ 40, identifier ≤ 20 characters). */
export const RERUN_ACTION = { label: 'Re-run review', description: 'Review this commit again', identifier: 'rerun-review' } as const;

export type CheckConclusion = 'success' | 'neutral' | 'failure' | 'skipped';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

/** Creates, advances and completes the check run of one review. Every path ends `completed`. */
export class CheckRunReporter {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly repository: { owner: string; repo: string },
    private readonly now: () => Date,
  ) {}

  /** Creates the check run `in_progress` with the re-run button; returns its id. */
  async start(headSha: string, externalId: string, output: CheckOutput): Promise<number> {
    const { data } = await this.octokit.rest.checks.create({
      ...this.repository,
      name: CHECK_NAME,
      head_sha: headSha,
      external_id: externalId,
      status: 'in_progress',
      started_at: this.now().toISOString(),
      output: { title: output.title, summary: output.summary },
      actions: [{ ...RERUN_ACTION }],
    });
    return data.id;
  }

  /** Progress of a long review, in the run's output. */
  async progress(checkRunId: number, output: CheckOutput): Promise<void> {
    await this.octokit.rest.checks.update({ ...this.repository, check_run_id: checkRunId, output: { title: output.title, summary: output.summary } });
  }

  /**
   * Completes the run. Annotations go 50 per request; the batches before the last are sent while the run
   * is still in progress, each with the output's title and summary as GitHub requires.
   */
  async complete(checkRunId: number, conclusion: CheckConclusion, output: CheckOutput, annotations: readonly Annotation[] = []): Promise<void> {
    const batches = chunk(annotations.slice(0, MAX_ANNOTATIONS), ANNOTATIONS_PER_REQUEST);
    const base = { title: output.title, summary: output.summary, ...(output.text ? { text: output.text } : {}) };
    for (const batch of batches.slice(0, -1)) {
      await this.octokit.rest.checks.update({ ...this.repository, check_run_id: checkRunId, output: { ...base, annotations: batch } });
    }
    const last = batches.at(-1);
    await this.octokit.rest.checks.update({
      ...this.repository,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion,
      completed_at: this.now().toISOString(),
      output: { ...base, ...(last ? { annotations: last } : {}) },
    });
  }

  /** A check run created already completed: skipped heads and configurations that cannot be read. */
  async completeAtOnce(headSha: string, externalId: string, conclusion: CheckConclusion, output: CheckOutput): Promise<number> {
    const now = this.now().toISOString();
    const { data } = await this.octokit.rest.checks.create({
      ...this.repository,
      name: CHECK_NAME,
      head_sha: headSha,
      external_id: externalId,
      status: 'completed',
      conclusion,
      started_at: now,
      completed_at: now,
      output: { title: output.title, summary: output.summary },
      actions: [{ ...RERUN_ACTION }],
    });
    return data.id;
  }
}

/** One annotation per finding; the level says whether it gates. */
export function toAnnotations(findings: readonly Finding[], config: Config): Annotation[] {
  const threshold = config.fail_on === 'never' ? Number.POSITIVE_INFINITY : severityRank(config.fail_on);
  return findings.map((finding) => {
    const gates = finding.source === 'static' || config.agent.gate;
    const level = gates && severityRank(finding.severity) >= threshold ? 'failure' : severityRank(finding.severity) >= severityRank('medium') ? 'warning' : 'notice';
    const title = `[${finding.severity}] ${finding.title}`;
    return {
      path: finding.path,
      start_line: finding.line,
      end_line: finding.endLine ?? finding.line,
      annotation_level: level,
      title: title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…` : title,
      message: finding.message.length > MAX_ANNOTATION_MESSAGE ? `${finding.message.slice(0, MAX_ANNOTATION_MESSAGE)}…` : finding.message || finding.title,
    };
  });
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
