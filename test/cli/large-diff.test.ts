import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import type { TempGitRepo } from '../helpers/temp-git-repo.js';
import { reviewContractErrors, sarifSchemaErrors, codeScanningErrors } from './helpers/schemas.js';
import { samplePullRequest } from './helpers/sample-repos.js';

const FILES = 300;
const LINES_PER_FILE = 100;

/** A module of LINES_PER_FILE lines: an Express router with one route, then plain functions. */
function moduleText(index: number): string {
  const lines = [
    "import { Router } from 'express';",
    '',
    'export const router = Router();',
    `router.get('/v1/items-${index}', (_req, res) => res.json({ id: ${index} }));`,
    '',
  ];
  for (let i = lines.length; i < LINES_PER_FILE; i++) lines.push(`export function f${index}_${i}(x: number): number { return x * ${i} + ${index}; }`);
  return `${lines.join('\n')}\n`;
}

describe('review of a very large pull request', () => {
  let repo: TempGitRepo;
  beforeAll(() => {
    const change: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) change[`src/modules/m${String(i).padStart(3, '0')}.ts`] = moduleText(i);
    ({ repo } = samplePullRequest(change));
  });
  afterAll(() => repo.remove());

  it(`reviews ${FILES} files and ${FILES * LINES_PER_FILE} added lines: completes, one valid document, a sane exit status`, async () => {
    const run = await runCliInProcess(['review', '--offline', '--format', 'json'], { cwd: repo.dir });
    expect([0, 1]).toContain(run.status);
    const doc = JSON.parse(run.stdout) as { stats: Record<string, number>; routes: Array<{ change: string }>; conclusion: string };
    expect(reviewContractErrors(doc)).toEqual([]);
    expect(doc.stats).toMatchObject({ filesChanged: FILES, filesReviewed: FILES, linesAdded: FILES * LINES_PER_FILE, linesReviewed: FILES * LINES_PER_FILE });
    // The routers are never mounted on an app, so each route stays at its own path; the health route is unchanged.
    expect(doc.routes.filter((route) => route.change === 'added')).toHaveLength(FILES);
    expect(run.status).toBe(doc.conclusion === 'failure' ? 1 : 0);
  }, 120_000);

  it('prints SARIF that stays valid at this size', async () => {
    const run = await runCliInProcess(['review', '--offline', '--format', 'sarif'], { cwd: repo.dir });
    const log = JSON.parse(run.stdout) as unknown;
    expect([sarifSchemaErrors(log), codeScanningErrors(log)]).toEqual([[], []]);
  }, 120_000);
});
