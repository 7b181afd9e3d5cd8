import { parseAllDocuments } from 'yaml';
import type { ProjectInfo } from '../../../types.js';

/**
 * ProjectInfo as the Java extractors can use it: with the texts of the Spring Boot / Quarkus
 * configuration files (`application.properties`, `application.yml`). The core does not fill
 * `configFiles` yet (see the report of the Java extractors); until it does, context paths and
 * `${…}` placeholders resolve from .env defaults and inline defaults only.
 */
export type ProjectInfoWithConfig = ProjectInfo & {
  /** Path → text of every configuration file `isJavaConfigFile` accepts. */
  readonly configFiles?: ReadonlyMap<string, string>;
};

/**
 * The default-profile configuration files of Spring Boot and Quarkus applications, and the YAML files
 * a Dropwizard application may be started with (`java -jar app.jar server config.yml`).
 */
export function isJavaConfigFile(path: string): boolean {
  if (path.includes('src/test/')) return false;
  return isSpringConfigFile(path) || isDropwizardConfigCandidate(path);
}

function isSpringConfigFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'application.properties' || name === 'application.yml' || name === 'application.yaml' || isSpringConfigTemplate(path);
}

/**
 * A template the repository ships in place of an application.properties/yml it keeps out of version
 * control (`application-example.yml`, `application.yml.example`, `application.sample.properties`):
 * like .env.example, it stands for the configuration when the module has no real one.
 */
export function isSpringConfigTemplate(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^application([.-](example|sample|template))?\.(properties|ya?ml)(\.(example|sample|template))?$/.test(name) && /(example|sample|template)/.test(name);
}

/** Directories whose YAML files configure something else than the application (CI, deployment, tools). */
const NOT_APPLICATION_CONFIG_DIRS = new Set(['node_modules', 'target', 'build', 'helm', 'charts', 'k8s', 'kubernetes', 'manifests', 'deploy', 'deployment', 'docs']);
/** YAML files of tools, API descriptions, compose files, and Spring's profile and bootstrap files. */
const NOT_APPLICATION_CONFIG_NAME = /^(docker-compose|compose|openapi|swagger|api|mkdocs|codecov|renovate|dependabot|pnpm-lock|lefthook|application-|bootstrap|\.)/i;

/**
 * A YAML file a Dropwizard application may read: the file is named on the command line, so any YAML
 * near a module root (or among its resources) qualifies; only those with `server` path settings count.
 */
function isDropwizardConfigCandidate(path: string): boolean {
  if (!path.endsWith('.yml') && !path.endsWith('.yaml')) return false;
  const segments = path.split('/');
  const name = segments[segments.length - 1]!;
  if (NOT_APPLICATION_CONFIG_NAME.test(name)) return false;
  if (segments.slice(0, -1).some((segment) => segment.startsWith('.') || NOT_APPLICATION_CONFIG_DIRS.has(segment))) return false;
  return segments.length <= 3 || path.includes('src/main/resources/');
}

/** Dropwizard server settings that place the Jersey resources. */
const DROPWIZARD_KEYS = ['server.rootPath', 'server.applicationContextPath'];

/** A configuration value and where it comes from, for the route's notes. */
export interface ConfigValue {
  value: string;
  origin: string;
  /** The key as the file writes it, when it differs from the one looked up (`contextPath`). */
  writtenKey?: string;
}

export type PropertyLookup = (key: string) => ConfigValue | undefined;

interface ConfigFile {
  path: string;
  /** Directory the file configures: the module holding `src/main/resources`, or the file's directory. */
  moduleRoot: string;
  values: ReadonlyMap<string, string>;
  /** The same entries by uniform key (Spring's relaxed binding: `contextPath` = `context-path`). */
  uniform?: ReadonlyMap<string, { key: string; value: string }>;
  /** A template standing in for a configuration file the repository does not hold. */
  template?: boolean;
}

/**
 * The configuration that applies to each source file: the config file of the same module (the
 * longest matching module root), then variables from .env defaults under Spring's relaxed binding
 * (`server.servlet.context-path` ← `SERVER_SERVLET_CONTEXTPATH`).
 */
export class ConfigIndex {
  private readonly files: ConfigFile[] = [];
  /** Dropwizard configuration files: YAML files with `server.rootPath` or `server.applicationContextPath`. */
  private readonly dropwizard: ConfigFile[] = [];

