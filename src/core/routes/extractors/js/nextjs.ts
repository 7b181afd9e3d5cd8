import { stableHash } from '../../../hash.js';
import { normaliseRoutePath } from '../../normalise-route-path.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import type { JsModuleFacts } from './shared/facts.js';
import { resolveHandler } from './shared/handler-ref.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { dirName, ModuleIndex } from './shared/module-index.js';
import { ValueResolver } from './shared/resolve-values.js';

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
  const routes: Route[] = [];
  for (const { path, facts } of routeFiles) {
    const next = facts.next!;
    const location = routeLocation(path, configDirs, packageDirs);
    if (!location) continue;
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
          signature: stableHash(entry.hash, entry.wrappers.join('\n'), handler.hash),
        });
      }
    }
  }
  return routes;
}

/**
 * The URL path of a route module: the folders below `app` (route groups `(x)` and slots `@x` left
 * out) or below `pages` (index files standing for their folder). The `app`/`pages` folder must sit at
 * a project root (next.config, package.json, the repository root), possibly under `src`.
 */
function routeLocation(path: string, configDirs: ReadonlySet<string>, packageDirs: ReadonlySet<string>): { router: 'app' | 'pages'; path: string } | undefined {
  const segments = path.split('/');
  const isRoot = (index: number): boolean => {
    const parent = segments.slice(0, index).join('/');
    const project = segments[index - 1] === 'src' ? segments.slice(0, index - 1).join('/') : parent;
    return project === '' || configDirs.has(project) || packageDirs.has(project);
  };
  const fileName = segments.at(-1)!;
  for (let i = 0; i < segments.length - 1; i++) {
    if (segments[i] === 'app' && /^route\./.test(fileName) && isRoot(i)) {
      const folders = segments.slice(i + 1, -1);
      // Private folders (_lib) and intercepting routes ((.)x) are not URL segments of a route handler.
      if (folders.some((folder) => folder.startsWith('_') || folder.startsWith('(.'))) return undefined;
      const kept = folders.filter((folder) => !(folder.startsWith('(') && folder.endsWith(')')) && !folder.startsWith('@'));
      return { router: 'app', path: normaliseRoutePath(...kept) };
    }
    if (segments[i] === 'pages' && segments[i + 1] === 'api' && isRoot(i)) {
      const rest = segments.slice(i + 1);
      const stem = rest.at(-1)!.replace(SOURCE_EXTENSION, '');
      if (stem.startsWith('_')) return undefined;
      const pieces = [...rest.slice(0, -1), ...(stem === 'index' ? [] : [stem])];
      return { router: 'pages', path: normaliseRoutePath(...pieces) };
    }
  }
  return undefined;
}
