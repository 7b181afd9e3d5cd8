import type { SourceTree } from '../../change-source.js';
import type { Route } from '../../routes/types.js';
import { findServiceRoots, ServiceOwners, type ServiceRoot } from '../../services/find-services.js';
import { observabilityLibraries } from '../../services/library-catalog.js';
import type { FileFacts, ServiceChanges } from '../../services/types.js';
import type { FileView, RuleLanguage } from '../types.js';
import { findEntryPoints } from './entry-points.js';
import { isNonServicePath } from './path-kind.js';
import { importsModule } from './read-imports.js';
import { dirOf, normalisePath } from '../../source/repo-paths.js';
import { languageOf } from '../../source/language.js';
import { treeCache } from '../../source/tree-cache.js';

/** What one file of the head tree tells about the deployable unit it belongs to. */
export interface UnitFileFacts {
  family: RuleLanguage;
  /** Starts a server (`app.listen`, `ListenAndServe`, `uvicorn.run`, `SpringApplication.run`) outside scripts. */
  serves: boolean;
  /** Go `package main` with a `func main`: a binary (several in one module are separate units). */
  goMain: boolean;
  /** Metrics libraries the file imports. */
  metrics: string[];
  /** Module specifiers the file imports (to follow into shared libraries of the repository). */
  imports: string[];
}

/**
 * Metrics libraries the service map's catalog does not list (agents and exporters). Matched like
 * imports: the module itself or a sub-path/sub-module of it.
 */
const EXTRA_METRICS: Record<RuleLanguage, readonly string[]> = {
  js: ['newrelic', 'elastic-apm-node', 'express-prometheus-middleware', 'prometheus-api-metrics', 'fastify-metrics', '@opentelemetry/sdk-node', '@opentelemetry/auto-instrumentations-node', 'statsd-client'],
  python: ['django_prometheus', 'starlette_exporter', 'prometheus_flask_exporter', 'aioprometheus', 'newrelic', 'elasticapm'],
  go: ['github.com/armon/go-metrics', 'github.com/hashicorp/go-metrics', 'github.com/rcrowley/go-metrics', 'github.com/VictoriaMetrics/metrics', 'github.com/newrelic/go-agent', 'github.com/newrelic/go-agent/v3'],
  java: ['io.dropwizard.metrics', 'com.codahale.metrics', 'com.newrelic', 'co.elastic.apm'],
};

/**
 * Words in a unit's build manifest that give it metrics without an import in the code: Spring Boot
 * Actuator brings Micrometer and `/actuator/metrics`, agents (`dd-trace`, New Relic) instrument on load.
 */
const MANIFEST_METRICS_WORDS = ['prom-client', 'prometheus', 'micrometer', 'spring-boot-starter-actuator', 'opentelemetry', 'dd-trace', 'ddtrace', 'dd-java-agent', 'datadog', 'statsd', 'hot-shots', 'newrelic', 'elastic-apm', 'dropwizard', 'go-metrics', 'victoriametrics'];
const MANIFEST_NAMES = ['package.json', 'pyproject.toml', 'requirements.txt', 'Pipfile', 'setup.py', 'setup.cfg', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'go.mod'];
const JAVA_BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];
const PYTHON_MANIFESTS = ['pyproject.toml', 'requirements.txt', 'Pipfile', 'setup.py', 'setup.cfg'];
const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts'];
/** Bound on the files followed through imports when looking for a unit's metrics (shared libraries are shallow). */
const MAX_FOLLOWED_FILES = 5000;

/** Per file, by its root node (two rules ask during the same pass). */
const fileFacts = treeCache<object, UnitFileFacts | null>('unit file facts');

/** The unit facts of one file (computed once per file; undefined when the file shows nothing). */
export function unitFileFacts(file: FileView): UnitFileFacts | undefined {
  let facts = fileFacts.get(file.root);
  if (facts === undefined) fileFacts.set(file.root, (facts = readUnitFileFacts(file) ?? null));
  return facts ?? undefined;
}

function readUnitFileFacts(file: FileView): UnitFileFacts | undefined {
  const family = file.family;
  const imports = family === 'go' ? file.imports.filter((spec) => spec.split('/')[0]!.includes('.')) : [...file.imports];
  const serves = !isNonServicePath(file.path) && findEntryPoints(file).length > 0;
  const goMain = family === 'go' && isGoMain(file);
  const metrics = [...observabilityLibraries(family, file.imports, 'metrics'), ...EXTRA_METRICS[family].filter((module) => importsModule(file.imports, [module]))];
  if (!serves && !goMain && metrics.length === 0 && imports.length === 0) return undefined;
  return { family, serves, goMain, metrics: [...new Set(metrics)], imports };
}

