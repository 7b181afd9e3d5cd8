import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import type { TempGitRepo } from '../helpers/temp-git-repo.js';
import { routesContractErrors } from './helpers/schemas.js';
import { CRITICAL_CHANGE, samplePullRequest } from './helpers/sample-repos.js';

describe('backend-expert routes', () => {
  let repo: TempGitRepo;
  let base: string;
  let head: string;
  beforeAll(() => {
    ({ repo, base, head } = samplePullRequest(CRITICAL_CHANGE));
  });
  afterAll(() => repo.remove());

  it('json: {version, ref, routes} with every route of HEAD and no `change`', async () => {
    const run = await runCliInProcess(['routes', '--format', 'json'], { cwd: repo.dir });
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(routesContractErrors(doc)).toEqual([]);
    expect(doc).toEqual({
      version: 1,
      ref: head,
      routes: [
        { method: 'GET', path: '/api/users', file: 'src/server.ts', line: 7, framework: 'express' },
        { method: 'GET', path: '/health', file: 'src/server.ts', line: 6, framework: 'express' },
      ],
      skipped: [],
    });
    expect(run.stderr).toBe('');
  });

  it('json at --ref: the tree of that commit, read from git (not the work tree)', async () => {
    const run = await runCliInProcess(['routes', '--repo', repo.dir, '--ref', 'main', '--format', 'json'], { cwd: '/' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ version: 1, ref: base, routes: [{ method: 'GET', path: '/health', file: 'src/server.ts', line: 6, framework: 'express' }], skipped: [] });
  });

  it('text: one route a line, the count on standard error', async () => {
    const run = await runCliInProcess(['routes'], { cwd: repo.dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('GET    /api/users  src/server.ts:7 (express)\nGET    /health  src/server.ts:6 (express)\n');
    expect(run.stderr).toBe(`2 routes at ${head.slice(0, 12)}\n`);
  });
});
