import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionOutcome } from '../../src/action/run-action.js';
import { parseFingerprintMarker, parseReviewMarker } from '../../src/core/render/review-comments.js';
import { codeScanningErrors, sarifSchemaErrors } from '../cli/helpers/schemas.js';
import { CRITICAL_CHANGE, SERVICE_BASE } from '../cli/helpers/sample-repos.js';
import { contractViolations } from '../github/helpers/openapi-contract.js';
import { Scenario } from '../github/helpers/scenario.js';
import { FakeWorkflow } from './helpers/workflow.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const REPO = '/repos/Codertocat/Hello-World';
const CONFIG_READS = [`GET ${REPO}/contents/.github/backend-expert.yml`, 'GET /repos/Codertocat/.github/contents/.github/backend-expert.yml'];
const FAILURE_MESSAGE = 'Backend Expert: conclusion failure (findings at or above fail_on: critical). See the job summary and the Backend Expert check run.';

// core.summary remembers the first GITHUB_STEP_SUMMARY it sees: one file for the whole test file.
let summaryDir: string;
beforeAll(() => {
  summaryDir = mkdtempSync(join(tmpdir(), 'be-summary-'));
});
afterAll(() => rmSync(summaryDir, { recursive: true, force: true }));

let scenario: Scenario | undefined;
let workflow: FakeWorkflow | undefined;
afterEach(() => {
  workflow?.restore();
  workflow = undefined;
  if (!scenario) return;
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
  scenario = undefined;
});

/** A pull request #1 on Codertocat/Hello-World whose checkout is a real git repository. */
function pullRequest(head: Record<string, string | null> = CRITICAL_CHANGE, options: { fork?: boolean; draft?: boolean } = {}): Scenario {
  scenario = new Scenario({ base: SERVICE_BASE, head });
  if (options.fork) scenario.pull.head.repoFullName = 'forker/Hello-World';
  if (options.draft) scenario.pull.draft = true;
  return scenario;
}

/** Runs the Action's entry point for the scenario's pull request with these inputs. */
async function run(s: Scenario, inputs: Record<string, string> = {}, event?: { name: string; payload: unknown }): Promise<ActionOutcome> {
  workflow = new FakeWorkflow({
    summaryPath: join(summaryDir, 'summary.md'),
    eventName: event?.name ?? 'pull_request',
    event: event?.payload ?? { action: 'opened', number: s.pull.number, pull_request: s.fake.pullJson(s.pull) },
    workspace: s.git.dir,
    inputs,
  });
  return runAction({ env: process.env, core: workflow.core, cwd: s.git.dir, now: () => NOW, octokitPlugins: { retry: { enabled: false }, throttle: { enabled: false } } });
}

function bodiesOf(s: Scenario, method: string, path: string): Array<Record<string, unknown>> {
  return s.fake.apiRequests().filter((request) => request.method === method && request.path === path).map((request) => request.body as Record<string, unknown>);
}

