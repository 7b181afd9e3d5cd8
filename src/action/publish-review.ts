import { changesSince } from '../adapters/github/changes-since.js';
import { CHECK_NAME, CheckRunReporter, toAnnotations, type CheckConclusion } from '../adapters/github/check-run-reporter.js';
import type { GitHubClient, PullRequestRef } from '../adapters/github/github-client.js';
import { upsertMarkedComment } from '../adapters/github/issue-comments.js';
import { postReview, type PostedReview } from '../adapters/github/review-reporter.js';
import { loadReviewState, resolveThread } from '../adapters/github/review-state.js';
import { planDelivery } from '../app/run-review-job.js';
import type { Config } from '../core/config/schema.js';
import { renderReviewBody, SUMMARY_COMMENT_MARKER } from '../core/render/review-comments.js';
import { renderCheckSummary, type CheckOutput, type DeliveryReport } from '../core/render/summary-markdown.js';
import type { ReviewResult } from '../core/review/run-review.js';

/**
 * The app's delivery (src/app/run-review-job.ts), from a workflow: one check run named `Backend Expert`
 * and one review with inline comments, posted through the same reporters, with the same markers, so that
 * later runs (of the Action or of the app) recognise what was posted.
 */
export class ReviewPublisher {
  private readonly checks: CheckRunReporter;
  private readonly repository: { owner: string; repo: string };

  constructor(
    private readonly octokit: GitHubClient,
    private readonly pr: PullRequestRef,
    /** `run_id-run_attempt`: the check run's external ID and the review marker's run. */
    private readonly runKey: string,
    private readonly now: () => Date,
  ) {
    this.repository = { owner: pr.owner, repo: pr.repo };
    this.checks = new CheckRunReporter(octokit, this.repository, now);
  }

  /**
   * The check run, in progress at once. Created here rather than by `CheckRunReporter.start`: its
   * "Re-run review" button sends `requested_action` to the app that owns the run, which for a workflow
   * token is GitHub Actions, where nothing answers it. "Re-run jobs" re-runs the review instead.
   */
  async start(headSha: string, output: CheckOutput): Promise<number> {
    const { data } = await this.octokit.rest.checks.create({
      ...this.repository,
      name: CHECK_NAME,
      head_sha: headSha,
      external_id: this.runKey,
      status: 'in_progress',
      started_at: this.now().toISOString(),
      output: { title: output.title, summary: output.summary },
    });
    return data.id;
  }

  /** A check run created completed (a skipped draft, an invalid configuration). */
  async completeAtOnce(headSha: string, conclusion: CheckConclusion, output: CheckOutput): Promise<number> {
    const now = this.now().toISOString();
    const { data } = await this.octokit.rest.checks.create({
      ...this.repository,
      name: CHECK_NAME,
      head_sha: headSha,
      external_id: this.runKey,
      status: 'completed',
      conclusion,
      started_at: now,
      completed_at: now,
      output: { title: output.title, summary: output.summary },
    });
    return data.id;
  }

  /**
   * Posts what is new (never a finding posted before or dismissed by a person; incrementally, only on
   * lines added since the last reviewed head), resolves the threads of fixed findings and keeps the
   * sticky summary when configured. Says what reached the pull request.
   */
  async deliver(headSha: string, result: ReviewResult, config: Config): Promise<{ review?: PostedReview; delivery: DeliveryReport }> {
    const { octokit, pr } = this;
    const state = await loadReviewState(octokit, pr);
    const lastHead = state.reviews.at(-1)?.head;
    const since = config.incremental && lastHead && lastHead !== headSha ? await changesSince(octokit, this.repository, lastHead, headSha) : undefined;
    const plan = planDelivery(result, state, since, config);
    const incrementalSince = since?.kind === 'incremental' ? since.since : undefined;
    const delivery: DeliveryReport = {
      inlinePosted: 0,
      listedInReview: 0,
      alreadyPosted: plan.alreadyPosted,
      dismissed: plan.dismissed,
      threadsResolved: 0,
      ...(incrementalSince ? { incrementalSince } : {}),
    };
    // Post only for the head that was reviewed: a newer push runs the workflow again.
    const { data: latest } = await octokit.rest.pulls.get({ ...this.repository, pull_number: pr.pullNumber });
    if (latest.head.sha !== headSha) return { delivery: { ...delivery, headMovedTo: latest.head.sha } };
    let review: PostedReview | undefined;
    if (plan.inline.length + plan.listed.length > 0) {
      const run = `action-${this.runKey}`;
      review = await postReview(octokit, pr, {
        commitId: headSha,
        event: config.review_event === 'REQUEST_CHANGES' && result.conclusion === 'failure' ? 'REQUEST_CHANGES' : 'COMMENT',
        comments: plan.inline,
        run,
        isAdded: (path, line) => plan.anchors.isAdded(path, line),
        renderBody: (refused) => {
          const listed = [...plan.listed, ...refused];
          return renderReviewBody({
            inlineCount: plan.inline.length - refused.length,
            listed,
            marker: { head: headSha, base: result.base, run, fingerprints: listed.map((finding) => finding.fingerprint ?? '') },
            ...(incrementalSince ? { incrementalSince } : {}),
            language: config.review_language,
          });
        },
      });
      delivery.inlinePosted = review.inline.length;
      delivery.listedInReview = plan.listed.length + review.refused.length;
      delivery.reviewUrl = review.url;
    }
    const current = new Set(result.findings.map((finding) => finding.fingerprint));
    // Agent findings come and go between runs: only static findings close their threads.
    const fixed = state.threads.filter((thread) => !thread.isResolved && thread.source === 'static' && !current.has(thread.fingerprint) && !thread.personReplied && !thread.thumbsDown);
    for (const thread of fixed) await resolveThread(octokit, thread.id);
    delivery.threadsResolved = fixed.length;
    if (config.summary_comment) await upsertMarkedComment(octokit, pr, SUMMARY_COMMENT_MARKER, renderCheckSummary(result, { language: config.review_language, delivery }).summary);
    return { ...(review ? { review } : {}), delivery };
  }

  /** Completes the run with the summary and one annotation per finding (the reporter batches them). */
  async complete(checkRunId: number, result: ReviewResult, config: Config, output: CheckOutput): Promise<void> {
    await this.checks.complete(checkRunId, result.conclusion, output, toAnnotations(result.findings, config));
  }

  /** Completes the run of a review that broke, naming the error. */
  async fail(checkRunId: number, conclusion: CheckConclusion, output: CheckOutput): Promise<void> {
    await this.checks.complete(checkRunId, conclusion, output);
  }
}
