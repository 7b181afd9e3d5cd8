import { describe, expect, it } from '@jest/globals';
import { sarifRuleDocs, toolVersion } from '../../src/cli/cli-renderers.js';
import { pathToUri, renderReviewSarif } from '../../src/core/render/review-sarif.js';
import { RULES } from '../../src/core/rules/index.js';
import { finding, typicalResult } from '../render/review-result-fixture.js';
import { codeScanningErrors, sarifSchemaErrors } from './helpers/schemas.js';

interface Log {
  runs: Array<{
    tool: { driver: { version: string; rules: Array<Record<string, unknown> & { id: string; fullDescription: { text: string }; properties: Record<string, unknown> }> } };
    results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }> }>;
    versionControlProvenance?: unknown;
    properties: Record<string, unknown>;
  }>;
}

const render = (result = typicalResult(), options = {}) => renderReviewSarif(result, sarifRuleDocs(), toolVersion(), options) as Log;

describe('SARIF rule documentation', () => {
  it('documents every deterministic rule from its metadata', () => {
    expect(sarifRuleDocs().map((doc) => doc.id)).toEqual(RULES.map((rule) => rule.id));
    const [first] = sarifRuleDocs();
    const meta = RULES[0]!.meta;
    expect(first).toEqual({ id: RULES[0]!.id, checklist: meta.checklist, description: meta.description, rationale: meta.rationale, severity: meta.severity, languages: expect.any(Array) });
  });

  it('keeps every rule of the registry within code scanning limits and valid against the schema', () => {
    // One finding per rule: every rule's documentation ends up in the log.
    const findings = RULES.map((rule, index) => finding({ rule: rule.id, checklist: rule.meta.checklist, severity: rule.meta.severity, path: 'src/a.ts', line: index + 1, title: `Finding of ${rule.id}` }));
    const log = render(typicalResult({ findings }));
    expect([sarifSchemaErrors(log), codeScanningErrors(log)]).toEqual([[], []]);
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('reports the package version as the driver version', () => {
    expect(render().runs[0]!.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('renderReviewSarif', () => {
  it('describes agent findings by their checklist item, with a medium precision', () => {
    const log = render();
    const agentRule = log.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'agent/service.resilience')!;
    expect(agentRule).toMatchObject({
      shortDescription: { text: 'Failure handling (timeouts, retries, circuit breakers) (agent review)' },
      properties: { tags: ['backend', 'service.resilience', 'service'], checklist: 'service.resilience', precision: 'medium' },
    });
    expect(agentRule.properties['security-severity']).toBeUndefined();
  });

  it('maps severities to levels', () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const findings = severities.map((severity, index) => finding({ rule: `r/${severity}`, checklist: 'api.pagination', severity, path: 'a.ts', line: index + 1, title: severity }));
    expect(render(typicalResult({ findings })).runs[0]!.results.map((result) => result.level)).toEqual(['error', 'error', 'warning', 'note', 'note']);
  });

  it('writes paths as relative URI references, percent-encoding what a URI cannot hold', () => {
    expect(pathToUri('src/my file#1.ts')).toBe('src/my%20file%231.ts');
    const log = render(typicalResult({ findings: [finding({ rule: 'r/x', checklist: 'api.pagination', severity: 'low', path: 'src/100% done/a b.ts', line: 2, title: 'T' })] }));
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('src/100%25%20done/a%20b.ts');
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('gives a region that ends at the end of the finding\'s last line when the text is known', () => {
    const result = typicalResult({
      findings: [finding({ rule: 'r/x', checklist: 'api.pagination', severity: 'low', path: 'src/a.ts', line: 2, endLine: 3, title: 'T' })],
      headLines: new Map([['src/a.ts', ['one', 'two', 'three!']]]),
    });
    expect(render(result).runs[0]!.results[0]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 2, startColumn: 1, endLine: 3, endColumn: 7 });
  });

  it('clips descriptions to the 1,024 characters code scanning shows', () => {
    const [doc] = sarifRuleDocs();
    const long = { ...doc!, rationale: 'r'.repeat(3000), description: 'd'.repeat(2000) };
    const findings = [finding({ rule: doc!.id, checklist: doc!.checklist, severity: 'low', path: 'a.ts', line: 1, title: 'T' })];
    const log = renderReviewSarif(typicalResult({ findings }), [long], '1.0.0') as Log;
    expect(codeScanningErrors(log)).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules[0]!.fullDescription.text).toHaveLength(1024);
  });

  it('keeps the most severe results when there are more than code scanning takes, and says how many were left out', () => {
    const findings = [
      finding({ rule: 'r/low', checklist: 'api.pagination', severity: 'low', path: 'a.ts', line: 1, title: 'low' }),
      finding({ rule: 'r/critical', checklist: 'api.pagination', severity: 'critical', path: 'a.ts', line: 2, title: 'critical' }),
      finding({ rule: 'r/medium', checklist: 'api.pagination', severity: 'medium', path: 'a.ts', line: 3, title: 'medium' }),
    ];
    const log = render(typicalResult({ findings }), { maxResults: 2 });
    expect(log.runs[0]!.results.map((result) => result.ruleId)).toEqual(['r/critical', 'r/medium']);
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(['r/critical', 'r/medium']);
    expect(log.runs[0]!.properties.omittedResults).toBe(1);
  });

  it('records the analysed repository only when it is known', () => {
    expect(render().runs[0]!.versionControlProvenance).toBeUndefined();
    expect(render(typicalResult(), { repositoryUri: 'https://github.com/acme/shop' }).runs[0]!.versionControlProvenance).toEqual([
      { repositoryUri: 'https://github.com/acme/shop', revisionId: 'b'.repeat(40) },
    ]);
  });
});

describe('the SARIF validators', () => {
  it('refuse what the schema or code scanning refuses', () => {
    const log = render() as unknown as { runs: Array<{ results: Array<Record<string, unknown>>; tool: { driver: { rules: Array<Record<string, unknown>> } } }> };
    const broken = structuredClone(log);
    delete broken.runs[0]!.results[0]!.message;
    broken.runs[0]!.tool.driver.rules[0]!.properties = { tags: ['a', 'a'] };
    expect(sarifSchemaErrors(broken).length).toBeGreaterThan(0);
    const noRegion = structuredClone(log);
    delete (noRegion.runs[0]!.results[0]!.locations as Array<{ physicalLocation: Record<string, unknown> }>)[0]!.physicalLocation.region;
    delete noRegion.runs[0]!.results[0]!.partialFingerprints;
    expect(sarifSchemaErrors(noRegion)).toEqual([]);
    expect(codeScanningErrors(noRegion)).toEqual(['runs[0].results[0]: no region.startLine', 'runs[0].results[0]: no partialFingerprints']);
  });
});
