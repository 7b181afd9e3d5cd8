import nock from 'nock';
import type { Probot } from 'probot';
import { createApp } from '../src/app/create-app.js';
import type { AgentReviewer } from '../src/core/agent/types.js';
import { markerAgent } from '../test/github/helpers/fake-agent.js';
import { FakeGitHub } from '../test/github/helpers/fake-github.js';
import { GitFixture } from '../test/github/helpers/git-fixture.js';
import { TestQueue } from '../test/github/helpers/test-queue.js';
import { REPOSITORY, pullRequestPayload } from '../test/github/helpers/webhook-payloads.js';
import { benchProbot } from './bench-probot.js';
import { peakMemoryMb, summarise, timeMs, type BenchRow, type BenchTable } from './harness.js';

/** GitHub answers the diff media type with 406 above 300 files (or 20,000 lines); the app then pages the file list. */
const DIFF_MAX_FILES = 300;
const DIFF_MAX_LINES = 20_000;

interface CellResult {
  files: number;
  findings: number;
  /** `METHOD /path` of every API request of one review, in order. */
  calls: string[];
  naive: number;
  times: number[];
  peak: number;
}

/**
 * GitHub API calls per review, counted through nock: the real app (createApp, the webhook handler and
 * the queue's review job) runs against the test suite's fake GitHub (a real git repository behind
 * nock), for PRs of several sizes and finding counts; findings come from the marker agent, one per
 * added line carrying the marker. Baseline: the naive reporter that posts one review comment and one
 * check-run update per finding on top of the same base calls.
 */
export async function benchGitHubCalls(options: { files: readonly number[]; findings: readonly number[]; runs: number }): Promise<BenchTable> {
  const results: CellResult[] = [];
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  try {
    for (const files of options.files) {
      for (const findings of options.findings) results.push(await measureCell(files, findings, options.runs));
    }
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
  }

  const rows: BenchRow[] = results.map((cell) => {
    const time = summarise(cell.times);
    const withoutFindings = results.find((other) => other.files === cell.files && other.findings === 0);
    return {
      name: `${cell.files} file${cell.files === 1 ? '' : 's'}, ${cell.findings} finding${cell.findings === 1 ? '' : 's'}`,
      figure: `${cell.calls.length} calls`,
      baseline: `${cell.naive} calls`,
      ratio: cell.calls.length / cell.naive,
      spread: `same calls in ${time.runs} run${time.runs === 1 ? '' : 's'}; review ${time.min.toFixed(0)}–${time.max.toFixed(0)} ms`,
      target: cell.findings > 0 && withoutFindings ? `≤ ${withoutFindings.calls.length + 2} (0 findings + 2)` : '—',
      peakMemoryMb: cell.peak,
      values: { ours: cell.calls.length, naive: cell.naive, findings: cell.findings, files: cell.files },
    };
  });
  const largest = results.reduce((best, cell) => (cell.files * 1000 + cell.findings > best.files * 1000 + best.findings ? cell : best), results[0]!);
  return {
    title: 'GitHub API calls per review',
    description:
      'The real app (webhook handler → queue → review job) against the test suite\'s fake GitHub behind nock (every API request intercepted and counted; the archive downloads GitHub redirects to codeload are not API calls and not counted); ' +
      `GitHub's refusal of the diff media type above ${DIFF_MAX_FILES} files is reproduced. Findings come from a stand-in agent (one per marked added line). ` +
      'Baseline, the naive reporter: the same base calls, then one `pulls.createReviewComment` and one `checks.update` per finding (and one update completing the run).',
    rows,
    notes: [
      matrix(results, options.files, options.findings),
      `Calls of one review at ${largest.files} files and ${largest.findings} findings, by endpoint: ${byEndpoint(largest.calls)}.`,
      'The first call mints an installation token: a long-running app reuses it for an hour, so a typical review makes one call fewer. ' +
        'Our count grows only with pages: the file list above 300 files (100 per page) and check-run annotations (50 per request, at most 100 per run; the rest are in the summary).',
    ],
  };
}

async function measureCell(files: number, findings: number, runs: number): Promise<CellResult> {
  const git = new GitFixture();
  try {
    const base = git.commit({ 'README.md': '# notes service\n' }, 'base');
    git.checkout('feature', base);
    const head = git.commit(changedFiles(files, findings), 'feature');
    let calls: string[] | undefined;
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      let current: string[] = [];
      let produced = 0;
      times.push(
        await timeMs(async () => {
          ({ calls: current, produced } = await reviewOnce(git, base, head, files));
        }),
      );
      if (produced !== findings) throw new Error(`bench: expected ${findings} findings, the review produced ${produced}`);
      if (calls && calls.join('\n') !== current.join('\n')) throw new Error(`bench: the calls of ${files} files / ${findings} findings differ between runs`);
      calls = current;
    }
    const base0 = calls!.filter((call) => !isReviewPost(call) && !isCheckRunUpdate(call)).length;
    return { files, findings, calls: calls!, naive: base0 + 1 + 2 * findings, times, peak: peakMemoryMb() };
  } finally {
    git.remove();
  }
}

