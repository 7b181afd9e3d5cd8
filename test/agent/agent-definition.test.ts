import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { CHECKLIST, CHECKLIST_IDS } from '../../src/core/checklist.js';
import { loadAgentDefinition } from '../../src/core/agent/load-agent-definition.js';
import { parseSkill } from '../../src/core/agent/parse-skill.js';
import { AgentFileError } from '../../src/core/agent/parse-front-matter.js';
import { shippedCatalogue } from './helpers.js';

const shippedText = () => readFile(new URL('../../agents/backend-expert.md', import.meta.url), 'utf8');

describe('the shipped agent definition', () => {
  it('carries all 23 checklist IDs of the contract, in order, on the items they name', async () => {
    const { checklist } = loadAgentDefinition(await shippedText(), 'agents/backend-expert.md');
    expect(checklist.map((item) => item.id)).toEqual(CHECKLIST_IDS);
    // The first 21 are the checklist's own items, worded as in the seed; the last two sit on the principle.
    expect(checklist.slice(0, 21).map((item) => item.label)).toEqual(CHECKLIST.slice(0, 21).map((item) => item.label));
    expect(checklist.slice(21).map((item) => [item.section, item.label])).toEqual([
      ['Principios Fundamentales', 'Security by design: No es un afterthought'],
      ['Principios Fundamentales', 'Security by design: No es un afterthought'],
    ]);
    expect(checklist.map((item) => item.section).slice(0, 21)).toEqual([
      ...Array(8).fill('Al Diseñar APIs'),
      ...Array(7).fill('Al Diseñar Servicios'),
      ...Array(6).fill('Al Escalar'),
    ]);
  });

  it('keeps the seed unchanged apart from the ID comments', async () => {
    const seed = await readFile(new URL('../../../shared/seeds/backend-expert.md', import.meta.url), 'utf8').catch(() => undefined);
    const shipped = (await shippedText()).replace(/ <!-- id: [a-z.-]+ -->/g, '');
    if (seed !== undefined) expect(shipped.trim()).toBe(seed.trim());
  });

  it('reads the front matter: name, model alias, skills, and the body as the system prompt', async () => {
    const { definition } = loadAgentDefinition(await shippedText(), 'agents/backend-expert.md');
    expect({ ...definition, prompt: definition.prompt.split('\n')[0] }).toEqual({
      name: 'backend-expert',
      description: 'Senior backend architect & developer. APIs, microservices, event-driven systems, distributed architecture.',
      model: 'opus',
      skills: ['api-design-principles', 'architecture-patterns', 'resilience-patterns'],
      prompt: '# Backend Expert',
      source: 'agents/backend-expert.md',
    });
  });

  it('ships every skill the agent names, in the Claude Code skill format', async () => {
    const catalogue = await shippedCatalogue();
    expect(catalogue.agents.map((agent) => agent.definition.name)).toEqual(['backend-expert']);
    expect(catalogue.skills.map((skill) => [skill.name, skill.source])).toEqual([
      ['api-design-principles', 'agents/skills/api-design-principles/SKILL.md'],
      ['architecture-patterns', 'agents/skills/architecture-patterns/SKILL.md'],
      ['resilience-patterns', 'agents/skills/resilience-patterns/SKILL.md'],
    ]);
    for (const skill of catalogue.skills) {
      expect(skill.description.length).toBeGreaterThan(80);
      expect(skill.body.startsWith('# ')).toBe(true);
    }
  });
});

describe('loadAgentDefinition on other agents', () => {
  it('accepts tools as a comma-separated string and an agent without checklist IDs', () => {
    const { definition, checklist } = loadAgentDefinition('---\nname: api-reviewer\ndescription: Reviews APIs\ntools: Read, Grep\n---\nYou review APIs.\n', '.claude/agents/api-reviewer.md');
    expect(definition).toEqual({ name: 'api-reviewer', description: 'Reviews APIs', skills: [], tools: ['Read', 'Grep'], prompt: 'You review APIs.', source: '.claude/agents/api-reviewer.md' });
    expect(checklist).toEqual([]);
  });

  it('refuses JavaScript front matter, which gray-matter would evaluate', () => {
    const text = '---js\n{ name: (() => { globalThis.pwned = true; return "x"; })(), description: "d" }\n---\nbody';
    expect(() => loadAgentDefinition(text, '.claude/agents/evil.md')).toThrow(AgentFileError);
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('names the file and line of an unknown checklist ID', () => {
    expect(() => loadAgentDefinition('---\nname: a\ndescription: b\n---\n\n- [ ] Item <!-- id: api.paginaton -->\n', 'agents/a.md')).toThrow('agents/a.md:6: unknown checklist id "api.paginaton"');
  });

  it('names the file and the missing field', () => {
    expect(() => loadAgentDefinition('---\nname: a\n---\nbody', 'agents/a.md')).toThrow(/^agents\/a\.md: .*description/);
    expect(() => parseSkill('---\ndescription: x\n---\nbody', 'skills/x/SKILL.md')).toThrow(/^skills\/x\/SKILL\.md: .*name/);
  });
});
