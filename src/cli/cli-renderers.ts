import { readFileSync } from 'node:fs';
import type { Config } from '../core/config/schema.js';
import type { SarifRuleDoc } from '../core/render/review-sarif.js';
import type { ReviewResult } from '../core/review/run-review.js';
import { renderCheckSummary } from '../core/render/summary-markdown.js';

/** The package version, for SARIF's tool.driver.version. */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Rule documentation for SARIF. */
export function sarifRuleDocs(): SarifRuleDoc[] {
  return [];
}

/** `--format markdown`: exactly the check-run summary. */
export function renderCliMarkdown(result: ReviewResult, config: Config): string {
  return renderCheckSummary(result, { language: config.review_language }).summary + '\n';
}
