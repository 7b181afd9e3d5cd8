import { z } from 'zod';
import { isChecklistId, type ChecklistId } from '../checklist.js';
import { AgentFileError, parseFrontMatter } from './parse-front-matter.js';

/** An agent in the Claude Code sub-agent format: front matter plus a body that is its system prompt. */
export interface AgentDefinition {
  name: string;
  description: string;
  /** `opus`, `sonnet`, `haiku`, `inherit` or a model ID; undefined when the file names none. */
  model?: string;
  /** Names of the skills the agent uses, in order. */
  skills: string[];
  /** Claude Code tools the agent may use (informational here: the reviewer gives it none but its output tool). */
  tools?: string[];
  /** The body: the agent's system prompt. */
  prompt: string;
  source: string;
}

/** One checklist item of an agent file, with the contract ID written beside it. */
export interface AgentChecklistItem {
  id: ChecklistId;
  /** The item's text as the agent file words it (without the ID comment). */
  label: string;
  /** The heading the item sits under (`Al Diseñar APIs`, `Principios Fundamentales`). */
  section: string;
  /** 1-based line in the agent file. */
  line: number;
}

export interface LoadedAgent {
  definition: AgentDefinition;
  checklist: AgentChecklistItem[];
}

/** Claude Code accepts `tools` as a comma-separated string or a list. */
const nameList = z.union([
  z.array(z.string().trim().min(1)),
  z.string().transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean)),
]);

const agentFrontMatter = z.object({
  name: z.string().trim().min(1).max(64),
  description: z.string().trim().min(1),
  model: z.string().trim().min(1).optional(),
  skills: nameList.optional(),
  tools: nameList.optional(),
});

/**
 * Parses an agent definition and the checklist IDs it carries. IDs are HTML comments
 * (`<!-- id: api.pagination -->`) written after the item they name, so they survive translation and
 * rewording of the item's text. Unknown IDs are an error: a typo would silently drop a checklist item.
 */
export function loadAgentDefinition(text: string, source = 'agent.md'): LoadedAgent {
  const { data, body } = parseFrontMatter(text, source);
  const result = agentFrontMatter.safeParse(data);
  if (!result.success) throw new AgentFileError(`${source}: ${z.prettifyError(result.error).replaceAll('\n', '; ')}`);
  const front = result.data;
  const bodyOffset = lineOffsetOfBody(text, body);
  const definition: AgentDefinition = {
    name: front.name,
    description: front.description,
    ...(front.model ? { model: front.model } : {}),
    skills: front.skills ?? [],
    ...(front.tools ? { tools: front.tools } : {}),
    prompt: body.trim(),
    source,
  };
  return { definition, checklist: readChecklistIds(body, bodyOffset, source) };
}

const ID_COMMENT = /<!--\s*id:\s*([a-z0-9.-]+)\s*-->/g;

function readChecklistIds(body: string, lineOffset: number, source: string): AgentChecklistItem[] {
  const items: AgentChecklistItem[] = [];
  let section = '';
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) section = heading[1]!.trim();
    const label = itemLabel(line.replace(ID_COMMENT, ''));
    for (const match of line.matchAll(ID_COMMENT)) {
      const id = match[1]!;
      if (!isChecklistId(id)) throw new AgentFileError(`${source}:${index + 1 + lineOffset}: unknown checklist id "${id}"`);
      items.push({ id, label, section, line: index + 1 + lineOffset });
    }
  }
  return items;
}

/** `- [ ] Paginación para colecciones` → `Paginación para colecciones`; `4. **X**: y` → `X: y`. */
function itemLabel(line: string): string {
  return line
    .replace(/^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+\.\s+)/, '')
    .replaceAll('**', '')
    .trim();
}

function lineOffsetOfBody(text: string, body: string): number {
  const start = text.length - body.length;
  if (start <= 0 || text.slice(start) !== body) return 0;
  let count = 0;
  for (let i = 0; i < start; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}
