/**
 * Comment commands: `/expert review|help|pause|resume` (the prefix comes from the configuration).
 * A command counts only at the start of a line, outside quoted replies and code blocks, so that quoting
 * someone's command, or showing one in a code sample, never triggers anything.
 */

export const COMMAND_NAMES = ['review', 'help', 'pause', 'resume'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface ParsedCommand {
  name: CommandName;
  /** The sub-command as written when it was not one we know (answered with help). */
  unknown?: string;
}

/** The first command in a comment body, or undefined when the comment holds none. */
export function parseCommand(body: string, prefix: string): ParsedCommand | undefined {
  let fence: { char: string; length: number } | undefined;
  for (const rawLine of body.replace(/\r\n?/g, '\n').split('\n')) {
    const indent = rawLine.length - rawLine.trimStart().length;
    const line = rawLine.trimStart();
    const opener = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opener && indent < 4 && opener[0] === fence.char && opener.length >= fence.length && line.slice(opener.length).trim() === '') fence = undefined;
      continue;
    }
    if (opener && indent < 4) {
      fence = { char: opener[0]!, length: opener.length };
      continue;
    }
    // Four spaces (or a tab) make an indented code block; `>` starts a quoted reply.
    if (indent >= 4 || rawLine.startsWith('\t') || line.startsWith('>')) continue;
    if (!line.startsWith(prefix)) continue;
    const rest = line.slice(prefix.length);
    if (rest !== '' && !/^\s/.test(rest)) continue;
    const word = rest.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (word === '') return { name: 'help' };
    if ((COMMAND_NAMES as readonly string[]).includes(word)) return { name: word as CommandName };
    return { name: 'help', unknown: word };
  }
  return undefined;
}