function isGoMain(file: FileView): boolean {
  if (!file.mentionsName('main')) return false;
  let main = false;
  let hasFunc = false;
  for (const statement of file.root.children()) {
    const kind = statement.kind();
    if (kind === 'package_clause') main = statement.children().some((child) => child.kind() === 'package_identifier' && child.text() === 'main');
    else if (kind === 'function_declaration' && statement.field('name')?.text() === 'main') hasFunc = true;
  }
  return main && hasFunc;
}

/**
 * The file whose unit serves a route. Java routes are annotations, and those on an interface (a
 * Micronaut or JAX-RS `*Operations`/`*Api` module, a Spring `@RequestMapping` interface) are served
 * by the class that implements them, often in another module: the interface's module is the
 * service's published contract, not a server. Elsewhere a route is registered by the code that
 * declares it, even when its handler function comes from a library.
 */
function servingFile(route: Route): string {
  return route.handler && languageOf(route.file) === 'java' ? route.handler.file : route.file;
}

/** What the rules hand over to build the units of the head tree. */
export interface RepositoryUnitsInput {
  headTree: SourceTree;
  headRoutes: readonly Route[];
  services: ServiceChanges;
  /** What `unitFileFacts` returned for every file of the head tree (a rule's `collected`). */
  collected: ReadonlyArray<{ path: string; facts: unknown }>;
}

/** One load per head tree: the rules that need the units share it. */
const loaded = new WeakMap<SourceTree, Promise<RepositoryUnits>>();

/**
 * The deployable units of the head tree as the service map finds them (manifests, Go binaries), with
 * what rules ask about all of them: which serve traffic, which use metrics, and where an import leads.
 * The service changes describe only the services a PR touches; rules about boundaries and conventions
 * need the others too.
 */
export class RepositoryUnits {
  private readonly owners: ServiceOwners;
  private readonly filesByRoot = new Map<string, string[]>();
  private readonly filesByDir = new Map<string, string[]>();
  private readonly servesMemo = new Map<string, boolean>();
  private readonly metricsMemo = new Map<string, Promise<string[]>>();
  private readonly metricsKnown = new Map<string, string[]>();
  private dirs: Set<string> | undefined;
  private javaByName: Map<string, string[]> | undefined;
  private pyRoots: string[] | undefined;
  private withRoutes: Set<string> | undefined;

  private constructor(
    private readonly input: RepositoryUnitsInput,
    readonly units: readonly ServiceRoot[],
    private readonly paths: ReadonlySet<string>,
    private readonly facts: ReadonlyMap<string, UnitFileFacts>,
    /** npm workspace package names → their directory. */
    private readonly packages: ReadonlyMap<string, string>,
    /** Go module paths → their directory. */
    private readonly goModules: ReadonlyArray<{ module: string; root: string }>,
  ) {
    this.owners = new ServiceOwners(units);
    for (const path of facts.keys()) {
      const root = this.owners.ownerOf(path)?.root;
      if (root !== undefined) push(this.filesByRoot, root, path);
      push(this.filesByDir, dirOf(path), path);
    }
  }

  /** The units of a head tree (built once per tree). */
  static load(input: RepositoryUnitsInput): Promise<RepositoryUnits> {
    let units = loaded.get(input.headTree);
    if (!units) loaded.set(input.headTree, (units = RepositoryUnits.build(input)));
    return units;
  }

