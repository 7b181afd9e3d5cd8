import { readFileSync } from 'node:fs';
import type { Config } from '../core/config/schema.js';
import type { SarifRuleDoc } from '../core/render/review-sarif.js';
import type { ReviewResult } from '../core/review/run-review.js';
import { renderCheckSummary } from '../core/render/summary-markdown.js';
import { RULES } from '../core/rules/index.js';
import type { AnyRule, RuleLanguage } from '../core/rules/types.js';

const LANGUAGE_NAMES: Record<RuleLanguage, string> = { js: 'TypeScript/JavaScript', python: 'Python', go: 'Go', java: 'Java' };

/**
 * The package version, for SARIF's tool.driver.version. `package.json` sits two folders up from
 * `src/cli/`, `dist/cli/` and the Action's bundle (`action/dist/`) alike.
 */
export function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return pkg.name === 'backend-expert' && pkg.version ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Rule documentation for SARIF, from the metadata of every deterministic rule. */
export function sarifRuleDocs(rules: readonly AnyRule[] = RULES): SarifRuleDoc[] {
  return rules.map((rule) => ({
    id: rule.id,
    checklist: rule.meta.checklist,
    description: rule.meta.description,
    rationale: rule.meta.rationale,
    severity: rule.meta.severity,
    languages: rule.meta.languages.map((language) => LANGUAGE_NAMES[language]),
  }));
}

/** `--format markdown`: exactly the check-run summary. */
export function renderCliMarkdown(result: ReviewResult, config: Config): string {
  return renderCheckSummary(result, { language: config.review_language }).summary + '\n';
}
