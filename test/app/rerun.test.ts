import { afterEach, describe, expect, it } from '@jest/globals';
import { markerAgent } from '../github/helpers/fake-agent.js';
import { contractViolations } from '../github/helpers/openapi-contract.js';
import { Scenario } from '../github/helpers/scenario.js';
import { createTestApp, type TestApp } from '../github/helpers/test-app.js';
import { checkRunPayload, checkSuitePayload, pullRequestPayload } from '../github/helpers/webhook-payloads.js';

const REPO = '/repos/Codertocat/Hello-World';
const NOW = new Date('2025-01-01T00:00:00Z');

let scenario: Scenario | undefined;
afterEach(() => {
  if (!scenario) return;
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
  scenario = undefined;
});

async function reviewedOnce(): Promise<{ s: Scenario; testApp: TestApp }> {
  const s = new Scenario({ base: { 'notes/a.txt': 'one\n' }, head: { 'notes/a.txt': 'one\ntwo PROBLEM\n' } });
  scenario = s;
  const testApp = await createTestApp({ agentFactory: () => markerAgent(), now: () => NOW });
  await testApp.deliver('pull_request', pullRequestPayload('opened', { headSha: s.head, baseSha: s.base }));
  await testApp.queue.drain();
  return { s, testApp };
}

describe('re-runs from the Checks tab', () => {
  it('check_run.rerequested starts a new full review of that head in a new check run', async () => {
    const { s, testApp } = await reviewedOnce();
    const before = s.fake.requests.length;
    await testApp.deliver('check_run', checkRunPayload('rerequested', { headSha: s.head, pullNumbers: [1] }), 'rerun-1');
    expect(s.fake.requests.length).toBe(before);
    expect(testApp.queue.enqueued.at(-1)?.job).toEqual({
      installationId: 1,
      owner: 'Codertocat',
      repo: 'Hello-World',
      pullNumber: 1,
      headSha: s.head,
      trigger: 'rerequest',
      deliveryId: 'rerun-1',
      full: true,
    });
    await testApp.queue.drain();
    expect(s.fake.checkRuns.map((run) => [run.head_sha, run.status, run.conclusion])).toEqual([
      [s.head, 'completed', 'success'],
      [s.head, 'completed', 'success'],
    ]);
    // The finding was posted by the first run: the re-run does not repeat it.
    expect(s.fake.reviews.length).toBe(1);
  });

  it('a re-run of a fork PR (no pull_requests in the event) finds the PR by its head SHA', async () => {
    const { s, testApp } = await reviewedOnce();
    s.pull.head.repoFullName = 'someone/Hello-World';
    const before = s.fake.apiRequests().length;
    await testApp.deliver('check_run', checkRunPayload('rerequested', { headSha: s.head, pullNumbers: [] }));
    expect(s.fake.calls().slice(before)).toEqual([`GET ${REPO}/commits/${s.head}/pulls`, `GET ${REPO}/pulls`]);
    expect(s.fake.apiRequests().at(-1)?.query).toEqual({ state: 'open', per_page: '100' });
    expect(testApp.queue.enqueued.at(-1)?.job.pullNumber).toBe(1);
  });

  it('check_suite.rerequested re-runs the review of each PR of the suite', async () => {
    const { s, testApp } = await reviewedOnce();
    await testApp.deliver('check_suite', checkSuitePayload({ headSha: s.head, pullNumbers: [1] }));
    expect(testApp.queue.enqueued.map((entry) => entry.job.trigger)).toEqual(['pull_request', 'rerequest']);
    await testApp.queue.drain();
    expect(s.fake.checkRuns.length).toBe(2);
  });

  it('the "Re-run review" button starts a review; other actions and other checks do not', async () => {
    const { s, testApp } = await reviewedOnce();
    await testApp.deliver('check_run', checkRunPayload('requested_action', { headSha: s.head, pullNumbers: [1], identifier: 'something-else' }));
    await testApp.deliver('check_run', checkRunPayload('rerequested', { headSha: s.head, pullNumbers: [1], name: 'CI' }));
    expect(testApp.queue.enqueued.length).toBe(1);
    await testApp.deliver('check_run', checkRunPayload('requested_action', { headSha: s.head, pullNumbers: [1] }));
    expect(testApp.queue.enqueued.map((entry) => entry.job.trigger)).toEqual(['pull_request', 'rerequest']);
  });

  it('a redelivered re-run event (same delivery ID) is one job', async () => {
    const { s, testApp } = await reviewedOnce();
    await testApp.deliver('check_run', checkRunPayload('rerequested', { headSha: s.head, pullNumbers: [1] }), 'same');
    await testApp.deliver('check_run', checkRunPayload('rerequested', { headSha: s.head, pullNumbers: [1] }), 'same');
    expect(testApp.queue.enqueued.length).toBe(2);
  });
});
