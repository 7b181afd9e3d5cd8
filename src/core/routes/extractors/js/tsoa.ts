import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import { decoratedControllers, decoratedRoutes, type Placement } from './shared/decorated-routes.js';
import type { JsModuleFacts } from './shared/facts.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { dirName, ModuleIndex } from './shared/module-index.js';
import { ValueResolver } from './shared/resolve-values.js';

/**
 * tsoa: `@Route('users')` classes and their `@Get('{userId}')`/`@Post`/… methods under the base path
 * of the project's tsoa.json (`routes.basePath`, else `spec.basePath`, default `/`). `@Security(…)`
 * (the method's, else the class's unless `@NoSecurity()`) and `@Middlewares(…)` are the routes'
 * middleware, in the order tsoa's generated routes apply them.
 */
export const tsoaExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'tsoa',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: linkTsoa,
};

/** One tsoa configuration file: its folder and base path (undefined when the file was not read). */
interface TsoaConfig {
  dir: string;
  path: string;
  basePath?: string;
  /** Why the base path is uncertain (with basePath) or unknown (without). */
  problem?: string;
  /** How the base path was found, when not from `routes.basePath`. */
  note?: string;
}

const CONFIG_NAME = 'tsoa.json';

function linkTsoa(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>, project: ProjectInfo): Route[] {
  if (!files.some((file) => file.facts.decorated)) return [];
  const controllers = decoratedControllers(files, 'tsoa');
  if (controllers.length === 0) return [];
  const resolver = new ValueResolver(new ModuleIndex(files, project.paths, project.jsAliases), project);
  const configs = readConfigs(project);
  const routes: Route[] = [];
  for (const entry of controllers) {
    const config = configFor(configs, entry.file);
    const placement: Placement = { prefixes: [], notes: [], partial: false };
    if (config?.basePath !== undefined) placement.prefixes.push({ text: config.basePath, partial: false, notes: config.note ? [config.note] : [] });
    else if (config?.problem !== undefined) {
      placement.partial = true;
      placement.notes.push(config.problem);
    }
    const { controller } = entry;
    routes.push(...decoratedRoutes(resolver, entry, placement, (method) => {
      const security = method.auth.length > 0 ? method.auth : method.noAuth ? [] : controller.auth;
      return [...security, ...controller.middleware, ...method.middleware];
    }));
  }
  return routes;
}

/** Every tsoa.json of the tree, read from the project's configuration files when they hold it. */
function readConfigs(project: ProjectInfo): TsoaConfig[] {
  const configs: TsoaConfig[] = [];
  for (const path of project.paths) {
    if (path !== CONFIG_NAME && !path.endsWith(`/${CONFIG_NAME}`)) continue;
    const text = project.configFiles?.get(path);
    const config: TsoaConfig = { dir: dirName(path), path };
    if (text === undefined) config.problem = `base path in ${path} not read`;
    else {
      const found = basePathOf(text);
      if (found === null) config.problem = `${path} does not parse: base path unknown`;
      else if (found !== undefined) {
        config.basePath = found.basePath;
        // tsoa serves routes under routes.basePath; a spec-only base path is where the app is expected to mount them.
        if (found.section !== 'routes') config.note = `base path from ${found.section}.basePath of ${path} (routes.basePath is not set)`;
      }
    }
    configs.push(config);
  }
  return configs;
}

/** `routes.basePath`, else `spec.basePath` (`swagger.basePath` before tsoa 3); undefined when none is set, null when the file is no JSON object. */
function basePathOf(text: string): { basePath: string; section: string } | undefined | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  for (const section of ['routes', 'spec', 'swagger']) {
    const value = parsed[section];
    if (isRecord(value) && typeof value.basePath === 'string') return { basePath: value.basePath, section };
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The configuration nearest above a controller's file; the only one when none is above it. */
function configFor(configs: readonly TsoaConfig[], file: string): TsoaConfig | undefined {
  let best: TsoaConfig | undefined;
  for (const config of configs) {
    const above = config.dir === '' || file.startsWith(`${config.dir}/`);
    if (above && (!best || config.dir.length > best.dir.length)) best = config;
  }
  return best ?? (configs.length === 1 ? configs[0] : undefined);
}