  private static async build(input: RepositoryUnitsInput): Promise<RepositoryUnits> {
    const tree = input.headTree;
    const paths = await tree.paths();
    const facts = new Map<string, UnitFileFacts>();
    for (const { path, facts: value } of input.collected) facts.set(path, value as UnitFileFacts);
    // The service map's own unit finder, so that roots and names match the services of the changes.
    // It reads only the package name and `func main` of Go files.
    const goMains = [...facts].filter(([, value]) => value.goMain).map(([path]) => goMainFacts(path));
    const units = await findServiceRoots(paths, (path) => tree.read(path), goMains);
    const packages = new Map<string, string>();
    const goModules: Array<{ module: string; root: string }> = [];
    for (const path of paths) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if ((name !== 'package.json' && name !== 'go.mod') || path.split('/').some((segment) => segment === 'node_modules' || segment === 'vendor')) continue;
      const text = await tree.read(path);
      if (text === undefined) continue;
      if (name === 'package.json') {
        const packageName = packageNameOf(text);
        if (packageName) packages.set(packageName, dirOf(path));
      } else {
        const module = text.split('\n').map((line) => line.trim()).find((line) => line.startsWith('module '))?.slice(7).trim().replace(/^"|"$/g, '');
        if (module) goModules.push({ module, root: dirOf(path) });
      }
    }
    goModules.sort((a, b) => b.module.length - a.module.length);
    return new RepositoryUnits(input, units, new Set(paths), facts, packages, goModules);
  }

  /** The unit that owns a path (a directory is written with a trailing `/`). */
  unitOf(path: string): ServiceRoot | undefined {
    return this.owners.ownerOf(path);
  }

  /** True when the unit serves requests: it starts a server or declares routes (OpenAPI documents aside). */
  serves(unit: ServiceRoot): boolean {
    let answer = this.servesMemo.get(unit.root);
    if (answer === undefined) {
      // Not the service map's routes: it files a route under its declaration, contracts included.
      answer = (this.filesByRoot.get(unit.root) ?? []).some((path) => this.facts.get(path)!.serves) || this.routeRoots().has(unit.root);
      this.servesMemo.set(unit.root, answer);
    }
    return answer;
  }

  /** Roots of the units that declare routes in code (OpenAPI documents describe, they do not serve). */
  private routeRoots(): Set<string> {
    if (!this.withRoutes) {
      this.withRoutes = new Set();
      for (const route of this.input.headRoutes) {
        const root = route.framework === 'openapi' ? undefined : this.unitOf(servingFile(route))?.root;
        if (root !== undefined) this.withRoutes.add(root);
      }
    }
    return this.withRoutes;
  }

  /**
   * Where an import leads in the repository: files, or directories written with a trailing `/`.
   * `modules` are tried in order (see ImportSite); empty when the import leaves the repository.
   */
  resolve(from: string, family: RuleLanguage, modules: readonly string[]): string[] {
    for (const module of modules) {
      const found = this.resolveOne(from, family, module);
      if (found.length > 0) return found;
    }
    return [];
  }

  private resolveOne(from: string, family: RuleLanguage, module: string): string[] {
    switch (family) {
      case 'js':
        return this.resolveJs(from, module);
      case 'python':
        return this.resolvePython(from, module);
      case 'go':
        return this.resolveGo(module);
      case 'java':
        return this.resolveJava(module);
    }
  }

  private resolveJs(from: string, specifier: string): string[] {
    if (specifier.startsWith('.')) return this.jsFile(normalisePath(`${dirOf(from)}/${specifier}`));
    // A workspace package by name (`@scope/name` or `name`), or a file deep inside it.
    const segments = specifier.split('/');
    const name = segments.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    const root = this.packages.get(name);
    if (root === undefined) return [];
    const rootDir = root ? `${root}/` : '';
    if (specifier === name) return [rootDir];
    const inside = this.jsFile(normalisePath(`${root}/${specifier.slice(name.length + 1)}`));
    return inside.length > 0 ? inside : [rootDir];
  }

  private jsFile(base: string): string[] {
    const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
    const candidates = [base, ...JS_EXTENSIONS.map((ext) => `${stem}${ext}`), ...JS_EXTENSIONS.map((ext) => `${stem}/index${ext}`)];
    const file = candidates.find((candidate) => this.paths.has(candidate));
    if (file) return [file];
    return this.directories().has(base) ? [`${base}/`] : [];
  }

  /**
   * Like Python: a relative import from the file's package; an absolute one from the first directory
   * on the path that holds its top-level package. The path is guessed as the file's ancestors (nearest
   * first), `src/`, then the roots of the repository's Python units. Inside the importer's own unit a
   * directory counts as a (namespace) package; elsewhere only a module file or `__init__.py` does, so
   * that `import redis` never lands on some folder that happens to be called `redis`.
   */
  private resolvePython(from: string, module: string): string[] {
    const dots = /^\.+/.exec(module)?.[0].length ?? 0;
    const rest = module.slice(dots).split('.').filter(Boolean).join('/');
    if (dots > 0) {
      let dir = dirOf(from);
      for (let i = 1; i < dots; i++) dir = dirOf(dir);
      if (!rest) return [dir ? `${dir}/` : ''];
      return this.pythonInPackage(dir, rest) ?? [];
    }
    const own = this.unitOf(from)?.root;
    const bases: string[] = [];
    for (let dir = dirOf(from); ; dir = dirOf(dir)) {
      bases.push(dir);
      if (!dir) break;
    }
    bases.push('src', ...this.pythonRoots());
    for (const base of new Set(bases)) {
      const inside = own !== undefined && (base === own || own === '' || base.startsWith(`${own}/`));
      const found = inside ? this.pythonInPackage(base, rest) : this.pythonModule(base, rest);
      if (found) return found;
    }
    return [];
  }

  /** The module under `base` when `base` holds its top-level package (the search stops there, found or not). */
  private pythonInPackage(base: string, rest: string): string[] | undefined {
    const top = [base, rest.split('/')[0]!].filter(Boolean).join('/');
    if (!this.paths.has(`${top}.py`) && !this.directories().has(top)) return undefined;
    const module = this.pythonModule(base, rest);
    if (module) return module;
    const stem = [base, rest].filter(Boolean).join('/');
    if (this.directories().has(stem)) return [`${stem}/`];
    // A name defined in the package's `__init__` (`from app import create_app`): the package itself.
    return [this.paths.has(`${top}.py`) ? `${top}.py` : `${top}/`];
  }

  /** The module file or package `__init__.py` under `base`, if it exists. */
  private pythonModule(base: string, rest: string): string[] | undefined {
    const stem = [base, rest].filter(Boolean).join('/');
    for (const candidate of [`${stem}.py`, `${stem}/__init__.py`]) if (this.paths.has(candidate)) return [candidate];
    return undefined;
  }

  private resolveGo(importPath: string): string[] {
    const owner = this.goModules.find(({ module }) => importPath === module || importPath.startsWith(`${module}/`));
    if (!owner) return [];
    const dir = [owner.root, importPath.slice(owner.module.length + 1)].filter(Boolean).join('/');
    return this.directories().has(dir) ? [`${dir}/`] : [];
  }

  private resolveJava(name: string): string[] {
    if (name.endsWith('.*')) {
      const suffix = `/${name.slice(0, -2).replace(/\./g, '/')}`;
      return [...this.directories()].filter((dir) => dir.endsWith(suffix) && (this.filesByDir.get(dir) ?? []).some((path) => path.endsWith('.java'))).map((dir) => `${dir}/`);
    }
    const path = `${name.replace(/\./g, '/')}.java`;
    const file = path.slice(path.lastIndexOf('/') + 1);
    return (this.javaFiles().get(file) ?? []).filter((candidate) => candidate === path || candidate.endsWith(`/${path}`));
  }

  /** The files of a resolved import: the file itself, or the analysed files directly in a directory. */
  filesAt(target: string): readonly string[] {
    return target.endsWith('/') ? (this.filesByDir.get(target.slice(0, -1)) ?? []) : [target];
  }

  /**
   * The metrics a unit uses (library names, or `name (build)` for a build manifest that brings them):
   * in its own code, in its manifests, or in the shared libraries of the repository its code imports.
   * Empty when none is found.
   */
  metricsOf(unit: ServiceRoot): Promise<string[]> {
    let found = this.metricsMemo.get(unit.root);
    if (!found) {
      found = this.readMetrics(unit).then((names) => {
        this.metricsKnown.set(unit.root, names);
        return names;
      });
      this.metricsMemo.set(unit.root, found);
    }
    return found;
  }

  /** What `metricsOf` found for the unit at `root`, if it was asked already (for synchronous callers). */
  knownMetricsOf(root: string): readonly string[] | undefined {
    return this.metricsKnown.get(root);
  }

  private async readMetrics(unit: ServiceRoot): Promise<string[]> {
    const own = this.filesByRoot.get(unit.root) ?? [];
    const inCode = new Set(own.flatMap((path) => this.facts.get(path)!.metrics));
    if (inCode.size > 0) return [...inCode].sort();
    const inBuild = await this.manifestMetrics(unit);
    if (inBuild) return [`${inBuild} (build)`];
    return this.importedMetrics(unit, own);
  }

  private async manifestMetrics(unit: ServiceRoot): Promise<string | undefined> {
    const prefix = unit.root ? `${unit.root}/` : '';
    const manifests = MANIFEST_NAMES.map((name) => `${prefix}${name}`).filter((path) => this.paths.has(path));
    // Maven parents and Gradle root projects give their dependencies to the modules below them.
    if (manifests.some((path) => JAVA_BUILD_FILES.some((name) => path.endsWith(name)))) {
      for (let dir = unit.root; dir; ) {
        dir = dirOf(dir);
        for (const name of JAVA_BUILD_FILES) if (this.paths.has(dir ? `${dir}/${name}` : name)) manifests.push(dir ? `${dir}/${name}` : name);
      }
    }
    for (const path of manifests) {
      const text = await this.input.headTree.read(path);
      if (text === undefined) continue;
      const relevant = manifestDependencies(path, text).toLowerCase();
      const word = MANIFEST_METRICS_WORDS.find((candidate) => relevant.includes(candidate));
      if (word) return word;
    }
    return undefined;
  }

  /** Metrics found by following the unit's imports into shared code (libraries, its Go module's packages). */
  private importedMetrics(unit: ServiceRoot, own: readonly string[]): string[] {
    const seen = new Set(own);
    const queue = [...own];
    while (queue.length > 0 && seen.size < MAX_FOLLOWED_FILES) {
      const path = queue.shift()!;
      const facts = this.facts.get(path);
      if (!facts) continue;
      if (facts.metrics.length > 0) return [...facts.metrics].sort();
      for (const specifier of facts.imports) {
        for (const target of this.resolve(path, facts.family, [specifier])) {
          const owner = this.unitOf(target);
          // Another service's code is not this one's instrumentation; a library's or a parent module's is.
          if (!owner || (owner.root !== unit.root && !isAncestor(owner.root, unit.root) && this.serves(owner))) continue;
          for (const file of this.filesAt(target)) {
            if (seen.has(file)) continue;
            seen.add(file);
            queue.push(file);
          }
        }
      }
    }
    return [];
  }

  /**
   * Where the Python units of a monorepo put their packages (root and `src/`): they are installed beside
   * each other (editable installs, path dependencies), so `import inventory` may be another unit's code.
   */
  private pythonRoots(): string[] {
    if (!this.pyRoots) {
      this.pyRoots = this.units
        .filter((unit) => PYTHON_MANIFESTS.some((name) => this.paths.has(unit.root ? `${unit.root}/${name}` : name)))
        .flatMap((unit) => [unit.root, unit.root ? `${unit.root}/src` : 'src']);
    }
    return this.pyRoots;
  }

  private directories(): Set<string> {
    if (!this.dirs) {
      const dirs = new Set<string>();
      for (const path of this.paths) for (let dir = dirOf(path); dir && !dirs.has(dir); dir = dirOf(dir)) dirs.add(dir);
      this.dirs = dirs;
    }
    return this.dirs;
  }

  private javaFiles(): Map<string, string[]> {
    if (!this.javaByName) {
      const byName = new Map<string, string[]>();
      for (const path of this.paths) if (path.endsWith('.java')) push(byName, path.slice(path.lastIndexOf('/') + 1), path);
      this.javaByName = byName;
    }
    return this.javaByName;
  }
}

