import type { AgentReviewer } from '../core/agent/types.js';
import { ConfigError, parseConfigText } from '../core/config/parse-config.js';
import type { Config } from '../core/config/schema.js';
import { DiffAnchors } from '../core/diff/anchor.js';
import { parseUnifiedDiff } from '../core/diff/parse-unified-diff.js';
import type { Finding } from '../core/finding.js';
import { planReviewComments, renderReviewBody, SUMMARY_COMMENT_MARKER, type PlannedComment } from '../core/render/review-comments.js';
import {
  renderCheckSummary,
  renderConfigErrorOutput,
  renderErrorOutput,
  renderProgressOutput,
  renderSkippedOutput,
  type CheckOutput,
  type DeliveryReport,
} from '../core/render/summary-markdown.js';
import { runReview, type ReviewResult } from '../core/review/run-review.js';
import { changesSince, type ChangesSince } from '../adapters/github/changes-since.js';
import { CHECK_NAME, CheckRunReporter, toAnnotations, type CheckConclusion } from '../adapters/github/check-run-reporter.js';
import { GitHubChangeSource } from '../adapters/github/github-change-source.js';
import { httpStatus, type GitHubClient, type PullRequestRef } from '../adapters/github/github-client.js';
import { react, upsertMarkedComment } from '../adapters/github/issue-comments.js';
import { CONFIG_PATH, loadTrustedConfig, type TrustedConfig } from '../adapters/github/load-config.js';
import { isPaused } from '../adapters/github/pause-label.js';
import { postReview, type PostedReview } from '../adapters/github/review-reporter.js';
import { loadReviewState, resolveThread, type ReviewState } from '../adapters/github/review-state.js';
import { isTransientError } from '../queue/is-transient-error.js';
import { abortReasonOf } from '../queue/review-aborted-error.js';
import type { ReviewJob } from '../queue/types.js';

/** Builds the agent for one review from the trusted configuration; undefined reviews offline. */
export type AgentFactory = (
  config: Config,
  context: { installationId: number; owner: string; repo: string },
) => AgentReviewer | undefined | Promise<AgentReviewer | undefined>;

/** The little logging the job does (Probot's pino logger fits). */
export interface JobLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface ReviewJobContext {
  octokit: GitHubClient;
  job: ReviewJob;
  /** The queue's job ID: the check run's `external_id`. */
  jobId: string;
  signal: AbortSignal;
  attempt: number;
  lastAttempt: boolean;
  agentFactory?: AgentFactory;
  now: () => Date;
  /** A long review writes its current step into the check run at most this often. */
  progressIntervalMs: number;
  log: JobLogger;
}

/** How one job ended, for logs and tests. */
export interface JobOutcome {
  kind: 'reviewed' | 'skipped' | 'config-error' | 'failed' | 'ignored';
  checkRunId?: number;
  conclusion?: CheckConclusion;
  review?: PostedReview;
  delivery?: DeliveryReport;
  /** Why a `failed` job failed: the error's message and HTTP status. */
  failure?: { reason: string; status?: number };
  /**
   * A `failed` job whose installation cannot act on the repository: no installation token (app
   * uninstalled or suspended), or the pull request answered 401/403/404 (repository left the installation).
   */
  lostAccess?: boolean;
  /** What became of the check run of a `failed` job: `completed neutral`, `not created: …`. */
  checkRun?: string;
}

/** Agent findings may come and go between runs: only static findings close their threads. */
const RESOLVABLE_SOURCE = 'static';

/**
 * One review of one pull request head, run from the queue: read the PR and the trusted configuration,
 * open the check run, run the pipeline, post one review (only what is new), resolve fixed threads,
 * complete the check run. Every path that created a check run completes it.
 */
