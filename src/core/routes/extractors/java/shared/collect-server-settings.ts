import type { SgNode } from '@ast-grep/napi';
import { lineOf, type ParsedFile } from '../../../../source/language.js';

/**
 * A server path setting a Spring Boot application makes in code rather than in application.properties:
 * `factory.setContextPath("/api")` in a `WebServerFactoryCustomizer` (wins over every property source),
 * `System.setProperty("server.servlet.context-path", …)` before `run` (wins over the files), or a
 * default property (`setDefaultProperties(Map.of(…))`, `SpringApplicationBuilder.properties("k=v")`),
 * which the files override.
 */
export interface ServerSetting {
  key: string;
  /** The value when the code writes it as a literal; undefined when it is computed. */
  value?: string;
  /** The expression as written, for notes when it is computed. */
  written: string;
  priority: 'customizer' | 'system' | 'default';
  line: number;
}

/** The keys that place a Spring application's routes; the customizer's `setContextPath` sets the first. */
export const SERVER_PATH_KEYS: ReadonlySet<string> = new Set(['server.servlet.context-path', 'server.context-path', 'spring.mvc.servlet.path', 'spring.webflux.base-path']);

const INVOCATION_RULE = { rule: { kind: 'method_invocation' } };
const MAP_FACTORIES: ReadonlySet<string> = new Set(['of', 'singletonMap']);

/** The server path settings a file makes in code. Most files make none: a substring test comes first. */
export function collectServerSettings(file: ParsedFile): ServerSetting[] {
  const customizer = file.text.includes('setContextPath') && file.text.includes('WebServerFactory');
  const properties = ['context-path', 'contextPath', 'servlet.path', 'base-path'].some((name) => file.text.includes(name));
  if (!customizer && !properties) return [];
  const settings: ServerSetting[] = [];
  for (const call of file.root.findAll(INVOCATION_RULE)) {
    const name = call.field('name')?.text();
    const args = call.field('arguments')?.namedChildren() ?? [];
    if (name === 'setContextPath' && customizer && args.length === 1) {
      settings.push({ key: 'server.servlet.context-path', ...valueOf(args[0]!), priority: 'customizer', line: lineOf(call) });
    } else if (name === 'setProperty' && call.field('object')?.text() === 'System' && args.length === 2) {
      const key = literal(args[0]!);
      if (key !== undefined && SERVER_PATH_KEYS.has(key)) settings.push({ key, ...valueOf(args[1]!), priority: 'system', line: lineOf(call) });
    } else if (name === 'setDefaultProperties' && args.length === 1) {
      settings.push(...mapEntries(args[0]!).map((entry) => ({ ...entry, priority: 'default' as const, line: lineOf(call) })));
    } else if (name === 'properties' && isBuilderChain(call)) {
      for (const arg of args) {
        const text = literal(arg);
        const cut = text?.search(/[=:]/) ?? -1;
        if (text === undefined || cut === -1) continue;
        const key = text.slice(0, cut).trim();
        if (SERVER_PATH_KEYS.has(key)) settings.push({ key, value: text.slice(cut + 1).trim(), written: text, priority: 'default', line: lineOf(call) });
      }
    }
  }
  return settings;
}

/** `new SpringApplicationBuilder(App.class)…properties("k=v")`: the chain starts at the builder. */
function isBuilderChain(call: SgNode): boolean {
  let current: SgNode | null = call.field('object');
  while (current?.kind() === 'method_invocation') current = current.field('object');
  return current?.kind() === 'object_creation_expression' && current.field('type')?.text() === 'SpringApplicationBuilder';
}

/** `Map.of("k", "v", …)` and `Collections.singletonMap("k", "v")`: the server path entries. */
function mapEntries(node: SgNode): Array<Pick<ServerSetting, 'key' | 'value' | 'written'>> {
  if (node.kind() !== 'method_invocation' || !MAP_FACTORIES.has(node.field('name')?.text() ?? '')) return [];
  const args = node.field('arguments')?.namedChildren() ?? [];
  const entries: Array<Pick<ServerSetting, 'key' | 'value' | 'written'>> = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    const key = literal(args[i]!);
    if (key !== undefined && SERVER_PATH_KEYS.has(key)) entries.push({ key, ...valueOf(args[i + 1]!) });
  }
  return entries;
}

function valueOf(node: SgNode): Pick<ServerSetting, 'value' | 'written'> {
  const value = literal(node);
  return value === undefined ? { written: node.text() } : { value, written: node.text() };
}

/** The text of a plain string literal (no escapes to speak of in a path). */
function literal(node: SgNode): string | undefined {
  if (node.kind() !== 'string_literal') return undefined;
  const fragments = node.namedChildren().filter((child) => child.kind() === 'string_fragment');
  if (node.namedChildren().length !== fragments.length) return undefined;
  return fragments.map((fragment) => fragment.text()).join('');
}