  constructor(private readonly project: ProjectInfoWithConfig) {
    for (const [path, text] of project.configFiles ?? []) {
      if (!isJavaConfigFile(path)) continue;
      if (isSpringConfigFile(path)) {
        const values = readConfigText(path, text);
        if (values) this.files.push({ path, moduleRoot: moduleRootOf(path), values, uniform: uniformValues(values), ...(isSpringConfigTemplate(path) ? { template: true } : {}) });
        continue;
      }
      // Only files that set Dropwizard's server paths are parsed further (and only then fully).
      if (!DROPWIZARD_KEYS.some((key) => text.includes(key.slice(key.indexOf('.') + 1)))) continue;
      const values = safeYaml(text);
      if (values && DROPWIZARD_KEYS.some((key) => values.has(key))) this.dropwizard.push({ path, moduleRoot: moduleRootOf(path), values });
    }
    // Deeper module roots first; at the same depth .properties wins over .yml, as in Spring Boot.
    this.files.sort((a, b) => b.moduleRoot.length - a.moduleRoot.length || Number(b.path.endsWith('.properties')) - Number(a.path.endsWith('.properties')));
  }

  /** Looks keys up for the module a source file belongs to. */
  forSource(sourcePath: string): PropertyLookup {
    const root = sourceModuleRoot(sourcePath);
    const files = this.files.filter((file) => root.startsWith(file.moduleRoot));
    const nearest = files[0]?.moduleRoot;
    const ofModule = files.filter((file) => file.moduleRoot === nearest);
    // Templates count only where the module holds no real configuration file.
    const real = ofModule.filter((file) => !file.template);
    const applicable = real.length > 0 ? real : ofModule;
    return (key) => {
      for (const file of applicable) {
        const value = file.values.get(key);
        if (value !== undefined) return { value, origin: file.path };
        const relaxed = file.uniform?.get(uniformKey(key));
        if (relaxed) return { value: relaxed.value, origin: file.path, writtenKey: relaxed.key };
      }
      for (const name of relaxedEnvNames(key)) {
        const env = this.project.envDefaults.get(name);
        if (env) return { value: env.value, origin: `${name} in ${env.file}` };
      }
      return undefined;
    };
  }

  /**
   * Where a Dropwizard application serves the resources of a source file: `server.applicationContextPath`
   * (default `/`, `/application` for the simple server) then `server.rootPath` less its `/*`, from the
   * nearest module's configuration files. Files that disagree (one per environment) give several.
   */
  dropwizardPrefixes(sourcePath: string): Array<{ prefix: string; origin: string }> {
    const root = sourceModuleRoot(sourcePath);
    const files = this.dropwizard.filter((file) => root.startsWith(file.moduleRoot));
    const nearest = Math.max(...files.map((file) => file.moduleRoot.length));
    const prefixes = new Map<string, string>();
    for (const file of files) {
      if (file.moduleRoot.length !== nearest) continue;
      const prefix = dropwizardPrefixOf(file.values);
      if (!prefixes.has(prefix)) prefixes.set(prefix, file.path);
    }
    return [...prefixes].map(([prefix, origin]) => ({ prefix, origin }));
  }
}

/**
 * Spring Boot's relaxed binding compares property names in a uniform form: lower case, without `-`
 * and `_` (`server.servlet.contextPath`, `server.servlet.context_path` and `server.servlet.context-path`
 * are one property).
 */
function uniformKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

function uniformValues(values: ReadonlyMap<string, string>): Map<string, { key: string; value: string }> {
  const uniform = new Map<string, { key: string; value: string }>();
  for (const [key, value] of values) if (!uniform.has(uniformKey(key))) uniform.set(uniformKey(key), { key, value });
  return uniform;
}

