import type { LoadedAgent } from './load-agent-definition.js';
import type { Skill } from './parse-skill.js';
import type { AgentBundle } from './build-review-request.js';

/** Agents and skills available to a review: the package's, plus the repository's when enabled. */
export interface AgentCatalogue {
  agents: LoadedAgent[];
  skills: Skill[];
  /** Files that could not be read (a repository's broken agent file), with why. */
  problems: string[];
}

/**
 * The agents the config names (`agent.agents`), each with the skills it names. A later entry of the
 * same name wins, so a repository's agent or skill replaces the packaged one it shadows. Names that
 * match nothing are reported, not fatal.
 */
export function resolveAgents(names: readonly string[], ...catalogues: AgentCatalogue[]): { bundles: AgentBundle[]; problems: string[] } {
  const agents = new Map<string, LoadedAgent>();
  const skills = new Map<string, Skill>();
  const problems: string[] = [];
  for (const catalogue of catalogues) {
    for (const agent of catalogue.agents) agents.set(agent.definition.name, agent);
    for (const skill of catalogue.skills) skills.set(skill.name, skill);
    problems.push(...catalogue.problems);
  }
  const bundles: AgentBundle[] = [];
  for (const name of names) {
    const agent = agents.get(name);
    if (!agent) {
      problems.push(`agent "${name}" is not defined`);
      continue;
    }
    const found = agent.definition.skills.map((skill) => skills.get(skill)).filter((skill): skill is Skill => skill !== undefined);
    const missing = agent.definition.skills.filter((skill) => !skills.has(skill));
    for (const skill of missing) problems.push(`skill "${skill}" of agent "${name}" is not defined`);
    bundles.push({ definition: agent.definition, skills: found, missingSkills: missing });
  }
  return { bundles, problems };
}
