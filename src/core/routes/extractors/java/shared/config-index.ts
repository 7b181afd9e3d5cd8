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
  return name === 'application.properties' || name === 'application.yml' || name === 'application.yaml' || isSpringConfigTemplate(path) || springProfileOf(path) !== undefined;
}

/**
 * The profile of a profile-specific Spring Boot file (`application-dev.yml` → `dev`), which applies
 * over application.properties/yml when that profile is active; undefined for any other file
 * (templates such as `application-example.yml` stand for the base file instead).
 */
export function springProfileOf(path: string): string | undefined {
  if (isSpringConfigTemplate(path)) return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^application-([^.]+)\.(properties|ya?ml)$/.exec(name)?.[1];
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
  /** The entries that apply whatever the profile (a YAML file's documents without a profile condition). */
  values: ReadonlyMap<string, string>;
  /** The same entries by uniform key (Spring's relaxed binding: `contextPath` = `context-path`). */
  uniform?: ReadonlyMap<string, { key: string; value: string }>;
  /** A template standing in for a configuration file the repository does not hold. */
  template?: boolean;
  /** The profile of an `application-{profile}` file. */
  profile?: string;
  /** YAML documents that apply only for some profiles (`spring.config.activate.on-profile`), in file order. */
  profileDocuments?: ProfileDocument[];
}

/** A YAML document activated by a profile expression (`dev`, `dev | local`, `!prod`). */
interface ProfileDocument {
  expression: string;
  values: ReadonlyMap<string, string>;
  uniform: ReadonlyMap<string, { key: string; value: string }>;
}

/** One source of values, in precedence order: a file's unconditional entries or a profile's. */
interface ConfigLayer {
  values: ReadonlyMap<string, string>;
  uniform?: ReadonlyMap<string, { key: string; value: string }>;
  origin: string;
}

/** The configuration of one module, profiles applied. */
interface ModuleConfig {
  /** Highest precedence first. */
  layers: ConfigLayer[];
  /** Whether `spring.profiles.active` names the profiles (else only the `default` profile applies). */
  explicitProfiles: boolean;
  /** Profile sources that do not apply: for saying which keys only they set. */
  inactive: ConfigLayer[];
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
        const documents = readConfigDocuments(path, text);
        if (!documents) continue;
        const profile = springProfileOf(path);
        const profileDocuments = profile === undefined ? documents.profiles.map((doc): ProfileDocument => ({ ...doc, uniform: uniformValues(doc.values) })) : [];
        this.files.push({
          path,
          moduleRoot: moduleRootOf(path),
          values: documents.values,
          uniform: uniformValues(documents.values),
          ...(isSpringConfigTemplate(path) ? { template: true } : {}),
          ...(profile !== undefined ? { profile } : {}),
          ...(profileDocuments.length > 0 ? { profileDocuments } : {}),
        });
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

  /** Module configurations by module root: every type of a module asks for the same. */
  private readonly modules = new Map<string, ModuleConfig>();

  /**
   * Looks keys up for the module a source file belongs to, with Spring Boot's profiles applied: the
   * files of the profiles `spring.profiles.active` names (the `default` profile without one) override
   * application.properties/yml, the last profile winning, as do the YAML documents they activate.
   */
  forSource(sourcePath: string): PropertyLookup {
    return this.layeredLookup(this.moduleConfig(sourcePath).layers);
  }

  /**
   * Where a key is set only for profiles that are not active, when no profile is named as active
   * (`application-prod.yml (profile prod)`): the value depends on how the application is started.
   * Empty when the key is set by what applies, or when the active profiles are named.
   */
  inactiveProfileSources(sourcePath: string, key: string): string[] {
    const config = this.moduleConfig(sourcePath);
    if (config.explicitProfiles || this.layeredLookup(config.layers)(key)) return [];
    return config.inactive.filter((layer) => valueIn(layer, key) !== undefined).map((layer) => layer.origin);
  }

  private moduleConfig(sourcePath: string): ModuleConfig {
    const root = sourceModuleRoot(sourcePath);
    const cached = this.modules.get(root);
    if (cached) return cached;
    const files = this.files.filter((file) => root.startsWith(file.moduleRoot));
    const nearest = files[0]?.moduleRoot;
    const ofModule = files.filter((file) => file.moduleRoot === nearest);
    const bases = ofModule.filter((file) => file.profile === undefined);
    // Templates count only where the module holds no real configuration file.
    const real = bases.filter((file) => !file.template);
    const applicable = real.length > 0 ? real : bases;
    const baseLayers = applicable.map((file): ConfigLayer => ({ values: file.values, ...(file.uniform ? { uniform: file.uniform } : {}), origin: file.path }));
    const { names, explicit } = activeProfiles(this.layeredLookup(baseLayers));
    const layers: ConfigLayer[] = [];
    const inactive: ConfigLayer[] = [];
    // The last active profile wins; within a profile, .properties over .yml (the files' order).
    for (const name of [...names].reverse()) {
      for (const file of ofModule) if (file.profile === name) layers.push({ values: file.values, ...(file.uniform ? { uniform: file.uniform } : {}), origin: file.path });
    }
    for (const file of ofModule) if (file.profile !== undefined && !names.includes(file.profile)) inactive.push({ values: file.values, ...(file.uniform ? { uniform: file.uniform } : {}), origin: `${file.path} (profile ${file.profile})` });
    for (const file of applicable) {
      // Later documents override earlier ones.
      for (const doc of [...(file.profileDocuments ?? [])].reverse()) {
        const layer = { values: doc.values, uniform: doc.uniform, origin: `${file.path} (on-profile ${doc.expression})` };
        (profileMatches(doc.expression, names) ? layers : inactive).push(layer);
      }
    }
    const config: ModuleConfig = { layers: [...layers, ...baseLayers], explicitProfiles: explicit, inactive };
    this.modules.set(root, config);
    return config;
  }

