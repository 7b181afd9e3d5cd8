import type { PropertyLookup } from './config-index.js';
import type { ServerSetting } from './collect-server-settings.js';
import type { ResolvedText } from './java-index.js';

/** A server setting with the file that makes it. */
export type PlacedSetting = ServerSetting & { file: string };

/** The prefix the server puts in front of every route of a module, with notes on where it comes from. */
export interface ServerBasePath {
  pieces: ResolvedText[];
  notes: string[];
}

/** Precedence of the places a server path is set, highest first; the configuration files come between. */
const CODE_PRECEDENCE: ReadonlyArray<ServerSetting['priority']> = ['customizer', 'system'];

/**
 * The module's server path pieces for `keys` (outermost first): each set in code by a web server
 * customizer or a system property, else by its configuration files, else by default properties given
 * in code. `settings` are the module's own.
 */
export function serverBasePath(keys: readonly string[], lookup: PropertyLookup, settings: readonly PlacedSetting[]): ServerBasePath {
  const pieces: ResolvedText[] = [];
  const notes: string[] = [];
  for (const key of keys) {
    const inCode = (priority: ServerSetting['priority']): PlacedSetting | undefined => settings.filter((setting) => setting.key === key && setting.priority === priority).at(-1);
    const winning = CODE_PRECEDENCE.map(inCode).find((setting) => setting !== undefined);
    const fromFile = winning ? undefined : lookup(key);
    const setting = winning ?? (fromFile ? undefined : inCode('default'));
    if (setting) {
      pieces.push(setting.value === undefined ? { text: '', unresolved: [setting.written] } : { text: setting.value, unresolved: [] });
      notes.push(`${key} = ${setting.value ?? setting.written} (set in code at ${setting.file}:${setting.line})`);
    } else if (fromFile) {
      pieces.push({ text: fromFile.value, unresolved: [] });
      notes.push(`${fromFile.writtenKey ?? key} = ${fromFile.value} (${fromFile.origin})`);
    }
  }
  return { pieces, notes };
}
