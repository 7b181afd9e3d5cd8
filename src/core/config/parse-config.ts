import { z } from 'zod';
import { parseDocument, LineCounter } from 'yaml';
import { configSchema, type Config } from './schema.js';

/** One problem in a configuration file, with the key path and line when known. */
export interface ConfigProblem {
  key: string;
  message: string;
  line?: number;
}

/** Thrown for an invalid configuration; `message` names the file, the key and the problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${file}: ` + problems.map((p) => `${p.key ? `${p.key}: ` : ''}${p.message}${p.line ? ` (line ${p.line})` : ''}`).join('; '));
  }
}

/** Validates an already-loaded object (e.g. from Probot's `context.config`). */
export function validateConfig(value: unknown, file: string): Config {
  const result = configSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ConfigError(file, result.error.issues.map(toProblem));
}

/** Parses YAML text into a validated config; errors carry line numbers. */
export function parseConfigText(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => ({ key: '', message: error.message.split('\n')[0] ?? 'invalid YAML', line: lineCounter.linePos(error.pos[0]).line })),
    );
  }
  const value: unknown = document.toJS() ?? {};
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ConfigError(
    file,
    result.error.issues.map((issue) => {
      const node = document.getIn(issue.path as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
      const parentNode = document.getIn(issue.path.slice(0, -1) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0] ?? parentNode?.range?.[0];
      return { ...toProblem(issue), ...(offset !== undefined ? { line: lineCounter.linePos(offset).line } : {}) };
    }),
  );
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return { key, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  return { key, message: issue.message };
}
