import { afterEach, describe, expect, it } from '@jest/globals';
import { CheckRunReporter, RERUN_ACTION, toAnnotations } from '../../src/adapters/github/check-run-reporter.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import type { Finding } from '../../src/core/finding.js';
import { contractViolations } from './helpers/openapi-contract.js';
import { Scenario } from './helpers/scenario.js';
import { testOctokit } from './helpers/test-octokit.js';

let scenario: Scenario;
afterEach(() => {
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
});

const NOW = new Date('2025-03-01T10:00:00Z');
const finding = (line: number, severity: Finding['severity'], source: Finding['source'] = 'static'): Finding => ({
  rule: 'r/x',
  checklist: 'api.pagination',
  severity,
  path: 'src/a.ts',
  line,
  title: `Finding ${line}`,
  message: `Message ${line}`,
  source,
});

describe('CheckRunReporter', () => {
  it('sends annotations 50 per request, each update with title and summary, the last one completing the run', async () => {
    scenario = new Scenario({ base: { 'a.txt': 'a\n' }, head: { 'a.txt': 'b\n' } });
    const reporter = new CheckRunReporter(testOctokit(), { owner: 'Codertocat', repo: 'Hello-World' }, () => NOW);
    const id = await reporter.start(scenario.head, 'job-1', { title: 'Review in progress', summary: 'Current step: reading the change.' });
    const annotations = toAnnotations(Array.from({ length: 120 }, (_, index) => finding(index + 1, 'medium')), defaultConfig());
    await reporter.complete(id, 'neutral', { title: 'T', summary: 'S' }, annotations);
    const bodies = scenario.fake.apiRequests().map((request) => request.body as Record<string, unknown>);
    expect(bodies[0]).toEqual({
      name: 'Backend Expert',
      head_sha: scenario.head,
      external_id: 'job-1',
      status: 'in_progress',
      started_at: '2025-03-01T10:00:00.000Z',
      output: { title: 'Review in progress', summary: 'Current step: reading the change.' },
      actions: [{ label: 'Re-run review', description: 'Review this commit again', identifier: 'rerun-review' }],
    });
    // 100 annotations at most (the summary lists every finding): two requests of 50.
    expect(bodies.slice(1).map((body) => ({ ...body, output: { ...(body.output as object), annotations: ((body.output as { annotations: unknown[] }).annotations ?? []).length } }))).toEqual([
      { output: { title: 'T', summary: 'S', annotations: 50 } },
      { status: 'completed', conclusion: 'neutral', completed_at: '2025-03-01T10:00:00.000Z', output: { title: 'T', summary: 'S', annotations: 50 } },
    ]);
    expect(scenario.fake.checkRuns[0]!.annotations.length).toBe(100);
  });
});

describe('limits', () => {
  it('keeps the re-run button within GitHub\'s limits and annotation titles within 255 characters', () => {
    expect([RERUN_ACTION.label.length <= 20, RERUN_ACTION.description.length <= 40, RERUN_ACTION.identifier.length <= 20]).toEqual([true, true, true]);
    const [annotation] = toAnnotations([{ ...finding(1, 'low'), title: 't'.repeat(400) }], defaultConfig());
    expect(annotation!.title.length).toBe(255);
  });
});

describe('toAnnotations', () => {
  it('marks gating findings at or above fail_on as failures; the agent does not gate by default', () => {
    const config = { ...defaultConfig(), fail_on: 'high' as const };
    expect(toAnnotations([finding(1, 'critical'), finding(2, 'high', 'agent'), finding(3, 'medium'), finding(4, 'low')], config).map((a) => a.annotation_level)).toEqual([
      'failure',
      'warning',
      'warning',
      'notice',
    ]);
  });
});
