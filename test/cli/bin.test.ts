import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TempGitRepo } from '../helpers/temp-git-repo.js';
import { reviewContractErrors } from './helpers/schemas.js';
import { CRITICAL_CHANGE, samplePullRequest } from './helpers/sample-repos.js';

/** The installed command: bin/backend-expert.js runs the compiled CLI in dist/ (built by `npm ci` through `prepare`). */
const BIN = fileURLToPath(new URL('../../bin/backend-expert.js', import.meta.url));
const DIST_CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function runBin(args: string[], cwd: string): Promise<Run> {
  // A clean environment: no model key (the review is offline and says so), no colour settings.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

describe('the backend-expert bin, run as a process', () => {
  let repo: TempGitRepo;
  let head: string;
  beforeAll(() => {
    if (!existsSync(DIST_CLI)) throw new Error(`${DIST_CLI} is missing: run \`npm run build\` first`);
    ({ repo, head } = samplePullRequest(CRITICAL_CHANGE));
  });
  afterAll(() => repo?.remove());

  it('review --format json: standard output holds exactly one JSON document, the offline notice goes to stderr', async () => {
    const run = await runBin(['review', '--format', 'json'], repo.dir);
    expect(run.status).toBe(1);
    // JSON.parse refuses anything before or after the one document (a second document, a log line).
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(reviewContractErrors(doc)).toEqual([]);
    expect(doc).toMatchObject({ version: 1, head, conclusion: 'failure' });
    expect(run.stdout.trimStart().startsWith('{')).toBe(true);
    expect(run.stdout.endsWith('}\n')).toBe(true);
    expect(run.stderr).toBe('backend-expert: reviewing offline (no ANTHROPIC_API_KEY set)\n');
  }, 60_000);

  it.each([
    [['review', '--verbose'], "backend-expert: Unknown option '--verbose'"],
    [['routes', '--ref', 'nope'], "backend-expert: unknown revision 'nope'"],
  ])('%j exits 2 with exactly one line on stderr', async (args, line) => {
    const run = await runBin(args, repo.dir);
    expect(run).toEqual({ status: 2, stdout: '', stderr: `${line}\n` });
  }, 60_000);
});
