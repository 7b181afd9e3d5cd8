import { afterEach, describe, expect, it } from '@jest/globals';
import { changesSince } from '../../src/adapters/github/changes-since.js';
import { contractViolations } from './helpers/openapi-contract.js';
import { Scenario } from './helpers/scenario.js';
import { testOctokit } from './helpers/test-octokit.js';

let scenario: Scenario;
afterEach(() => {
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
});

const repository = { owner: 'Codertocat', repo: 'Hello-World' };

describe('changesSince', () => {
  it('gives the lines added since an ancestor head', async () => {
    scenario = new Scenario({ base: { 'a.txt': 'one\n' }, head: { 'a.txt': 'one\ntwo\n' } });
    const since = scenario.head;
    scenario.push({ 'a.txt': 'zero\none\ntwo\nthree\n', 'b.txt': 'new\n' });
    const changes = await changesSince(testOctokit(), repository, since, scenario.head);
    expect(changes.kind === 'incremental' ? [...changes.addedLines].map(([path, lines]) => [path, [...lines]]) : changes).toEqual([
      ['a.txt', [1, 4]],
      ['b.txt', [1]],
    ]);
  });

  it('falls back to a full review after a force-push, for an unknown commit, and at the compare API\'s 300-file cap', async () => {
    scenario = new Scenario({ base: { 'a.txt': 'one\n' }, head: { 'a.txt': 'one\ntwo\n' } });
    const old = scenario.head;
    scenario.forcePush({ 'a.txt': 'one\ntwo\n' });
    expect(await changesSince(testOctokit(), repository, old, scenario.head)).toEqual({ kind: 'full', reason: 'force-push' });
    expect(await changesSince(testOctokit(), repository, 'f'.repeat(40), scenario.head)).toEqual({ kind: 'full', reason: 'unknown-commit' });
    scenario.fake.override('GET', /\/compare\//, () => [200, { status: 'ahead', merge_base_commit: { sha: old }, files: Array.from({ length: 300 }, (_, index) => ({ filename: `f${index}`, status: 'added', changes: 1, patch: '@@ -0,0 +1 @@\n+x' })) }]);
    expect(await changesSince(testOctokit(), repository, old, scenario.head)).toEqual({ kind: 'full', reason: 'too-many-files' });
  });
});