function sarifAt(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

describe('a pull request from the same repository (mode: review)', () => {
  it('posts one check run and one review with the workflow token, the same as the app', async () => {
    const s = pullRequest();
    const outcome = await run(s);

    expect(s.fake.calls()).toEqual([
      ...CONFIG_READS,
      `POST ${REPO}/check-runs`,
      `GET ${REPO}/pulls/1/reviews`,
      'POST /graphql',
      `GET ${REPO}/pulls/1`,
      `POST ${REPO}/pulls/1/reviews`,
      `PATCH ${REPO}/check-runs/1000`,
    ]);
    expect(s.fake.apiRequests().every((request) => request.headers.authorization === 'token ghs_workflowtoken')).toBe(true);

    expect(bodiesOf(s, 'POST', `${REPO}/check-runs`)).toEqual([
      {
        name: 'Backend Expert',
        head_sha: s.head,
        external_id: '4242-1',
        status: 'in_progress',
        started_at: '2025-01-01T00:00:00.000Z',
        output: { title: 'Review in progress', summary: 'Current step: reading the change.' },
      },
    ]);

    const [review] = bodiesOf(s, 'POST', `${REPO}/pulls/1/reviews`);
    expect(Object.keys(review!).sort()).toEqual(['body', 'comments', 'commit_id', 'event']);
    expect({ commit_id: review!.commit_id, event: review!.event }).toEqual({ commit_id: s.head, event: 'COMMENT' });
    const comments = review!.comments as Array<Record<string, unknown>>;
    expect(comments.map(({ body, ...anchor }) => ({ ...anchor, heading: String(body).split('\n')[0], marker: parseFingerprintMarker(String(body))?.source }))).toEqual([
      { path: 'src/billing/stripe.ts', line: 3, side: 'RIGHT', heading: '**🔴 Critical · Credentials in code** — A Stripe key is written into the code', marker: 'static' },
      { path: 'src/server.ts', line: 8, side: 'RIGHT', heading: '**🔴 Critical · Injection through string-built queries** — SQL built from request input', marker: 'static' },
    ]);
    expect(parseReviewMarker(String(review!.body))).toEqual({ head: s.head, base: s.base, run: 'action-4242-1', fingerprints: [] });

    const [completed] = bodiesOf(s, 'PATCH', `${REPO}/check-runs/1000`);
    const output = completed!.output as { title: string; summary: string; annotations: Array<Record<string, unknown>> };
    expect({ status: completed!.status, conclusion: completed!.conclusion, completed_at: completed!.completed_at, title: output.title }).toEqual({
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2025-01-01T00:00:00.000Z',
      title: '2 findings (2 critical) · 1 route changed',
    });
    expect(output.annotations.map((annotation) => [annotation.path, annotation.start_line, annotation.annotation_level])).toEqual([
      ['src/billing/stripe.ts', 3, 'failure'],
      ['src/server.ts', 8, 'failure'],
    ]);
    expect(output.summary).toContain('**Posted:** 2 new inline comments, 0 listed in the review body');

    // The job summary is the check run's summary; no SARIF in review mode.
    expect(workflow!.summary()).toBe(`${output.summary}\n`);
    expect(outcome).toEqual({ conclusion: 'failure', findings: 2, published: true, failed: true });
    expect(workflow!.outputs()).toEqual({ conclusion: 'failure', findings: '2', 'sarif-file': '' });
    expect(workflow!.failures).toEqual([FAILURE_MESSAGE]);
    expect(existsSync(join(s.git.dir, 'backend-expert.sarif'))).toBe(false);
  });

  it('a second run on the same head posts no review again and keeps the gate', async () => {
    const s = pullRequest();
    await run(s);
    workflow!.restore();
    const from = s.fake.calls().length;
    await run(s);
    expect(s.fake.calls().slice(from)).toEqual([
      ...CONFIG_READS,
      `POST ${REPO}/check-runs`,
      `GET ${REPO}/pulls/1/reviews`,
      'POST /graphql',
      `GET ${REPO}/pulls/1`,
      `PATCH ${REPO}/check-runs/${s.fake.checkRuns[1]!.id}`,
    ]);
    expect(s.fake.reviews).toHaveLength(1);
    expect(s.fake.checkRuns.map((checkRun) => checkRun.conclusion)).toEqual(['failure', 'failure']);
    expect(s.fake.checkRuns[1]!.output.summary).toContain('2 already posted earlier');
  });

  it('passes, and does not fail the step, when the default branch configuration sets fail_on: never', async () => {
    const s = pullRequest();
    s.fake.repoConfig = 'fail_on: never\n';
    const outcome = await run(s);
    expect(outcome).toMatchObject({ conclusion: 'neutral', failed: false });
    expect(s.fake.checkRuns[0]!.conclusion).toBe('neutral');
    expect(workflow!.failures).toEqual([]);
    expect(workflow!.infos).toContain('Backend Expert: configuration from .github/backend-expert.yml on the default branch.');
  });

  it('reports failure without failing the step when fail-on-failure is false', async () => {
    const s = pullRequest();
    const outcome = await run(s, { 'fail-on-failure': 'false' });
    expect(outcome).toMatchObject({ conclusion: 'failure', failed: false });
    expect(workflow!.failures).toEqual([]);
    expect(workflow!.outputs().conclusion).toBe('failure');
  });

  it('completes the check run of a draft as skipped (skip_drafts), without reviewing', async () => {
    const s = pullRequest(CRITICAL_CHANGE, { draft: true });
    const outcome = await run(s);
    expect(outcome).toEqual({ conclusion: 'skipped', findings: 0, published: true, failed: false });
    expect(s.fake.calls()).toEqual([...CONFIG_READS, `POST ${REPO}/check-runs`]);
    expect(s.fake.checkRuns.map((checkRun) => [checkRun.status, checkRun.conclusion])).toEqual([['completed', 'skipped']]);
  });

  it('completes the check run naming the problem of an invalid configuration, then fails the step', async () => {
    const s = pullRequest();
    s.fake.repoConfig = 'fail_on: sometimes\n';
    await expect(run(s)).rejects.toThrow(/\.github\/backend-expert\.yml: fail_on: /);
    expect(s.fake.checkRuns.map((checkRun) => [checkRun.conclusion, checkRun.output.title])).toEqual([['neutral', 'Invalid configuration: .github/backend-expert.yml']]);
  });
});

describe('fallbacks where the workflow token cannot write', () => {
  it("a fork's pull request: no write to GitHub; the job summary and SARIF hold the review, and the log says so", async () => {
    const s = pullRequest(CRITICAL_CHANGE, { fork: true });
    const outcome = await run(s);
    const sarifFile = join(s.git.dir, 'backend-expert.sarif');

    expect(s.fake.calls()).toEqual(CONFIG_READS);
    expect(outcome).toEqual({ conclusion: 'failure', findings: 2, sarifFile, published: false, fallback: 'fork', failed: true });
    expect(workflow!.warnings).toEqual([
      'Pull request #1 comes from the fork forker/Hello-World: the workflow token cannot write to Codertocat/Hello-World, so no check run or review comments are posted. The review is in the job summary and the SARIF file backend-expert.sarif (upload it with github/codeql-action/upload-sarif).',
    ]);
    const summary = workflow!.summary().split('\n');
    expect(summary.slice(0, 4)).toEqual([
      '> [!NOTE]',
      '> No check run or review comments were posted: pull request #1 comes from a fork, where the workflow token cannot write. This summary and the SARIF file hold the review.',
      '',
      '## ❌ Findings at or above the failure threshold',
    ]);
    expect(workflow!.summary()).toContain('`src/server.ts:8` — SQL built from request input (`injection/sql-string-built`)');

    const log = sarifAt(sarifFile) as { runs: Array<{ results: Array<{ ruleId: string }>; versionControlProvenance: unknown }> };
    expect([sarifSchemaErrors(log), codeScanningErrors(log)]).toEqual([[], []]);
    expect(log.runs[0]!.results.map((result) => result.ruleId)).toEqual(['secrets/hardcoded-credential', 'injection/sql-string-built']);
    expect(log.runs[0]!.versionControlProvenance).toEqual([{ repositoryUri: 'https://github.com/Codertocat/Hello-World', revisionId: s.head }]);
    expect(workflow!.outputs()).toEqual({ conclusion: 'failure', findings: '2', 'sarif-file': sarifFile });
    expect(workflow!.failures).toEqual(['Backend Expert: conclusion failure (findings at or above fail_on: critical). See the job summary.']);
  });

  it("pull_request_target on a fork's pull request: the token can write, so the review is posted", async () => {
    const s = pullRequest(CRITICAL_CHANGE, { fork: true });
    const outcome = await run(s, {}, { name: 'pull_request_target', payload: { action: 'opened', number: 1, pull_request: s.fake.pullJson(s.pull) } });
    expect(outcome).toMatchObject({ conclusion: 'failure', published: true });
    expect(outcome.fallback).toBeUndefined();
    expect([s.fake.checkRuns.length, s.fake.reviews.length]).toEqual([1, 1]);
  });

  it('a 403 on the review (no pull-requests: write): the check run still completes, and the log names the permission', async () => {
    const s = pullRequest();
    s.fake.override('POST', /\/pulls\/1\/reviews$/, () => [403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request' }]);
    const outcome = await run(s);
    expect(outcome).toMatchObject({ conclusion: 'failure', published: true, failed: true });
    expect(s.fake.checkRuns.map((checkRun) => [checkRun.status, checkRun.conclusion])).toEqual([['completed', 'failure']]);
    expect(workflow!.warnings).toEqual([
      'Backend Expert could not post the review (Resource not accessible by integration - https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request): give the job `permissions: pull-requests: write`. The findings are in the check run and the job summary.',
    ]);
  });

  it('a 403 "Resource not accessible by integration" on the check run: the same fallback, naming the permissions', async () => {
    const s = pullRequest();
    s.fake.override('POST', /\/check-runs$/, () => [403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run' }]);
    const outcome = await run(s, { 'sarif-file': 'reports/be.sarif' });
    expect(s.fake.calls()).toEqual([...CONFIG_READS, `POST ${REPO}/check-runs`]);
    expect(outcome).toMatchObject({ published: false, fallback: 'forbidden', sarifFile: join(s.git.dir, 'reports/be.sarif') });
    expect(workflow!.warnings).toEqual([
      'The workflow token may not create check runs in Codertocat/Hello-World (403 Resource not accessible by integration): give the job `permissions: checks: write, pull-requests: write`. The review is in the job summary and the SARIF file reports/be.sarif (upload it with github/codeql-action/upload-sarif).',
    ]);
    expect(workflow!.summary().split('\n')[1]).toBe('> No check run or review comments were posted: the workflow token may not create check runs here. This summary and the SARIF file hold the review.');
    expect(sarifSchemaErrors(sarifAt(join(s.git.dir, 'reports/be.sarif')))).toEqual([]);
  });
});

describe('modes', () => {
  it('mode: sarif writes only the SARIF file (and the job summary): nothing is posted', async () => {
    const s = pullRequest();
    const outcome = await run(s, { mode: 'sarif' });
    const sarifFile = join(s.git.dir, 'backend-expert.sarif');
    expect(s.fake.calls()).toEqual(CONFIG_READS);
    expect(outcome).toEqual({ conclusion: 'failure', findings: 2, sarifFile, published: false, failed: true });
    const log = sarifAt(sarifFile);
    expect([sarifSchemaErrors(log), codeScanningErrors(log)]).toEqual([[], []]);
    expect(workflow!.outputs()['sarif-file']).toBe(sarifFile);
    expect(workflow!.summary().startsWith('## ❌ Findings at or above the failure threshold')).toBe(true);
  });

  it('mode: both posts the check run and the review, and writes SARIF', async () => {
    const s = pullRequest();
    const outcome = await run(s, { mode: 'both' });
    expect(outcome).toMatchObject({ published: true, sarifFile: join(s.git.dir, 'backend-expert.sarif') });
    expect(s.fake.reviews).toHaveLength(1);
    expect(s.fake.checkRuns.map((checkRun) => checkRun.conclusion)).toEqual(['failure']);
    expect(existsSync(join(s.git.dir, 'backend-expert.sarif'))).toBe(true);
  });

  it('refuses an unknown mode', async () => {
    const s = pullRequest();
    await expect(run(s, { mode: 'comments' })).rejects.toThrow("input 'mode' must be one of review, sarif, both (got 'comments')");
    expect(s.fake.calls()).toEqual([]);
  });
});

describe('the workflow around the step', () => {
  it('fails with a clear message when the checkout lacks the base commit (no fetch-depth: 0)', async () => {
    const s = pullRequest();
    const payload = { number: 1, pull_request: { ...s.fake.pullJson(s.pull), base: { sha: 'f'.repeat(40), ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } } };
    await expect(run(s, {}, { name: 'pull_request', payload })).rejects.toThrow(
      `The base commit ${'f'.repeat(40)} of pull request #1 is not in the checkout. Check the repository out with actions/checkout and \`fetch-depth: 0\` before this step, so that the base and head commits of the pull request and their history are there.`,
    );
    expect(s.fake.calls()).toEqual([]);
  });

  it('says there is nothing to review on an event without a pull request', async () => {
    const s = pullRequest();
    const outcome = await run(s, {}, { name: 'push', payload: { ref: 'refs/heads/main' } });
    expect(outcome).toEqual({ conclusion: 'skipped', findings: 0, published: false, failed: false });
    expect(workflow!.warnings).toEqual(["Backend Expert reviews pull requests: the 'push' event has none. Run this step on pull_request."]);
    expect(workflow!.outputs()).toEqual({ conclusion: 'skipped', findings: '0', 'sarif-file': '' });
    expect(s.fake.calls()).toEqual([]);
  });

  it('uses the config input, read at the base commit, when the default branch has no configuration', async () => {
    const s = new Scenario({ base: { ...SERVICE_BASE, 'ci/backend-expert.yml': 'fail_on: never\n' }, head: { ...CRITICAL_CHANGE, 'ci/backend-expert.yml': 'fail_on: info\n' } });
    scenario = s;
    const outcome = await run(s, { config: 'ci/backend-expert.yml' });
    // The pull request's own edit (fail_on: info) does not apply: the base commit's file does.
    expect(outcome).toMatchObject({ conclusion: 'neutral', failed: false });
    expect(workflow!.infos).toContain('Backend Expert: configuration from ci/backend-expert.yml.');
  });
});
