/**
 * Writes docs/rules.md from the rule metadata (ids, checklist items, severities, rationale, options,
 * examples). Run from the repository root; an optional argument names another output file.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULES } from '../core/rules/index.js';
import { renderRulesDoc } from '../core/rules/render-rules-doc.js';

const output = resolve(process.argv[2] ?? 'docs/rules.md');
writeFileSync(output, renderRulesDoc(RULES));
process.stdout.write(`wrote ${output} (${RULES.length} rules)\n`);