/** One review of the PR by a fresh app against a fresh fake GitHub; the calls it made. */
async function reviewOnce(git: GitFixture, base: string, head: string, files: number): Promise<{ calls: string[]; produced: number }> {
  const fake = new FakeGitHub(git, REPOSITORY.owner, REPOSITORY.repo, REPOSITORY.id);
  fake.addPull({ number: 1, head: { sha: head, ref: 'feature' }, base: { sha: base, ref: 'main' } });
  fake.override(
    'GET',
    /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+$/,
    (request) => {
      if ((request.headers.accept ?? '').includes('diff') && (files > DIFF_MAX_FILES || lineCount(git, base, head) > DIFF_MAX_LINES)) {
        return [406, { message: 'Sorry, the diff exceeded the maximum number of files (300).', errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }] }];
      }
      return fake.route(request);
    },
    Number.POSITIVE_INFINITY,
  );
  fake.install();
  try {
    const queue = new TestQueue();
    let produced = 0;
    const marker = markerAgent();
    const agent: AgentReviewer = {
      async review(input) {
        const output = await marker.review(input);
        produced = output.findings.length;
        return output;
      },
    };
    const probot: Probot = benchProbot();
    await probot.load(createApp({ queue, agentFactory: () => agent }));
    const payload = pullRequestPayload('opened', { headSha: head, baseSha: base });
    await probot.receive({ id: 'bench-delivery-1', name: 'pull_request', payload } as unknown as Parameters<Probot['receive']>[0]);
    await queue.drain();
    if (queue.errors.length > 0) throw new Error(`bench: the review job failed: ${String(queue.errors[0])}`);
    if (fake.unhandled.length > 0) throw new Error(`bench: the fake GitHub could not answer ${fake.unhandled[0]!.method} ${fake.unhandled[0]!.path}`);
    const run = fake.checkRuns[0];
    if (!run || run.status !== 'completed') throw new Error('bench: the review did not complete its check run');
    return { calls: fake.calls(), produced };
  } finally {
    nock.cleanAll();
  }
}

const lineCounts = new Map<string, number>();

/** Changed lines of the PR's diff, as GitHub counts them for its 20,000-line limit. */
function lineCount(git: GitFixture, base: string, head: string): number {
  const key = `${base}..${head}`;
  let count = lineCounts.get(key);
  if (count === undefined) {
    count = git.diff(base, head).split('\n').filter((line) => (line.startsWith('+') || line.startsWith('-')) && !line.startsWith('+++') && !line.startsWith('---')).length;
    lineCounts.set(key, count);
  }
  return count;
}

/** `files` new text files with `findings` marked lines spread round-robin over them. */
function changedFiles(files: number, findings: number): Record<string, string> {
  const result: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    const marked = Math.floor(findings / files) + (i < findings % files ? 1 : 0);
    const lines = [`# Note ${i}`, '', `Entry ${i} describes one part of the service.`];
    for (let k = 0; k < marked; k++) lines.push(`Step ${k}: this PROBLEM needs attention.`);
    lines.push('End of note.');
    result[`notes/note-${String(i).padStart(4, '0')}.md`] = `${lines.join('\n')}\n`;
  }
  return result;
}

function isReviewPost(call: string): boolean {
  return call.startsWith('POST ') && call.endsWith('/reviews');
}

function isCheckRunUpdate(call: string): boolean {
  return call.startsWith('PATCH ') && call.includes('/check-runs/');
}

/** `METHOD /path` with the repository, SHAs, numbers and file paths replaced by placeholders. */
function endpointOf(call: string): string {
  return call
    .replace(`/repos/${REPOSITORY.owner}/${REPOSITORY.repo}`, '/repos/{owner}/{repo}')
    .replace(`/repos/${REPOSITORY.owner}/.github`, '/repos/{owner}/.github')
    .replace(/[0-9a-f]{40}/g, '{sha}')
    .replace(/\/contents\/.+$/, '/contents/{path}')
    .replace(/\/\d+(?=\/|$)/g, '/{n}');
}

function byEndpoint(calls: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(endpointOf(call), (counts.get(endpointOf(call)) ?? 0) + 1);
  return [...counts].map(([endpoint, count]) => `\`${endpoint}\` ×${count}`).join(', ');
}

function matrix(results: readonly CellResult[], files: readonly number[], findings: readonly number[]): string {
  const lines = [
    'Calls per review, ours / naive:',
    '',
    `| files \\ findings | ${findings.join(' | ')} |`,
    `| --- | ${findings.map(() => '---').join(' | ')} |`,
  ];
  for (const f of files) {
    const cells = findings.map((n) => {
      const cell = results.find((result) => result.files === f && result.findings === n)!;
      return `${cell.calls.length} / ${cell.naive}`;
    });
    lines.push(`| ${f} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
