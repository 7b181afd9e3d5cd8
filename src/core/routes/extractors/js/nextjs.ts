import { stableHash } from '../../../hash.js';
import { normaliseRoutePath } from '../../normalise-route-path.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import type { JsModuleFacts } from './shared/facts.js';
import { resolveHandler } from './shared/handler-ref.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { dirName, ModuleIndex } from './shared/module-index.js';
import { own } from './shared/facts.js';
import { ValueResolver, type Resolved, type ResolvedText } from './shared/resolve-values.js';

/**
 * Next.js file-system API routes: app-router `route.ts` modules exporting GET/POST/… and pages-router
 * `pages/api/**` default handlers (ANY, or the methods the handler tests `req.method` against).
 * Only in repositories that use Next.js (a next.config.* file, or modules importing next).
 */
export const nextjsExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'nextjs',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: linkNext,
};

const NEXT_CONFIG = /(^|\/)next\.config\.(js|mjs|cjs|ts|mts)$/;
const SOURCE_EXTENSION = /\.(ts|tsx|js|jsx|mjs|cjs)$/;

function linkNext(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>, project: ProjectInfo): Route[] {
  const routeFiles = files.filter((file) => file.facts.next);
  if (routeFiles.length === 0) return [];
  const configDirs = new Set(project.paths.filter((path) => NEXT_CONFIG.test(path)).map(dirName));
  const usesNext = configDirs.size > 0 || files.some((file) => file.facts.frameworks.includes('nextjs'));
  if (!usesNext) return [];
  const packageDirs = new Set(project.paths.filter((path) => path === 'package.json' || path.endsWith('/package.json')).map(dirName));
  const resolver = new ValueResolver(new ModuleIndex(files, project.paths, project.jsAliases), project);
  const configPaths = project.paths.filter((path) => NEXT_CONFIG.test(path));
  const basePaths = new Map<string, ResolvedText>();
  const basePathOf = (dir: string): ResolvedText => {
    let known = basePaths.get(dir);
    if (!known) basePaths.set(dir, (known = readBasePath(resolver, configPaths.filter((path) => dirName(path) === dir))));
    return known;
  };
  const routes: Route[] = [];
  for (const { path, facts } of routeFiles) {
    const next = facts.next!;
    const found = routeLocation(path, configDirs, packageDirs);
    if (!found) continue;
    // basePath puts every route of the app, API routes included, below it.
    const base = basePathOf(found.project);
    const location = { ...found, path: normaliseRoutePath(base.text, found.path) };
    const prefixed = { ...(base.partial ? { partial: true } : {}), ...(base.notes.length > 0 ? { notes: base.notes } : {}) };
    if (location.router === 'app') {
      for (const entry of next.methods) {
        const handler = resolveHandler(resolver, path, entry.handler);
        routes.push({
          method: entry.method,
          path: location.path,
          file: path,
          line: entry.line,
          framework: 'nextjs',
          handler: handler.ref,
          middleware: entry.wrappers,
          ...prefixed,
          signature: stableHash(entry.hash, entry.wrappers.join('\n'), handler.hash),
        });
      }
    } else if (next.defaultExport) {
      const entry = next.defaultExport;
      const handler = resolveHandler(resolver, path, entry.handler);
      const methods = next.comparedMethods.length > 0 ? next.comparedMethods : ['ANY'];
      for (const method of methods) {
        routes.push({
          method,
          path: location.path,
          file: path,
          line: entry.line,
          framework: 'nextjs',
          handler: handler.ref,
          middleware: entry.wrappers,
          ...prefixed,
          signature: stableHash(entry.hash, entry.wrappers.join('\n'), handler.hash),
        });
      }
    }
  }
  return routes;
}

const NO_BASE_PATH: ResolvedText = { text: '', partial: false, notes: [] };

/**
 * The `basePath` of a Next.js app's config (`module.exports = {…}`, `export default {…}`, through a
 * variable, a plugin wrapper `withX(config)` or a config function's return value). A config the
 * analysis cannot read is taken to have none; a basePath computed at run time makes routes partial.
 */
function readBasePath(resolver: ValueResolver, configPaths: readonly string[]): ResolvedText {
  for (const path of configPaths) {
    const facts = resolver.index.facts(path);
    if (!facts) continue;
    const exported = own(facts.exports, 'default') ? resolver.exportOf(path, 'default') : resolver.moduleValue(path);
    const config = configObject(resolver, exported, 0);
    if (!config) continue;
    const written = own(config.props, 'basePath');
    if (!written) return NO_BASE_PATH;
    const value = resolver.text(resolver.resolve(config.file, written.v), written.text);
    return { ...value, notes: [`basePath from ${path}`, ...value.notes] };
  }
  return NO_BASE_PATH;
}

/** Wrappers and config functions are shallow: a couple of levels. */
const MAX_CONFIG_DEPTH = 4;

function configObject(resolver: ValueResolver, value: Resolved, depth: number): Extract<Resolved, { k: 'rec' }> | undefined {
  if (depth > MAX_CONFIG_DEPTH) return undefined;
  switch (value.k) {
    case 'rec':
      return value;
    case 'fn':
      return configObject(resolver, resolver.returnOf(value.file, value.id), depth + 1);
    case 'extCall': {
      // withBundleAnalyzer(config), withSentryConfig(config, options): the plugin keeps the app's basePath.
      const first = value.args[0];
      return first ? configObject(resolver, resolver.resolve(value.file, first.v), depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The URL path of a route module: the folders below `app` (route groups `(x)` and slots `@x` left
 * out) or below `pages` (index files standing for their folder). The `app`/`pages` folder must sit at
 * a project root (next.config, package.json, the repository root), possibly under `src`.
 */
function routeLocation(path: string, configDirs: ReadonlySet<string>, packageDirs: ReadonlySet<string>): { router: 'app' | 'pages'; path: string; project: string } | undefined {
  const segments = path.split('/');
  const projectOf = (index: number): string => (segments[index - 1] === 'src' ? segments.slice(0, index - 1) : segments.slice(0, index)).join('/');
  const isRoot = (index: number): boolean => {
    const project = projectOf(index);
    return project === '' || configDirs.has(project) || packageDirs.has(project);
  };
  const fileName = segments.at(-1)!;
  for (let i = 0; i < segments.length - 1; i++) {
    if (segments[i] === 'app' && /^route\./.test(fileName) && isRoot(i)) {
      const folders = segments.slice(i + 1, -1);
      // Private folders (_lib) and intercepting routes ((.)x) are not URL segments of a route handler.
      if (folders.some((folder) => folder.startsWith('_') || folder.startsWith('(.'))) return undefined;
      const kept = folders.filter((folder) => !(folder.startsWith('(') && folder.endsWith(')')) && !folder.startsWith('@'));
      return { router: 'app', path: normaliseRoutePath(...kept), project: projectOf(i) };
    }
    if (segments[i] === 'pages' && segments[i + 1] === 'api' && isRoot(i)) {
      const rest = segments.slice(i + 1);
      const stem = rest.at(-1)!.replace(SOURCE_EXTENSION, '');
      if (stem.startsWith('_')) return undefined;
      const pieces = [...rest.slice(0, -1), ...(stem === 'index' ? [] : [stem])];
      return { router: 'pages', path: normaliseRoutePath(...pieces), project: projectOf(i) };
    }
  }
  return undefined;
}
