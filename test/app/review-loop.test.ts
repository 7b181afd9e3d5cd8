import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestApp } from '../github/helpers/test-app.js';
import { Scenario } from '../github/helpers/scenario.js';
import { pullRequestPayload } from '../github/helpers/webhook-payloads.js';
import { markerAgent } from '../github/helpers/fake-agent.js';
import { contractViolations } from '../github/helpers/openapi-contract.js';

let scenario: Scenario | undefined;
afterEach(() => {
  if (scenario) {
    expect(scenario.fake.unhandled).toEqual([]);
    expect(contractViolations(scenario.fake.requests)).toEqual([]);
    scenario.cleanup();
  }
  scenario = undefined;
});

describe('the review loop', () => {
  it('smoke', async () => {
    scenario = new Scenario({ base: { 'notes/a.txt': 'one\ntwo\n' }, head: { 'notes/a.txt': 'one\ntwo PROBLEM\nthree\n' } });
    const app = await createTestApp({ agentFactory: () => markerAgent(), now: () => new Date('2025-01-01T00:00:00Z') });
    await app.deliver('pull_request', pullRequestPayload('opened', { headSha: scenario.head, baseSha: scenario.base }));
    await app.queue.drain();
    console.log(app.queue.errors, scenario.fake.calls(), JSON.stringify(scenario.fake.checkRuns, null, 1), JSON.stringify(scenario.fake.reviews, null, 1));
  });
});