/** True when `root` is an ancestor directory of `other` (the repository root is everyone's). */
export function isAncestor(root: string, other: string): boolean {
  return root !== other && (root === '' || other.startsWith(`${root}/`));
}

/** The dependency part of a manifest: a Maven `dependencyManagement` block only pins versions; Go `// indirect` lines are not the unit's choice. */
function manifestDependencies(path: string, text: string): string {
  if (path.endsWith('go.mod')) return text.split('\n').filter((line) => !line.includes('// indirect')).join('\n');
  if (path.endsWith('pom.xml')) {
    const start = text.indexOf('<dependencyManagement>');
    const end = text.indexOf('</dependencyManagement>');
    if (start !== -1 && end > start) return text.slice(0, start) + text.slice(end);
  }
  return text;
}

function goMainFacts(path: string): FileFacts {
  return {
    path,
    family: 'go',
    package: 'main',
    imports: [],
    functions: [{ name: 'main', startLine: 1, endLine: 1, params: [], decorators: [], calls: [] }],
    types: [],
    signals: [],
    logging: [],
    metrics: [],
    instances: [],
  };
}

function packageNameOf(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { name?: unknown };
    return typeof json.name === 'string' && json.name ? json.name : undefined;
  } catch {
    // An unreadable package.json names nothing that imports could use.
    return undefined;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}


