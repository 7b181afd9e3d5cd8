import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../core/config/config-json-schema.js';

/** Writes schema/config.schema.json from the zod schema (`npm run docs`). */
const target = new URL('../../schema/config.schema.json', import.meta.url);
writeFileSync(target, JSON.stringify(configJsonSchema(), null, 2) + '\n');
process.stdout.write(`wrote ${target.pathname}\n`);