export async function runReviewJob(context: ReviewJobContext): Promise<JobOutcome> {
  const { octokit, job, signal } = context;
  const pr: PullRequestRef = { owner: job.owner, repo: job.repo, pullNumber: job.pullNumber };
  const repository = { owner: job.owner, repo: job.repo };
  const checks = new CheckRunReporter(octokit, repository, context.now);
  let headSha = job.headSha;
  let checkRunId: number | undefined;
  let config: Config | undefined;
  try {
    // 1. The PR as it is now: closed PRs and stale heads are not reviewed.
    const { data: pull } = await octokit.rest.pulls.get({ ...repository, pull_number: job.pullNumber });
    if (pull.state !== 'open') {
      await finish(context, 'confused');
      return { kind: 'ignored' };
    }
    if (pull.head.sha !== job.headSha) {
      // A command asks for "the current head now"; anything else was about a commit that is no longer the head.
      if (job.trigger === 'command') headSha = pull.head.sha;
      else {
        const id = await checks.completeAtOnce(job.headSha, context.jobId, 'skipped', renderSkippedOutput({ kind: 'superseded', newHead: pull.head.sha }, 'en'));
        await finish(context, 'confused');
        return { kind: 'skipped', checkRunId: id, conclusion: 'skipped' };
      }
    }

    // 2. The trusted configuration, from the default branch.
    let trusted: TrustedConfig;
    try {
      trusted = await loadTrustedConfig(octokit, repository);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const id = await checks.completeAtOnce(headSha, context.jobId, 'neutral', renderConfigErrorOutput(error.file, error.problems, 'en'));
      await finish(context, 'confused');
      return { kind: 'config-error', checkRunId: id, conclusion: 'neutral' };
    }
    config = trusted.config;
    const language = config.review_language;

    // 3. Automatic reviews skip drafts and paused PRs, but the head still gets a completed check run.
    if (job.trigger === 'pull_request' && pull.draft === true && config.skip_drafts) {
      const id = await checks.completeAtOnce(headSha, context.jobId, 'skipped', renderSkippedOutput({ kind: 'draft' }, language));
      return { kind: 'skipped', checkRunId: id, conclusion: 'skipped' };
    }
    if (job.trigger === 'pull_request' && isPaused(pull.labels)) {
      const id = await checks.completeAtOnce(headSha, context.jobId, 'skipped', renderSkippedOutput({ kind: 'paused', prefix: config.commands.prefix }, language));
      return { kind: 'skipped', checkRunId: id, conclusion: 'skipped' };
    }

    // 4. The check run, in progress at once (a retried job picks its earlier run up).
    throwIfAborted(signal);
    checkRunId = (context.attempt > 1 ? await findOpenCheckRun(octokit, repository, headSha, context.jobId) : undefined) ??
      (await checks.start(headSha, context.jobId, renderProgressOutput('reading the change', language)));
    const progress = throttledProgress(checks, checkRunId, context, language);

    // 5. The change and the pipeline.
    const mergeBase = await GitHubChangeSource.mergeBase(octokit, { ...pr, baseSha: pull.base.sha, headSha }, signal);
    const source = new GitHubChangeSource(octokit, { ...pr, base: mergeBase, head: headSha, maxTreeBytes: config.tree.max_bytes, signal });
    const edited = await checkEditedConfig(source, trusted);
    const agent = await context.agentFactory?.(config, { installationId: job.installationId, ...repository });
    const result = await runReview({
      source,
      config,
      pr: { title: pull.title, body: pull.body ?? '', number: pull.number, ...(pull.user?.login ? { author: pull.user.login } : {}) },
      ...(agent ? { agent } : { offlineReason: 'no model key configured' }),
      onProgress: progress.report,
      notes: edited.notes,
      extraFindings: edited.findings,
    });
    await progress.settle();
    throwIfAborted(signal);

    // 6. What earlier runs posted, and what is new since the last reviewed head.
    const state = await loadReviewState(octokit, pr);
    const lastHead = state.reviews.at(-1)?.head;
    const since = !job.full && config.incremental && lastHead && lastHead !== headSha ? await changesSince(octokit, repository, lastHead, headSha) : undefined;
    const plan = planDelivery(result, state, since, config);

    // 7. Post only for the head we diffed: if the PR moved on, its newer head gets its own review.
    const { review, delivery } = await deliverFindings(context, { pr, headSha, result, state, since, plan, config });

    // 8. The outputs: sticky summary (optional) and the completed check run.
    const output = renderCheckSummary(result, { language, delivery });
    if (config.summary_comment && !delivery.headMovedTo) await upsertMarkedComment(octokit, pr, SUMMARY_COMMENT_MARKER, output.summary);
    await checks.complete(checkRunId, result.conclusion, output, toAnnotations(result.findings, config));
    await finish(context, 'rocket');
    return { kind: 'reviewed', checkRunId, conclusion: result.conclusion, ...(review ? { review } : {}), delivery };
  } catch (error) {
    return await failJob(context, checks, { headSha, checkRunId, config }, error);
  }
}