function dropwizardPrefixOf(values: ReadonlyMap<string, string>): string {
  const simple = values.get('server.type') === 'simple';
  const context = substituteEnv(values.get('server.applicationContextPath') ?? (simple ? '/application' : '/'));
  const root = substituteEnv(values.get('server.rootPath') ?? '/*').replace(/\*$/, '');
  const joined = `/${context}/${root}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Dropwizard's environment substitution (`${ROOT_PATH:-/api/}`): the default stands for the variable. */
function substituteEnv(value: string): string {
  return value.replace(/\$\{[^}:]*(?::-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? '');
}

/** A YAML file's keys, flattened; undefined when it does not parse. */
function safeYaml(text: string): Map<string, string> | undefined {
  try {
    return parseYamlConfig(text);
  } catch {
    return undefined;
  }
}

function moduleRootOf(configPath: string): string {
  const marker = configPath.lastIndexOf('src/main/resources/');
  if (marker !== -1) return configPath.slice(0, marker);
  const dir = configPath.slice(0, configPath.lastIndexOf('/') + 1);
  // Spring Boot also reads ./config/application.yml next to the jar; Dropwizard files often sit in conf/.
  if (dir.endsWith('config/')) return dir.slice(0, -'config/'.length);
  return dir === 'conf/' || dir.endsWith('/conf/') ? dir.slice(0, -'conf/'.length) : dir;
}

/** The module a source file belongs to: the directory above its `src/main/` ('' at the root). */
export function sourceModuleRoot(sourcePath: string): string {
  const marker = sourcePath.lastIndexOf('src/main/');
  return marker === -1 ? '' : sourcePath.slice(0, marker);
}

/** Environment variable names Spring Boot binds to a property (and the property written as is). */
function relaxedEnvNames(key: string): string[] {
  const upper = key.toUpperCase();
  return [...new Set([key, upper.replace(/\./g, '_').replace(/-/g, ''), upper.replace(/[.-]/g, '_')])];
}

/** Flat key → value map of a properties or YAML config file; undefined when it does not parse. */
export function readConfigText(path: string, text: string): ReadonlyMap<string, string> | undefined {
  // application.properties.example is still a properties file.
  return path.slice(path.lastIndexOf('/') + 1).includes('.properties') ? parseProperties(text) : parseYamlConfig(text);
}

/** java.util.Properties syntax: `key=value`, `key: value`, `key value`, `#`/`!` comments, `\` continuations. */
export function parseProperties(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithContinuation(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trimStart();
    let cut = 0;
    while (cut < line.length && !'=: \t'.includes(line[cut]!)) cut += line[cut] === '\\' ? 2 : 1;
    const key = unescapeProperty(line.slice(0, cut));
    let rest = line.slice(cut).trimStart();
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).trimStart();
    values.set(key, unescapeProperty(rest.trimEnd()));
  }
  return values;
}

function endsWithContinuation(line: string): boolean {
  let slashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function unescapeProperty(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[escape] ?? escape;
  });
}

/** Documents of a YAML config that apply without a profile, flattened to dotted keys. */
function parseYamlConfig(text: string): Map<string, string> | undefined {
  const values = new Map<string, string>();
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return undefined;
  for (const document of documents) {
    if (document.errors.length) return undefined;
    const flat = new Map<string, string>();
    flatten(document.toJS(), '', flat);
    if (flat.has('spring.config.activate.on-profile') || flat.has('spring.profiles')) continue;
    for (const [key, value] of flat) values.set(key, value);
  }
  return values;
}

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, `${prefix}[${index}]`, into));
  } else if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, String(value));
  }
}

/** A text with its `${…}` placeholders resolved as far as configuration allows. */
export interface PlaceholderResult {
  text: string;
  /** Placeholders with no value and no default. */
  unresolved: string[];
  /** Where resolved values came from: "`${api.prefix}` = /api (src/main/resources/application.yml)". */
  notes: string[];
}

/** Placeholder chains deeper than this are cycles. */
const MAX_PLACEHOLDER_DEPTH = 8;

/**
 * Resolves Spring/Quarkus `${key}` and `${key:default}` placeholders (nested ones too). A placeholder
 * with no value and no default is dropped from the text and reported, never guessed.
 */
export function resolvePlaceholders(text: string, lookup: PropertyLookup, depth = 0): PlaceholderResult {
  const result: PlaceholderResult = { text: '', unresolved: [], notes: [] };
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    const end = start === -1 ? -1 : matchingBrace(text, start + 1);
    if (start === -1 || end === -1) {
      result.text += text.slice(i);
      break;
    }
    result.text += text.slice(i, start);
    const inner = text.slice(start + 2, end);
    const colon = topLevelColon(inner);
    const key = (colon === -1 ? inner : inner.slice(0, colon)).trim();
    const fallback = colon === -1 ? undefined : inner.slice(colon + 1);
    const found = lookup(key);
    if (found && depth < MAX_PLACEHOLDER_DEPTH) {
      const nested = resolvePlaceholders(found.value, lookup, depth + 1);
      merge(result, nested);
      result.notes.push(`\${${key}} = ${nested.text} (${found.origin})`);
    } else if (fallback !== undefined && depth < MAX_PLACEHOLDER_DEPTH) {
      const nested = resolvePlaceholders(fallback, lookup, depth + 1);
      merge(result, nested);
      result.notes.push(`\${${key}} resolved to its default ${JSON.stringify(nested.text)}`);
    } else {
      result.unresolved.push(`\${${key}}`);
    }
    i = end + 1;
  }
  return result;
}

function merge(into: PlaceholderResult, part: PlaceholderResult): void {
  into.text += part.text;
  into.unresolved.push(...part.unresolved);
  into.notes.push(...part.notes);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function topLevelColon(inner: string): number {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '{') depth++;
    else if (inner[i] === '}') depth--;
    else if (inner[i] === ':' && depth === 0) return i;
  }
  return -1;
}