  private layeredLookup(layers: readonly ConfigLayer[]): PropertyLookup {
    return (key) => {
      for (const layer of layers) {
        const found = valueIn(layer, key);
        if (found) return found;
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

function valueIn(layer: ConfigLayer, key: string): ConfigValue | undefined {
  const value = layer.values.get(key);
  if (value !== undefined) return { value, origin: layer.origin };
  const relaxed = layer.uniform?.get(uniformKey(key));
  return relaxed ? { value: relaxed.value, origin: layer.origin, writtenKey: relaxed.key } : undefined;
}

/**
 * The profiles `spring.profiles.active` (and `.include`) name, placeholders resolved. A value the
 * build fills in (Maven's `@spring.profiles.active@`) or that stays unresolved names none; without
 * one, Spring Boot activates `spring.profiles.default`, itself `default` unless set.
 */
function activeProfiles(lookup: PropertyLookup): { names: string[]; explicit: boolean } {
  const read = (key: string): string[] => {
    const found = lookup(key);
    if (!found || found.value.includes('@')) return [];
    const resolved = resolvePlaceholders(found.value, lookup);
    if (resolved.unresolved.length > 0) return [];
    return resolved.text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  };
  const active = read('spring.profiles.active');
  if (active.length > 0) return { names: [...new Set([...active, ...read('spring.profiles.include')])], explicit: true };
  const fallback = read('spring.profiles.default');
  return { names: [...(fallback.length > 0 ? fallback : ['default']), ...read('spring.profiles.include')], explicit: false };
}

/** Spring's profile expressions: `dev`, `dev,local`, `dev | local`, `prod & cloud`, `!dev`. */
function profileMatches(expression: string, active: readonly string[]): boolean {
  return expression.split(/[,|]/).some((alternative) =>
    alternative.split('&').every((term) => {
      const name = term.replace(/[()\s]/g, '');
      return name.startsWith('!') ? !active.includes(name.slice(1)) : name !== '' && active.includes(name);
    }),
  );
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

/** Flat key → value map of a properties or YAML config file (what applies without a profile); undefined when it does not parse. */
export function readConfigText(path: string, text: string): ReadonlyMap<string, string> | undefined {
  return readConfigDocuments(path, text)?.values;
}

/** A config file's unconditional entries and its profile-activated YAML documents; undefined when it does not parse. */
function readConfigDocuments(path: string, text: string): { values: ReadonlyMap<string, string>; profiles: Array<{ expression: string; values: Map<string, string> }> } | undefined {
  // application.properties.example is still a properties file.
  if (path.slice(path.lastIndexOf('/') + 1).includes('.properties')) return { values: parseProperties(text), profiles: [] };
  return parseYamlDocuments(text);
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
  return parseYamlDocuments(text)?.values;
}

/** A YAML config's documents flattened to dotted keys: merged where no profile condition applies, apart where one does. */
function parseYamlDocuments(text: string): { values: Map<string, string>; profiles: Array<{ expression: string; values: Map<string, string> }> } | undefined {
  const values = new Map<string, string>();
  const profiles: Array<{ expression: string; values: Map<string, string> }> = [];
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return undefined;
  for (const document of documents) {
    if (document.errors.length) return undefined;
    const flat = new Map<string, string>();
    flatten(document.toJS(), '', flat);
    // `spring.profiles` as a scalar is Spring Boot 2.3's name of the condition.
    const expression = flat.get('spring.config.activate.on-profile') ?? flat.get('spring.profiles') ?? listed(flat, 'spring.config.activate.on-profile');
    if (expression !== undefined) {
      profiles.push({ expression, values: flat });
      continue;
    }
    for (const [key, value] of flat) values.set(key, value);
  }
  return { values, profiles };
}

/** A list-valued key flattened as `key[0]`, `key[1]`: its items joined as alternatives. */
function listed(flat: ReadonlyMap<string, string>, key: string): string | undefined {
  const items: string[] = [];
  for (let i = 0; flat.has(`${key}[${i}]`); i++) items.push(flat.get(`${key}[${i}]`)!);
  return items.length > 0 ? items.join(',') : undefined;
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
