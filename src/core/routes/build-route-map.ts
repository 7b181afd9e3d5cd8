import { parse as parseDotenv } from 'dotenv';
import type { SourceTree } from '../change-source.js';
import { scanTree, type ParallelScanner, type ScanOptions } from '../analysis/scan-tree.js';
import type { AnalyserSpec, FileAnalyser } from '../analysis/file-analyser.js';
import type { ParsedFile } from '../source/language.js';
import { ROUTE_EXTRACTORS, DOCUMENT_ROUTE_EXTRACTORS } from './extractors/index.js';
import { isDocumentRoute } from './document-routes.js';
import type { DocumentRouteExtractor, ProjectInfo, Route, RouteExtractor, RouteMap } from './types.js';
import type { SkippedFile } from '../source/language.js';
import { readJsModuleAliases } from '../source/js-module-aliases.js';
import { isJavaConfigFile } from './extractors/java/shared/config-index.js';
import { isJavaBuildFile } from './extractors/java/spring-data-rest.js';
import { unreadLanguageFiles } from '../source/unread-languages.js';

const ENV_DEFAULT_FILES = ['.env.example', '.env.sample', '.env.defaults', '.env.template', '.env.dist', 'example.env', 'sample.env'];

/**
 * Collects route facts from every file during a tree scan, then links them into routes.
 * Use it as one scanner among others so the tree is parsed once.
 */
export class RouteCollector implements ParallelScanner {
  private readonly facts = new Map<RouteExtractor, Array<{ path: string; facts: unknown }>>();
  private readonly documentRoutes: Array<{ path: string; routes: Route[] }> = [];
  private readonly byId: ReadonlyMap<string, RouteExtractor>;
  private readonly fileAnalyser: RouteFileAnalyser;
  readonly skipped: SkippedFile[] = [];

  constructor(
    private readonly extractors: readonly RouteExtractor[] = ROUTE_EXTRACTORS,
    private readonly documentExtractors: readonly DocumentRouteExtractor[] = DOCUMENT_ROUTE_EXTRACTORS,
  ) {
    this.byId = new Map(extractors.map((extractor) => [extractor.id, extractor]));
    this.fileAnalyser = new RouteFileAnalyser(extractors, documentExtractors);
  }

  /** A worker builds the same analyser only from the registered extractors (tests may pass others). */
  analyserSpec(): AnalyserSpec | undefined {
    return this.extractors === ROUTE_EXTRACTORS && this.documentExtractors === DOCUMENT_ROUTE_EXTRACTORS ? { kind: 'routes' } : undefined;
  }

  analyser(): FileAnalyser {
    return this.fileAnalyser;
  }

  onFile(file: ParsedFile): void {
    this.absorb(file.path, this.fileAnalyser.file(file));
  }

  onDocument(path: string, text: string): void {
    this.absorb(path, this.fileAnalyser.document(path, text));
  }

  absorb(path: string, output: unknown): void {
    const found = output as RouteFileOutput | undefined;
    if (!found) return;
    for (const [id, facts] of found.facts ?? []) {
      const extractor = this.byId.get(id);
      if (!extractor) continue;
      let list = this.facts.get(extractor);
      if (!list) this.facts.set(extractor, (list = []));
      list.push({ path, facts });
    }
    for (const routes of found.documentRoutes ?? []) this.documentRoutes.push({ path, routes });
    for (const reason of found.failures ?? []) this.skipped.push({ path, reason });
  }

  /**
   * A collector for another ref of the same repository that already holds this one's facts for the
   * files `keep` accepts (files unchanged between the refs), so only the others need parsing.
   */
  seededWith(keep: (path: string) => boolean): RouteCollector {
    const seeded = new RouteCollector(this.extractors, this.documentExtractors);
    for (const [extractor, files] of this.facts) seeded.facts.set(extractor, files.filter((file) => keep(file.path)));
    seeded.documentRoutes.push(...this.documentRoutes.filter((document) => keep(document.path)));
    return seeded;
  }

  /** Resolves prefixes across files and returns every route, sorted by path, method, file, line. */
  link(project: ProjectInfo): Route[] {
    const routes: Route[] = this.documentRoutes.flatMap((document) => document.routes);
    for (const [extractor, files] of this.facts) routes.push(...extractor.link(files, project));
    return dedupeRoutes(sortRoutes(routes));
  }
}

