import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { AnthropicAgentReviewer } from '../../src/adapters/anthropic/anthropic-agent-reviewer.js';
import { CircuitBreaker } from '../../src/adapters/anthropic/circuit-breaker.js';
import { MemoryTree } from '../../src/core/change-source.js';
import { loadRepositoryAgents } from '../../src/core/agent/load-repository-agents.js';
import { InMemoryTokenBudget } from '../../src/core/agent/token-budget.js';
import { API, GOOD_SUMMARY, articlesInput, config, interceptMessages, shippedCatalogue, toolUseResponse } from './helpers.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const defaultBranch = new MemoryTree('main', {
  '.claude/agents/api-reviewer.md': '---\nname: api-reviewer\ndescription: Reviews our public API conventions\nmodel: haiku\nskills: [http-caching, resilience-patterns]\n---\nYou review APIs against the ACME conventions.\n',
  '.claude/agents/broken.md': '---\nname: broken\n---\nno description\n',
  '.claude/skills/http-caching/SKILL.md': '---\nname: http-caching\ndescription: ETags and Cache-Control for our public API\n---\nEvery GET sets an ETag.\n',
  'src/index.ts': 'export {};\n',
});

async function reviewer() {
  return new AnthropicAgentReviewer({ apiKey: 'sk-ant-test', baseURL: API, catalogue: await shippedCatalogue(), repositoryTree: defaultBranch, breaker: new CircuitBreaker(), budget: new InMemoryTokenBudget() });
}

describe('repository agents and skills', () => {
  it('loads .claude/agents and .claude/skills from the tree it is given, reporting broken files', async () => {
    const catalogue = await loadRepositoryAgents(defaultBranch);
    expect(catalogue.agents.map((agent) => agent.definition.name)).toEqual(['api-reviewer']);
    expect(catalogue.skills.map((skill) => skill.name)).toEqual(['http-caching']);
    expect(catalogue.problems).toHaveLength(1);
    expect(catalogue.problems[0]).toMatch(/^\.claude\/agents\/broken\.md: .*description/);
  });

  it('reviews with the repository agent when the config enables it, with its own and packaged skills', async () => {
    const api = interceptMessages();
    api.reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }, {}, 'claude-haiku-5-5'));
    const output = await (await reviewer()).review(await articlesInput({ config: config({ agent: { repository_agents: true, agents: ['api-reviewer'] } }) }));

    expect(output.status).toBe('ok');
    expect(output.model).toBe('claude-haiku-5-5');
    expect(output.notes?.[0]).toMatch(/^\.claude\/agents\/broken\.md: /);
    const system = (api.bodies[0] as { system: Array<{ text: string }> }).system[0]!.text;
    expect([...system.matchAll(/^# (Agent definition|Skill): (.+)$/gm)].map((match) => `${match[1]}: ${match[2]}`)).toEqual([
      'Agent definition: api-reviewer',
      'Skill: http-caching',
      'Skill: resilience-patterns',
    ]);
  });

  it('ignores the repository when the config does not enable it', async () => {
    const output = await (await reviewer()).review(await articlesInput({ config: config({ agent: { agents: ['api-reviewer'] } }) }));
    expect(output).toMatchObject({ status: 'unavailable', message: 'agent "api-reviewer" is not defined', findings: [], notes: ['agent "api-reviewer" is not defined'] });
  });
});