/** Posts the one review (when there is something new) and resolves fixed threads; says what reached the PR. */
async function deliverFindings(
  context: ReviewJobContext,
  input: { pr: PullRequestRef; headSha: string; result: ReviewResult; state: ReviewState; since: ChangesSince | undefined; plan: DeliveryPlan; config: Config },
): Promise<{ review?: PostedReview; delivery: DeliveryReport }> {
  const { octokit } = context;
  const { pr, headSha, result, plan, since, config } = input;
  const incrementalSince = since?.kind === 'incremental' ? since.since : undefined;
  const delivery: DeliveryReport = {
    inlinePosted: 0,
    listedInReview: 0,
    alreadyPosted: plan.alreadyPosted,
    dismissed: plan.dismissed,
    threadsResolved: 0,
    ...(incrementalSince ? { incrementalSince } : {}),
  };
  const { data: latest } = await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber });
  if (latest.head.sha !== headSha) return { delivery: { ...delivery, headMovedTo: latest.head.sha } };
  let review: PostedReview | undefined;
  if (plan.inline.length + plan.listed.length > 0) {
    review = await postReview(octokit, pr, {
      commitId: headSha,
      event: config.review_event === 'REQUEST_CHANGES' && result.conclusion === 'failure' ? 'REQUEST_CHANGES' : 'COMMENT',
      comments: plan.inline,
      run: context.jobId,
      isAdded: (path, line) => plan.anchors.isAdded(path, line),
      renderBody: (refused) => {
        const listed = [...plan.listed, ...refused];
        return renderReviewBody({
          inlineCount: plan.inline.length - refused.length,
          listed,
          marker: { head: headSha, base: result.base, run: context.jobId, fingerprints: listed.map((finding) => finding.fingerprint ?? '') },
          ...(incrementalSince ? { incrementalSince } : {}),
          language: config.review_language,
        });
      },
    });
    delivery.inlinePosted = review.inline.length;
    delivery.listedInReview = plan.listed.length + review.refused.length;
    delivery.reviewUrl = review.url;
  }
  delivery.threadsResolved = await resolveFixedThreads(octokit, input.state, result);
  return { ...(review ? { review } : {}), delivery };
}

interface DeliveryPlan {
  anchors: DiffAnchors;
  inline: PlannedComment[];
  /** New findings the review body lists (not inline). */
  listed: Finding[];
  alreadyPosted: number;
  dismissed: number;
}

/**
 * Which findings this run posts: never one posted before or dismissed by a person; inline only on the
 * diff's right side (and, incrementally, only on lines added since the last reviewed head).
 */
export function planDelivery(result: ReviewResult, state: ReviewState, since: ChangesSince | undefined, config: Config): DeliveryPlan {
  const anchors = new DiffAnchors(result.diff);
  const incremental = since?.kind === 'incremental' ? since : undefined;
  const isNew = (finding: Finding) => {
    if (!incremental) return true;
    const added = incremental.addedLines.get(finding.path);
    if (!added) return false;
    for (let line = finding.line; line <= (finding.endLine ?? finding.line); line++) if (added.has(line)) return true;
    return false;
  };
  let alreadyPosted = 0;
  let dismissed = 0;
  const fresh: Finding[] = [];
  for (const finding of result.findings) {
    const fingerprint = finding.fingerprint ?? '';
    if (state.dismissed.has(fingerprint)) dismissed++;
    else if (state.posted.has(fingerprint)) alreadyPosted++;
    else fresh.push(finding);
  }
  const candidates = fresh.filter((finding) => finding.inDiff === true && isNew(finding));
  const { inline, rest } = planReviewComments(candidates, anchors, { maxComments: config.max_comments, suggestions: config.suggestions, language: config.review_language });
  // Outside the diff, a full review lists new findings in its body; an incremental one leaves them to the check run.
  const outside = incremental ? [] : fresh.filter((finding) => finding.inDiff !== true);
  return { anchors, inline, listed: [...rest, ...outside], alreadyPosted, dismissed };
}

