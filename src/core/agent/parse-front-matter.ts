import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';

/** Thrown for an agent or skill file that cannot be read; the message names the file and the problem. */
export class AgentFileError extends Error {
  override readonly name = 'AgentFileError';
}

function refuse(language: string): () => object {
  return () => {
    throw new AgentFileError(`front matter in ${language} is not accepted; use YAML`);
  };
}

/**
 * Splits a Markdown file into its YAML front matter and body. gray-matter would evaluate `---js`
 * front matter with `eval`; repository agents are written by anyone who can push to the default
 * branch, so only YAML (parsed by `yaml`, which executes nothing) and JSON are accepted.
 */
export function parseFrontMatter(text: string, file: string): { data: Record<string, unknown>; body: string } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, {
      engines: {
        yaml: (input: string) => (parseYaml(input) ?? {}) as object,
        json: (input: string) => JSON.parse(input) as object,
        javascript: refuse('JavaScript'),
        js: refuse('JavaScript'),
        coffee: refuse('CoffeeScript'),
      },
    });
  } catch (error) {
    throw new AgentFileError(`${file}: unreadable front matter: ${(error as Error).message}`);
  }
  const data: unknown = parsed.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AgentFileError(`${file}: front matter must be a mapping`);
  }
  return { data: data as Record<string, unknown>, body: parsed.content };
}
