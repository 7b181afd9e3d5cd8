import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { httpStatus } from '../adapters/github/github-client.js';
import { sarifRuleDocs, toolVersion } from '../cli/cli-renderers.js';
import { ConfigError } from '../core/config/parse-config.js';
import type { Config } from '../core/config/schema.js';
import { renderReviewSarif } from '../core/render/review-sarif.js';
import {
  renderCheckSummary,
  renderConfigErrorOutput,
  renderErrorOutput,
  renderProgressOutput,
  renderSkippedOutput,
  type DeliveryReport,
} from '../core/render/summary-markdown.js';
import { runReview, type ReviewResult } from '../core/review/run-review.js';
import { isFork, readActionContext, type ActionContext, type ActionPullRequest } from './action-context.js';
import { createActionAgent } from './action-agent.js';
import { readActionInputs, type ActionCore, type ActionInputs } from './action-inputs.js';
import { createActionOctokit, type OctokitPlugins } from './action-octokit.js';
import { checkEditedConfig } from './edited-config.js';
import { loadActionConfig } from './load-action-config.js';
import { openCheckout } from './open-checkout.js';
import { ReviewPublisher } from './publish-review.js';

export interface ActionDependencies {
  env: NodeJS.ProcessEnv;
  core: ActionCore;
  cwd: string;
  now?: () => Date;
  /** Tests turn Octokit's retries and throttling off. */
  octokitPlugins?: OctokitPlugins;
}

/** How the run ended, for the step's outputs and for tests. */
export interface ActionOutcome {
  conclusion: ReviewResult['conclusion'] | 'skipped';
  findings: number;
  /** Absolute path of the SARIF file written, if one was. */
  sarifFile?: string;
  /** True when the check run and the review were posted. */
  published: boolean;
  /** Why the review went to the job summary and SARIF instead of the pull request. */
  fallback?: 'fork' | 'forbidden';
  failed: boolean;
}

/**
 * The GitHub Action: reviews the workflow's pull request with the same pipeline as the app and the
 * command line (`runReview` on the checkout), then posts the app's check run and review with the
 * workflow token, writes SARIF for code scanning, or both. Where the token cannot write (a fork's pull
 * request, missing permissions) it falls back to the job summary and SARIF, and says so in the log.
 */
export async function runAction(deps: ActionDependencies): Promise<ActionOutcome> {
  const { core } = deps;
  const now = deps.now ?? (() => new Date());
  const context = readActionContext(deps.env, deps.cwd);
  const inputs = readActionInputs(core);
  if (!context.pull) {
    core.warning(`Backend Expert reviews pull requests: the '${context.eventName}' event has none. Run this step on pull_request.`);
    return finish(core, { conclusion: 'skipped', findings: 0, published: false, failed: false });
  }
  const pull = context.pull;
  const octokit = createActionOctokit(inputs.token, context.apiUrl, core, deps.octokitPlugins);
  const publisher = new ReviewPublisher(octokit, { owner: context.owner, repo: context.repo, pullNumber: pull.number }, context.runKey, now);
  const source = await openCheckout(context.workspace, pull);
  try {
    // pull_request_target runs with a token that can write even for a fork: only pull_request falls back up front.
    let fallback: ActionOutcome['fallback'] = inputs.mode !== 'sarif' && context.eventName === 'pull_request' && isFork(pull) ? 'fork' : undefined;
    let publishing = inputs.mode !== 'sarif' && !fallback;
    if (fallback) core.warning(fallbackMessage('fork', context, pull, inputs));

    // The trusted configuration; an invalid one still completes the check run, saying why.
    let loaded: Awaited<ReturnType<typeof loadActionConfig>>;
    try {
      loaded = await loadActionConfig(octokit, {
        repository: { owner: context.owner, repo: context.repo },
        ...(inputs.configFile ? { configFile: inputs.configFile } : {}),
        checkout: context.workspace,
        baseSha: pull.baseSha,
        warn: (message) => core.warning(message),
      });
    } catch (error) {
      if (error instanceof ConfigError && publishing) {
        await tryPublish(core, () => publisher.completeAtOnce(pull.headSha, 'neutral', renderConfigErrorOutput(error.file, error.problems, 'en')));
      }
      throw error;
    }
    const { config } = loaded;
    core.info(`Backend Expert: configuration from ${loaded.origin === 'default-branch' ? `${loaded.file} on the default branch` : loaded.file}.`);

    if (pull.draft && config.skip_drafts) {
      const output = renderSkippedOutput({ kind: 'draft' }, config.review_language);
      if (publishing) await tryPublish(core, () => publisher.completeAtOnce(pull.headSha, 'skipped', output));
      await writeJobSummary(core, output.summary);
      core.info('Backend Expert: draft pull request skipped (skip_drafts in the configuration).');
      return finish(core, { conclusion: 'skipped', findings: 0, published: publishing, failed: false });
    }

    // The check run first, so that a required check shows the review in progress.
    let checkRunId: number | undefined;
    if (publishing) {
      try {
        checkRunId = await publisher.start(pull.headSha, renderProgressOutput('reading the change', config.review_language));
      } catch (error) {
        if (httpStatus(error) !== 403) throw error;
        fallback = 'forbidden';
        publishing = false;
        core.warning(fallbackMessage('forbidden', context, pull, inputs));
      }
    }

    let result: ReviewResult;
    try {
      result = await review(deps, context, pull, inputs, config, loaded.file, source);
    } catch (error) {
      if (checkRunId !== undefined) {
        const failure = error instanceof Error ? error : new Error(String(error));
        await tryPublish(core, () => publisher.fail(checkRunId!, config.on_error === 'failure' ? 'failure' : 'neutral', renderErrorOutput(failure, config.review_language)));
      }
      throw error;
    }

    let delivery: DeliveryReport | undefined;
    if (publishing && checkRunId !== undefined) {
      try {
        delivery = (await publisher.deliver(pull.headSha, result, config)).delivery;
      } catch (error) {
        if (httpStatus(error) !== 403) throw error;
        // The check run still completes below; the comments could not be posted.
        core.warning(`Backend Expert could not post the review (${(error as Error).message}): give the job \`permissions: pull-requests: write\`. The findings are in the check run and the job summary.`);
      }
      const output = renderCheckSummary(result, { language: config.review_language, ...(delivery ? { delivery } : {}) });
      await publisher.complete(checkRunId, result, config, output);
    }

    const sarifFile = inputs.mode !== 'review' || fallback ? writeSarif(context, inputs, result) : undefined;
    const summary = renderCheckSummary(result, { language: config.review_language, ...(delivery ? { delivery } : {}) }).summary;
    await writeJobSummary(core, fallback ? `${fallbackNotice(fallback, pull, sarifFile)}\n\n${summary}` : summary);

    core.info(`Backend Expert: ${result.conclusion}, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}.`);
    const failed = result.conclusion === 'failure' && inputs.failOnFailure;
    if (failed) core.setFailed(`Backend Expert: conclusion failure (findings at or above fail_on: ${config.fail_on}). See the job summary${publishing ? ' and the Backend Expert check run' : ''}.`);
    return finish(core, {
      conclusion: result.conclusion,
      findings: result.findings.length,
      ...(sarifFile ? { sarifFile } : {}),
      published: publishing,
      ...(fallback ? { fallback } : {}),
      failed,
    });
  } finally {
    source.close();
  }
}

