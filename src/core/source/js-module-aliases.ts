import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { SourceTree } from '../change-source.js';
import { isExcludedFromAnalysis } from '../analysis/excluded-paths.js';
import { dirOf, normalisePath } from './repo-paths.js';

/**
 * How a repository names its own JavaScript/TypeScript modules without relative paths: tsconfig /
 * jsconfig `paths` and `baseUrl`, and the workspace packages of a monorepo imported by package name.
 * Plain data, read once per tree, used by the route extractors and the service map alike.
 */
export interface JsModuleAliases {
  configs: JsPathConfig[];
  packages: JsWorkspacePackage[];
}

/** One tsconfig.json / jsconfig.json, with what it inherits through relative `extends` merged in. */
export interface JsPathConfig {
  /** Directory of the config file ('' for the root). */
  dir: string;
  /** Directory `baseUrl` names, repository-relative, when set. */
  baseUrl?: string;
  /** `paths` patterns ('@app/*') with their targets as repository-relative patterns ('src/app/*'). */
  paths: Array<{ pattern: string; targets: string[] }>;
}

export interface JsWorkspacePackage {
  name: string;
  root: string;
  /** The entry `main`/`module`/`types`/`exports['.']` names, repository-relative, without extension. */
  entry?: string;
}

export const NO_JS_MODULE_ALIASES: JsModuleAliases = { configs: [], packages: [] };

const CONFIG_FILE = /(^|\/)(tsconfig(\.[\w-]+)?|jsconfig)\.json$/;
const MAX_EXTENDS = 8;

/** One read per tree: the route map and the service map both ask. */
const readByTree = new WeakMap<SourceTree, Promise<JsModuleAliases>>();

/** Every tsconfig/jsconfig and package.json of a tree, read once (sources excluded from analysis are skipped). */
export function readJsModuleAliases(tree: SourceTree): Promise<JsModuleAliases> {
  let aliases = readByTree.get(tree);
  if (!aliases) readByTree.set(tree, (aliases = readAliases(tree)));
  return aliases;
}

async function readAliases(tree: SourceTree): Promise<JsModuleAliases> {
  const paths = (await tree.paths()).filter((path) => !isExcludedFromAnalysis(path));
  const texts = new Map<string, string>();
  for (const path of paths) {
    if (!CONFIG_FILE.test(path) && path !== 'package.json' && !path.endsWith('/package.json')) continue;
    const text = await tree.read(path);
    if (text !== undefined) texts.set(path, text);
  }
  const configs: JsPathConfig[] = [];
  for (const path of texts.keys()) {
    if (!CONFIG_FILE.test(path) || /(^|\/)tsconfig\.[\w-]+\.json$/.test(path)) continue; // tsconfig.build.json & co. only through `extends`
    const config = readConfig(path, texts);
    if (config) configs.push(config);
  }
  // The deepest config first: the one nearest to a file decides for it.
  configs.sort((a, b) => b.dir.length - a.dir.length);
  const packages: JsWorkspacePackage[] = [];
  for (const [path, text] of texts) {
    if (CONFIG_FILE.test(path)) continue;
    const manifest = parseObject(text);
    const name = manifest?.['name'];
    if (typeof name !== 'string' || !name) continue;
    const root = dirOf(path);
    const entry = entryOf(manifest!);
    packages.push({ name, root, ...(entry ? { entry: stripExtension(joinPath(root, entry)) } : {}) });
  }
  return { configs, packages };
}

/**
 * Where a non-relative specifier may point in the repository, most likely first: repository-relative
 * paths without extension (the caller tries its extensions and `index` files). Empty for packages
 * that are not the repository's own.
 */
