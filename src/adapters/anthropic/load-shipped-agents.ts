import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAgentDefinition } from '../../core/agent/load-agent-definition.js';
import { parseSkill } from '../../core/agent/parse-skill.js';
import type { AgentCatalogue } from '../../core/agent/resolve-agents.js';

/** `agents/` at the package root, from `src/adapters/anthropic/` and from `dist/adapters/anthropic/` alike. */
export const SHIPPED_AGENTS_DIRECTORY = fileURLToPath(new URL('../../../agents/', import.meta.url));

/**
 * Reads the agents (`agents/*.md`) and skills (`agents/skills/<name>/SKILL.md`) shipped with the
 * package. A broken shipped file is a packaging bug: it throws, and readiness fails.
 */
export async function loadShippedAgents(directory = SHIPPED_AGENTS_DIRECTORY): Promise<AgentCatalogue> {
  const catalogue: AgentCatalogue = { agents: [], skills: [], problems: [] };
  for (const entry of (await readdir(directory, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && entry.name.endsWith('.md')) {
      catalogue.agents.push(loadAgentDefinition(await readFile(join(directory, entry.name), 'utf8'), `agents/${entry.name}`));
    }
  }
  const skillsDirectory = join(directory, 'skills');
  const skillDirs = await readdir(skillsDirectory, { withFileTypes: true }).catch(() => []);
  for (const entry of skillDirs.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const path = join(skillsDirectory, entry.name, 'SKILL.md');
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) catalogue.skills.push(parseSkill(text, `agents/skills/${entry.name}/SKILL.md`));
  }
  return catalogue;
}