/** The pipeline on the checkout, with the agent when there is a key and the configuration allows it. */
async function review(
  deps: ActionDependencies,
  context: ActionContext,
  pull: ActionPullRequest,
  inputs: ActionInputs,
  config: Config,
  configFile: string,
  source: Awaited<ReturnType<typeof openCheckout>>,
): Promise<ReviewResult> {
  const edited = await checkEditedConfig(source, configFile);
  const agent = await createActionAgent({ ...(inputs.anthropicApiKey ? { apiKey: inputs.anthropicApiKey } : {}), config, env: deps.env, repository: `${context.owner}/${context.repo}` });
  if (!agent.reviewer) deps.core.info(`Backend Expert: reviewing offline (${agent.reason}).`);
  return runReview({
    source,
    config,
    pr: { title: pull.title, body: pull.body, number: pull.number, ...(pull.author ? { author: pull.author } : {}) },
    ...(agent.reviewer ? { agent: agent.reviewer } : { offlineReason: agent.reason }),
    onProgress: (step) => deps.core.debug(`Backend Expert: ${step}`),
    notes: edited.notes,
    extraFindings: edited.findings,
  });
}

/** SARIF for github/codeql-action/upload-sarif, at the `sarif-file` input (relative to the checkout). */
function writeSarif(context: ActionContext, inputs: ActionInputs, result: ReviewResult): string {
  const file = resolve(context.workspace, inputs.sarifFile);
  mkdirSync(dirname(file), { recursive: true });
  const log = renderReviewSarif(result, sarifRuleDocs(), toolVersion(), { repositoryUri: `${context.serverUrl}/${context.owner}/${context.repo}` });
  writeFileSync(file, `${JSON.stringify(log, null, 2)}\n`);
  return file;
}

async function writeJobSummary(core: ActionCore, markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    // Outside a runner there is no GITHUB_STEP_SUMMARY: the log still has the outcome.
    core.warning(`Backend Expert could not write the job summary: ${(error as Error).message}`);
  }
}

/** A write the fallback does not depend on (a check run for a skipped draft or a broken configuration). */
async function tryPublish(core: ActionCore, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    core.warning(`Backend Expert could not create the check run: ${(error as Error).message}`);
  }
}

function fallbackMessage(reason: 'fork' | 'forbidden', context: ActionContext, pull: ActionPullRequest, inputs: ActionInputs): string {
  const where = `the job summary and the SARIF file ${inputs.sarifFile} (upload it with github/codeql-action/upload-sarif)`;
  return reason === 'fork'
    ? `Pull request #${pull.number} comes from the fork ${pull.headRepo || '(deleted repository)'}: the workflow token cannot write to ${context.owner}/${context.repo}, so no check run or review comments are posted. The review is in ${where}.`
    : `The workflow token may not create check runs in ${context.owner}/${context.repo} (403 Resource not accessible by integration): give the job \`permissions: checks: write, pull-requests: write\`. The review is in ${where}.`;
}

function fallbackNotice(reason: 'fork' | 'forbidden', pull: ActionPullRequest, sarifFile: string | undefined): string {
  const why = reason === 'fork' ? `pull request #${pull.number} comes from a fork, where the workflow token cannot write` : 'the workflow token may not create check runs here';
  return `> [!NOTE]\n> No check run or review comments were posted: ${why}. This summary${sarifFile ? ' and the SARIF file' : ''} hold the review.`;
}

/** Sets the step's outputs: `conclusion`, `findings`, `sarif-file`. */
function finish(core: ActionCore, outcome: ActionOutcome): ActionOutcome {
  core.setOutput('conclusion', outcome.conclusion);
  core.setOutput('findings', String(outcome.findings));
  core.setOutput('sarif-file', outcome.sarifFile ?? '');
  return outcome;
}
