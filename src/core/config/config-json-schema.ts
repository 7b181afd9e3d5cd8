import { z } from 'zod';
import { configSchema } from './schema.js';

/** The configuration's JSON Schema (for editor completion), generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/backend-expert/backend-expert/schema/config.schema.json',
    title: 'Backend Expert configuration (.github/backend-expert.yml)',
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }),
  };
}
