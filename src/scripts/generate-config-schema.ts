import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../core/config/config-json-schema.js';
import { renderConfigReference } from '../core/config/config-reference.js';

/** `npm run docs`: writes schema/config.schema.json and docs/configuration.md from the zod schema. */
const schemaFile = new URL('../../schema/config.schema.json', import.meta.url);
writeFileSync(schemaFile, JSON.stringify(configJsonSchema(), null, 2) + '\n');
const referenceFile = new URL('../../docs/configuration.md', import.meta.url);
writeFileSync(referenceFile, renderConfigReference());
process.stdout.write(`wrote ${schemaFile.pathname} and ${referenceFile.pathname}\n`);