export function aliasCandidates(aliases: JsModuleAliases, from: string, spec: string): string[] {
  const candidates: string[] = [];
  const config = aliases.configs.find((candidate) => candidate.dir === '' || from.startsWith(`${candidate.dir}/`));
  if (config) {
    // TypeScript takes the pattern with the longest prefix before its `*`.
    let best: { prefix: number; star: string; targets: string[] } | undefined;
    for (const { pattern, targets } of config.paths) {
      const star = pattern.indexOf('*');
      if (star === -1) {
        if (pattern === spec && (!best || pattern.length > best.prefix)) best = { prefix: pattern.length, star: '', targets };
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (spec.startsWith(prefix) && spec.endsWith(suffix) && spec.length >= prefix.length + suffix.length && (!best || prefix.length > best.prefix)) {
        best = { prefix: prefix.length, star: spec.slice(prefix.length, spec.length - suffix.length), targets };
      }
    }
    for (const target of best?.targets ?? []) candidates.push(stripExtension(target.replace('*', best!.star)));
    if (config.baseUrl !== undefined) candidates.push(joinPath(config.baseUrl, spec));
  }
  for (const pkg of aliases.packages) {
    if (spec === pkg.name) {
      if (pkg.entry) candidates.push(pkg.entry);
      candidates.push(joinPath(pkg.root, 'src/index'), joinPath(pkg.root, 'index'));
    } else if (spec.startsWith(`${pkg.name}/`)) {
      const rest = spec.slice(pkg.name.length + 1);
      candidates.push(joinPath(pkg.root, rest), joinPath(pkg.root, `src/${rest}`));
    }
  }
  return candidates;
}

/** A config with what its relative `extends` chain gives it (packages like `@tsconfig/node20` carry no paths). */
function readConfig(path: string, texts: ReadonlyMap<string, string>): JsPathConfig | undefined {
  let baseUrl: string | undefined;
  let paths: JsPathConfig['paths'] | undefined;
  let current: string | undefined = path;
  for (let depth = 0; current && depth < MAX_EXTENDS; depth++) {
    const text = texts.get(current);
    const config = text === undefined ? undefined : parseObject(text);
    if (!config) break;
    const dir = dirOf(current);
    const options = asObject(config['compilerOptions']);
    const ownBaseUrl = typeof options?.['baseUrl'] === 'string' ? joinPath(dir, options['baseUrl']) : undefined;
    if (baseUrl === undefined && ownBaseUrl !== undefined) baseUrl = ownBaseUrl;
    const ownPaths = asObject(options?.['paths']);
    if (paths === undefined && ownPaths) {
      // Targets are relative to the baseUrl in force where `paths` is written, else to that config's folder.
      const base = ownBaseUrl ?? baseUrl ?? dir;
      paths = Object.entries(ownPaths)
        .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
        .map(([pattern, targets]) => ({ pattern, targets: targets.filter((target): target is string => typeof target === 'string').map((target) => joinPath(base, target)) }));
    }
    const parent = config['extends'];
    const next = typeof parent === 'string' ? parent : Array.isArray(parent) && typeof parent[0] === 'string' ? parent[0] : undefined;
    current = next?.startsWith('.') ? withJson(joinPath(dir, next)) : undefined;
  }
  if (baseUrl === undefined && paths === undefined) return undefined;
  return { dir: dirOf(path), ...(baseUrl !== undefined ? { baseUrl } : {}), paths: paths ?? [] };
}

function entryOf(manifest: Record<string, unknown>): string | undefined {
  const exported = manifest['exports'];
  const dot = typeof exported === 'string' ? exported : asObject(exported)?.['.'];
  const fromExports = typeof dot === 'string' ? dot : firstString(asObject(dot));
  for (const candidate of [manifest['source'], manifest['module'], manifest['main'], fromExports, manifest['types']]) {
    if (typeof candidate === 'string' && candidate) return candidate;
  }
  return undefined;
}

function firstString(object: Record<string, unknown> | undefined): string | undefined {
  for (const key of ['import', 'require', 'default', 'types']) if (typeof object?.[key] === 'string') return object[key];
  return undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  return asObject(value);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function withJson(path: string): string {
  return path.endsWith('.json') ? path : `${path}.json`;
}

/** `dist/index.js` → `dist/index`: the caller maps emitted files back to sources. */
function stripExtension(path: string): string {
  return path.replace(/\.(d\.ts|[cm]?[jt]sx?)$/, '');
}

/** Joins repository-relative paths, resolving `.` and `..` (never above the root). */
function joinPath(dir: string, relative: string): string {
  return normalisePath(`${dir}/${relative}`);
}
