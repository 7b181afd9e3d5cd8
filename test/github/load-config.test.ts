import { afterEach, describe, expect, it } from '@jest/globals';
import { loadTrustedConfig } from '../../src/adapters/github/load-config.js';
import { ConfigError } from '../../src/core/config/parse-config.js';
import { defaultConfig } from '../../src/core/config/schema.js';
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
const REPO_FILE = 'GET /repos/Codertocat/Hello-World/contents/.github/backend-expert.yml';
const ORG_FILE = 'GET /repos/Codertocat/.github/contents/.github/backend-expert.yml';

function start(): void {
  scenario = new Scenario({ base: { 'a.txt': 'a\n' }, head: { 'a.txt': 'b\n' } });
}

async function configError(): Promise<ConfigError> {
  try {
    await loadTrustedConfig(testOctokit(), repository);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadTrustedConfig', () => {
  it('uses the defaults when neither the repository nor the owner has a file', async () => {
    start();
    expect(await loadTrustedConfig(testOctokit(), repository)).toEqual({ config: defaultConfig(), file: '.github/backend-expert.yml', found: false });
    expect(scenario.fake.calls()).toEqual([REPO_FILE, ORG_FILE]);
    // From the default branch: no ref, raw media type.
    expect(scenario.fake.apiRequests().map((request) => [request.query, request.headers.accept])).toEqual([
      [{}, 'application/vnd.github.v3.raw'],
      [{}, 'application/vnd.github.v3.raw'],
    ]);
  });

  it('reads the repository file and validates it', async () => {
    start();
    scenario.fake.repoConfig = 'fail_on: high\nmax_comments: 5\n';
    const { config, found } = await loadTrustedConfig(testOctokit(), repository);
    expect({ fail_on: config.fail_on, max_comments: config.max_comments, found }).toEqual({ fail_on: 'high', max_comments: 5, found: true });
    expect(scenario.fake.calls()).toEqual([REPO_FILE]);
  });

  it('falls back to the owner\'s .github repository', async () => {
    start();
    scenario.fake.orgConfig = 'review_event: REQUEST_CHANGES\n';
    const loaded = await loadTrustedConfig(testOctokit(), repository);
    expect({ event: loaded.config.review_event, file: loaded.file }).toEqual({ event: 'REQUEST_CHANGES', file: 'Codertocat/.github:.github/backend-expert.yml' });
  });

  it('merges _extends with the repository file winning key by key', async () => {
    start();
    scenario.fake.repoConfig = '_extends: .github\nagent:\n  gate: true\n';
    scenario.fake.orgConfig = 'fail_on: medium\nagent:\n  max_calls: 2\n';
    const { config } = await loadTrustedConfig(testOctokit(), repository);
    expect({ fail_on: config.fail_on, gate: config.agent.gate, max_calls: config.agent.max_calls }).toEqual({ fail_on: 'medium', gate: true, max_calls: 2 });
  });

  it('names the file, the key and the problem of an invalid configuration', async () => {
    start();
    scenario.fake.repoConfig = 'max_comments: 500\nunknown_key: 1\n';
    const error = await configError();
    expect(error.file).toBe('.github/backend-expert.yml');
    expect(error.problems.map((problem) => problem.key)).toEqual(['max_comments', '']);
    expect(error.message.includes('unknown key "unknown_key"')).toBe(true);
  });

  it('reports unparsable YAML as a configuration error with its line', async () => {
    start();
    scenario.fake.repoConfig = 'fail_on: high\nfail_on: low\n';
    const error = await configError();
    expect(error.file).toBe('.github/backend-expert.yml');
    expect(error.problems.map((problem) => ({ key: problem.key, line: problem.line }))).toEqual([{ key: '', line: 2 }]);
  });
});
