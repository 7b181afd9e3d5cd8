import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import type { TempGitRepo } from '../helpers/temp-git-repo.js';
import { CRITICAL_CHANGE, DOCS_CHANGE, samplePullRequest } from './helpers/sample-repos.js';

describe('exit status', () => {
  let failing: TempGitRepo;
  let passing: TempGitRepo;
  let outside: string;
  beforeAll(() => {
    failing = samplePullRequest(CRITICAL_CHANGE).repo;
    passing = samplePullRequest(DOCS_CHANGE).repo;
    outside = mkdtempSync(join(tmpdir(), 'be-not-a-repo-'));
  });
  afterAll(() => {
    failing.remove();
    passing.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  it('is 0 when the conclusion is not failure and 1 when it is, whatever the format', async () => {
    const statuses: Record<string, number[]> = {};
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      statuses[format] = [
        (await runCliInProcess(['review', '--offline', '--format', format], { cwd: passing.dir })).status,
        (await runCliInProcess(['review', '--offline', '--format', format], { cwd: failing.dir })).status,
      ];
    }
    expect(statuses).toEqual({ text: [0, 1], json: [0, 1], sarif: [0, 1], markdown: [0, 1] });
  });

  it.each([
    ['review with an unknown format', ['review', '--format', 'xml'], "backend-expert: --format must be one of text, json, sarif, markdown (got 'xml')"],
    ['routes with a review-only format', ['routes', '--format', 'sarif'], "backend-expert: --format must be one of text, json (got 'sarif')"],
    // node:util's parse errors (checked word for word through the real bin in bin.test.ts: in jest's VM
    // realm they are not `instanceof TypeError`, so main.ts prefixes them "internal error").
    ['an unknown option', ['review', '--verbose'], /^backend-expert: .*Unknown option '--verbose'/],
    ['a positional argument', ['routes', 'src'], /^backend-expert: .*Unexpected argument 'src'/],
    ['an option without its value', ['review', '--base'], /^backend-expert: .*Option '--base <value>' argument missing/],
    ['an unknown command', ['deploy'], "backend-expert: unknown command 'deploy' (try 'backend-expert help')"],
    ['an unknown base', ['review', '--base', 'no-such-branch'], "backend-expert: unknown revision 'no-such-branch'"],
    ['an unknown head', ['review', '--head', 'deadbeef'], "backend-expert: unknown revision 'deadbeef'"],
    ['an unknown ref for routes', ['routes', '--ref', 'v9.9.9'], "backend-expert: unknown revision 'v9.9.9'"],
    ['a config file that does not exist', ['review', '--config', '/nonexistent/backend-expert.yml'], 'backend-expert: cannot read config /nonexistent/backend-expert.yml: ENOENT'],
  ])('is 2 with one line on stderr for %s', async (_name, argv, message) => {
    const run = await runCliInProcess(argv, { cwd: failing.dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    if (typeof message === 'string') expect(run.stderr).toBe(`${message}\n`);
    else expect(run.stderr).toMatch(message);
  });

  it.each([
    ['review in a folder that is not a git repository', (dir: string) => ['review'], (dir: string) => dir],
    ['routes in a folder that is not a git repository', (_dir: string) => ['routes'], (dir: string) => dir],
    ['review --repo naming a folder that does not exist', (dir: string) => ['review', '--repo', join(dir, 'missing')], () => '/'],
    ['routes --repo naming a folder that is not a repository', (dir: string) => ['routes', '--repo', dir, '--format', 'json'], () => '/'],
  ])('is 2 with one line on stderr for %s', async (_name, argv, cwd) => {
    const run = await runCliInProcess(argv(outside), { cwd: cwd(outside) });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^backend-expert: .+ is not a git repository \(.+\)\n$/);
  });

  it('is 2 for no command at all, with the usage on stderr', async () => {
    const run = await runCliInProcess([], { cwd: failing.dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('backend-expert review [--repo DIR]');
  });
});
