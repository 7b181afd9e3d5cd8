import type { SourceTree } from '../change-source.js';
import { loadAgentDefinition } from './load-agent-definition.js';
import { parseSkill } from './parse-skill.js';
import type { AgentCatalogue } from './resolve-agents.js';

/** Repository files larger than this are not agent files (and would eat the prompt). */
const MAX_AGENT_FILE_CHARS = 60_000;
const MAX_FILES = 50;

/**
 * Reads a repository's Claude Code agents (`.claude/agents/*.md`) and skills
 * (`.claude/skills/<name>/SKILL.md`) from a tree — the app passes the default branch's, so a pull
 * request cannot bring its own reviewer. Broken files are reported and skipped.
 */
export async function loadRepositoryAgents(tree: SourceTree): Promise<AgentCatalogue> {
  const catalogue: AgentCatalogue = { agents: [], skills: [], problems: [] };
  const paths = await tree.paths();
  const agentPaths = paths.filter((path) => /^\.claude\/agents\/[^/]+\.md$/.test(path)).sort().slice(0, MAX_FILES);
  const skillPaths = paths.filter((path) => /^\.claude\/skills\/[^/]+\/SKILL\.md$/.test(path)).sort().slice(0, MAX_FILES);
  for (const path of agentPaths) {
    const text = await readBounded(tree, path, catalogue);
    if (text === undefined) continue;
    try {
      catalogue.agents.push(loadAgentDefinition(text, path));
    } catch (error) {
      catalogue.problems.push((error as Error).message);
    }
  }
  for (const path of skillPaths) {
    const text = await readBounded(tree, path, catalogue);
    if (text === undefined) continue;
    try {
      catalogue.skills.push(parseSkill(text, path));
    } catch (error) {
      catalogue.problems.push((error as Error).message);
    }
  }
  return catalogue;
}

async function readBounded(tree: SourceTree, path: string, catalogue: AgentCatalogue): Promise<string | undefined> {
  const text = await tree.read(path);
  if (text === undefined) return undefined;
  if (text.length > MAX_AGENT_FILE_CHARS) {
    catalogue.problems.push(`${path}: larger than ${MAX_AGENT_FILE_CHARS} characters, not loaded`);
    return undefined;
  }
  return text;
}