/** What the route extractors found in one file: facts by extractor id, or a document's routes. */
interface RouteFileOutput {
  facts?: Array<[string, unknown]>;
  documentRoutes?: Route[][];
  /** Documents an extractor accepted but could not read, with its message. */
  failures?: string[];
}

/** The per-file half of RouteCollector: each extractor's facts for a file (plain data). */
export class RouteFileAnalyser implements FileAnalyser {
  constructor(
    private readonly extractors: readonly RouteExtractor[],
    private readonly documentExtractors: readonly DocumentRouteExtractor[],
  ) {}

  file(file: ParsedFile): RouteFileOutput | undefined {
    const facts: Array<[string, unknown]> = [];
    for (const extractor of this.extractors) {
      if (!extractor.languages.includes(file.language)) continue;
      const found = extractor.collect(file);
      if (found !== undefined) facts.push([extractor.id, found]);
    }
    return facts.length > 0 ? { facts } : undefined;
  }

  document(path: string, text: string): RouteFileOutput | undefined {
    const documentRoutes: Route[][] = [];
    const failures: string[] = [];
    for (const extractor of this.documentExtractors) {
      if (!extractor.accepts(path, text)) continue;
      try {
        documentRoutes.push(extractor.extract(path, text));
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    return documentRoutes.length > 0 || failures.length > 0 ? { documentRoutes, failures } : undefined;
  }
}

/** Reads variable defaults a repository ships (.env.example and friends) for prefixes from configuration. */
export async function readEnvDefaults(tree: SourceTree): Promise<ProjectInfo['envDefaults']> {
  const defaults = new Map<string, { value: string; file: string }>();
  const paths = await tree.paths();
  const candidates = paths.filter((path) => ENV_DEFAULT_FILES.includes(path.slice(path.lastIndexOf('/') + 1)));
  candidates.sort((a, b) => a.split('/').length - b.split('/').length);
  for (const path of candidates) {
    const text = await tree.read(path);
    if (text === undefined) continue;
    for (const [key, value] of Object.entries(parseDotenv(text))) if (!defaults.has(key)) defaults.set(key, { value, file: path });
  }
  return defaults;
}

/** What every extractor's link step may consult: paths, env defaults, framework config files. */
export async function readProjectInfo(tree: SourceTree): Promise<ProjectInfo> {
  const paths = await tree.paths();
  const configFiles = new Map<string, string>();
  for (const path of paths.filter((candidate) => isJavaConfigFile(candidate) || isJavaBuildFile(candidate) || candidate === 'go.mod' || candidate.endsWith('/go.mod') || candidate === 'tsoa.json' || candidate.endsWith('/tsoa.json'))) {
    const text = await tree.read(path);
    if (text !== undefined) configFiles.set(path, text);
  }
  return { paths, envDefaults: await readEnvDefaults(tree), configFiles, jsAliases: await readJsModuleAliases(tree) };
}

/** The route map of a whole tree (the `routes` command, and tests). */
export async function buildRouteMap(tree: SourceTree, options: ScanOptions = {}): Promise<RouteMap> {
  const collector = new RouteCollector();
  const scan = await scanTree(tree, [collector], options);
  return { ref: tree.ref, routes: collector.link(await readProjectInfo(tree)), skipped: [...scan.skipped, ...collector.skipped, ...unreadLanguageFiles(await tree.paths())] };
}

/**
 * Drops repeated routes: the same declaration reached twice, and the same operation described by
 * several copies of one document (microservice repositories often copy a shared `.proto` or OpenAPI
 * file into each service's folder): the first copy by path stands for all.
 */
function dedupeRoutes(routes: Route[]): Route[] {
  const seen = new Set<string>();
  return routes.filter((route) => {
    const place = isDocumentRoute(route) ? '' : `${route.file}:${route.line}`;
    const key = `${route.method} ${route.path} ${place} ${route.framework}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortRoutes(routes: Route[]): Route[] {
  return routes.sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method) || a.file.localeCompare(b.file) || a.line - b.line,
  );
}