/** Closes our threads whose static finding is gone, unless a person took part in them. */
async function resolveFixedThreads(octokit: GitHubClient, state: ReviewState, result: ReviewResult): Promise<number> {
  const current = new Set(result.findings.map((finding) => finding.fingerprint));
  const fixed = state.threads.filter(
    (thread) => !thread.isResolved && thread.source === RESOLVABLE_SOURCE && !current.has(thread.fingerprint) && !thread.personReplied && !thread.thumbsDown,
  );
  for (const thread of fixed) await resolveThread(octokit, thread.id);
  return fixed.length;
}

/**
 * A PR that edits the configuration is reviewed with the trusted one (the summary says so); the edited
 * file is validated and its problems become findings on its lines.
 */
async function checkEditedConfig(source: GitHubChangeSource, trusted: TrustedConfig): Promise<{ notes: string[]; findings: Finding[] }> {
  const edited = parseUnifiedDiff(await source.diff()).find((file) => file.path === CONFIG_PATH);
  if (!edited) return { notes: [], findings: [] };
  const notes = [
    `This pull request edits \`${CONFIG_PATH}\`: it was reviewed with the configuration of the default branch (\`${trusted.file}\`); the edited file applies once merged.`,
  ];
  if (edited.status === 'deleted') return { notes, findings: [] };
  const text = await (await source.tree('head')).read(CONFIG_PATH);
  if (text === undefined) return { notes, findings: [] };
  try {
    parseConfigText(text, CONFIG_PATH);
    return { notes, findings: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { notes, findings: error.problems.map((problem) => configProblemFinding(problem)) };
  }
}

function configProblemFinding(problem: ConfigError['problems'][number]): Finding {
  const where = problem.key ? `\`${problem.key}\`` : 'The file';
  return {
    rule: 'config/invalid',
    // No checklist item is about the app's own configuration; the API documentation item is the nearest.
    checklist: 'api.documentation',
    severity: 'high',
    path: CONFIG_PATH,
    line: problem.line ?? 1,
    title: `Invalid Backend Expert configuration: ${problem.key || 'file'}`,
    message: `${where}: ${problem.message}. Once merged, every review would stop at this error instead of checking the code.`,
    source: 'static',
  };
}

/** A retried job finds the in-progress check run its earlier attempt created (same external ID). */
async function findOpenCheckRun(octokit: GitHubClient, repository: { owner: string; repo: string }, headSha: string, externalId: string): Promise<number | undefined> {
  const { data } = await octokit.rest.checks.listForRef({ ...repository, ref: headSha, check_name: CHECK_NAME, filter: 'latest', per_page: 100 });
  return data.check_runs.find((run) => run.external_id === externalId && run.status !== 'completed')?.id;
}

/** Writes the current step into the check run, at most once per interval, and never after completion. */
function throttledProgress(checks: CheckRunReporter, checkRunId: number, context: ReviewJobContext, language: Config['review_language']) {
  let last = context.now().getTime();
  let pending: Promise<void> = Promise.resolve();
  return {
    report: (step: string) => {
      const now = context.now().getTime();
      if (now - last < context.progressIntervalMs) return;
      last = now;
      pending = pending.then(() => checks.progress(checkRunId, renderProgressOutput(step, language))).catch((error: unknown) => {
        context.log.warn({ error: (error as Error).message }, 'progress update failed');
      });
    },
    settle: () => pending,
  };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the review was aborted');
}

/** The final reaction on the command comment that asked for this review. */
async function finish(context: ReviewJobContext, content: 'rocket' | 'confused'): Promise<void> {
  if (context.job.commentId === undefined) return;
  try {
    await react(context.octokit, { owner: context.job.owner, repo: context.job.repo }, context.job.commentId, content);
  } catch (error) {
    context.log.warn({ error: (error as Error).message }, 'final reaction failed');
  }
}

/**
 * The edge where errors are translated once. Superseded: the check run says so. Shutdown, or a
 * transient error with attempts left: the check run stays in progress and the queue runs the job again.
 * Anything else: the check run completes `neutral` (or `failure` with `on_error: failure`) naming the error.
 */
async function failJob(
  context: ReviewJobContext,
  checks: CheckRunReporter,
  state: { headSha: string; checkRunId: number | undefined; config: Config | undefined },
  error: unknown,
): Promise<JobOutcome> {
  const abort = abortReasonOf(context.signal);
  if (abort?.kind === 'shutdown') throw error;
  if (abort?.kind === 'superseded') {
    const output = renderSkippedOutput({ kind: 'superseded', newHead: abort.newerHeadSha ?? '' }, state.config?.review_language ?? 'en');
    const id = await completeOrCreate(checks, state, context.jobId, 'skipped', output);
    return { kind: 'skipped', checkRunId: id, conclusion: 'skipped' };
  }
  if (isTransientError(error) && !context.lastAttempt) throw error;
  const conclusion: CheckConclusion = state.config?.on_error === 'failure' ? 'failure' : 'neutral';
  const failed = error instanceof Error ? error : new Error(String(error));
  const status = httpStatus(error);
  const failure = { reason: failed.message, ...(status !== undefined ? { status } : {}) };
  const noToken = isTokenExchangeError(error);
  const lostAccess = noToken || (LOST_ACCESS_STATUSES.has(status ?? 0) && isPullRequestRequest(error, context.job));
  // Without a token nothing can be written: no check run, no reaction (each would only fail again).
  if (noToken) return { kind: 'failed', conclusion, failure, lostAccess, checkRun: 'not created: no installation token' };
  const output = renderErrorOutput({ name: failed.name, message: failed.message }, state.config?.review_language ?? 'en');
  let id: number | undefined;
  let checkRun: string;
  try {
    id = await completeOrCreate(checks, state, context.jobId, conclusion, output);
    checkRun = `completed ${conclusion}`;
  } catch (checkError) {
    // A check run left in progress blocks the PR: while attempts remain, the queue runs the job again.
    if (isTransientError(checkError) && !context.lastAttempt) throw checkError;
    const checkStatus = httpStatus(checkError);
    const why = checkStatus !== undefined ? `GitHub answered ${checkStatus}` : checkError instanceof Error ? checkError.message : String(checkError);
    checkRun = `${state.checkRunId === undefined ? 'not created' : 'not completed'}: ${why}`;
  }
  if (!lostAccess) await finish(context, 'confused');
  return { kind: 'failed', ...(id !== undefined ? { checkRunId: id } : {}), conclusion, failure, lostAccess, checkRun };
}

/** Statuses with which GitHub says the installation may not see the repository (or no longer exists). */
const LOST_ACCESS_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);

/** The error of the installation-token exchange itself (Octokit's app auth runs it before a request). */
function isTokenExchangeError(error: unknown): boolean {
  return /\/app\/installations\/\d+\/access_tokens$/.test(requestUrl(error) ?? '');
}

/** The job's pull request itself (the first read of every job) was refused. */
function isPullRequestRequest(error: unknown, job: ReviewJob): boolean {
  return (requestUrl(error) ?? '').endsWith(`/repos/${job.owner}/${job.repo}/pulls/${job.pullNumber}`);
}

/** The URL of the request an Octokit `RequestError` is about. */
function requestUrl(error: unknown): string | undefined {
  const request = typeof error === 'object' && error !== null ? (error as { request?: { url?: unknown } }).request : undefined;
  return typeof request?.url === 'string' ? request.url : undefined;
}

async function completeOrCreate(
  checks: CheckRunReporter,
  state: { headSha: string; checkRunId: number | undefined },
  externalId: string,
  conclusion: CheckConclusion,
  output: CheckOutput,
): Promise<number> {
  if (state.checkRunId === undefined) return checks.completeAtOnce(state.headSha, externalId, conclusion, output);
  await checks.complete(state.checkRunId, conclusion, output);
  return state.checkRunId;
}
