import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfigText, validateConfig } from '../../src/core/config/parse-config.js';
import { configJsonSchema } from '../../src/core/config/config-json-schema.js';
import { defaultConfig } from '../../src/core/config/schema.js';

describe('configuration', () => {
  it('fills every default for an empty file', () => {
    expect(parseConfigText('', '.github/backend-expert.yml')).toEqual(defaultConfig());
    expect(defaultConfig()).toMatchObject({ fail_on: 'critical', max_comments: 25, review_event: 'COMMENT', agent: { gate: false }, commands: { prefix: '/expert' } });
  });

  it('keeps what the file sets', () => {
    const config = parseConfigText('fail_on: high\nrules:\n  logging/console-log: off\nagent:\n  model: haiku\n', 'x.yml');
    expect(config.fail_on).toBe('high');
    expect(config.rules['logging/console-log']).toBe('off');
    expect(config.agent.model).toBe('haiku');
    expect(config.agent.gate).toBe(false);
  });

  it.each([
    ['fail_on: sometimes\n', 'fail_on', 1],
    ['max_comments: 5\nagent:\n  gate: yes please\n', 'agent.gate', 3],
    ['paths:\n  include: [src/**]\n  exlude: [x]\n', 'paths', 2],
    ['max_comments: 500\n', 'max_comments', 1],
  ])('names the key and line of a problem: %j', (text, key, line) => {
    try {
      parseConfigText(text, '.github/backend-expert.yml');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problem = (error as ConfigError).problems[0]!;
      expect(problem.key).toBe(key);
      expect(problem.line).toBe(line);
      expect((error as ConfigError).message.startsWith('.github/backend-expert.yml: ')).toBe(true);
    }
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseConfigText('fail_on: [high\nmax_comments: 3\n', 'c.yml')).toThrow(/c\.yml: .*line/);
  });

  it('validates objects loaded elsewhere (Probot context.config)', () => {
    expect(validateConfig(null, 'c.yml')).toEqual(defaultConfig());
    expect(() => validateConfig({ fail_on: 3 }, 'c.yml')).toThrow(ConfigError);
  });

  it('ships a JSON Schema generated from the zod schema (npm run docs)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/config.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(configJsonSchema());
  });
});

describe('configuration reference', () => {
  it('docs/configuration.md is generated from the schema', async () => {
    const { renderConfigReference } = await import('../../src/core/config/config-reference.js');
    expect(readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8')).toBe(renderConfigReference());
  });
});
