import { z } from 'zod';
import { AgentFileError, parseFrontMatter } from './parse-front-matter.js';

/** A skill in the Claude Code format: `skills/<name>/SKILL.md` with `name` and `description`. */
export interface Skill {
  name: string;
  description: string;
  /** The guidance itself (Markdown body). */
  body: string;
  /** Where it came from, for messages: `agents/skills/x/SKILL.md`, `.claude/skills/x/SKILL.md`. */
  source: string;
}

const skillFrontMatter = z.object({
  name: z.string().trim().min(1).max(64),
  description: z.string().trim().min(1).max(1024),
});

/** Parses a SKILL.md file. Throws AgentFileError naming `source` when the front matter is invalid. */
export function parseSkill(text: string, source: string): Skill {
  const { data, body } = parseFrontMatter(text, source);
  const result = skillFrontMatter.safeParse(data);
  if (!result.success) throw new AgentFileError(`${source}: ${z.prettifyError(result.error).replaceAll('\n', '; ')}`);
  return { name: result.data.name, description: result.data.description, body: body.trim(), source };
}
