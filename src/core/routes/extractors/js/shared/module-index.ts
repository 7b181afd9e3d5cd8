import type { JsModuleFacts } from './facts.js';
import { mayBeLocalModule } from './collect-router-calls.js';
import { aliasCandidates, NO_JS_MODULE_ALIASES, type JsModuleAliases } from '../../../../source/js-module-aliases.js';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** TypeScript ESM imports name the emitted file: './routes.js' is routes.ts in the source tree. */
const EMITTED_TO_SOURCE: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/** The analysed modules of a tree, and module specifiers resolved to their paths. */
export class ModuleIndex {
  private readonly byPath = new Map<string, JsModuleFacts>();
  private readonly paths: ReadonlySet<string>;
  private readonly resolved = new Map<string, string | undefined>();

  constructor(
    files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>,
    paths: readonly string[],
    private readonly aliases: JsModuleAliases = NO_JS_MODULE_ALIASES,
  ) {
    for (const file of files) this.byPath.set(file.path, file.facts);
    this.paths = new Set([...paths, ...this.byPath.keys()]);
  }

  facts(path: string): JsModuleFacts | undefined {
    return this.byPath.get(path);
  }

  all(): IterableIterator<JsModuleFacts> {
    return this.byPath.values();
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  allPaths(): ReadonlySet<string> {
    return this.paths;
  }

  /**
   * The path a specifier names from a module: relative specifiers (with or without extension, a
   * directory's index), then the aliases the repository declares (tsconfig `paths`/`baseUrl`,
   * workspace packages), then path aliases tried from the importing module's ancestors ('@/x', '~/x',
   * 'src/x', baseUrl-style 'modules/x'). Undefined for packages.
   */
  resolve(from: string, spec: string): string | undefined {
    // What a specifier names depends on the importing module's directory only: modules of one folder share answers.
    const dir = dirName(from);
    const key = `${dir}\u0000${spec}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const path = this.lookup(dir, spec);
    this.resolved.set(key, path);
    return path;
  }

  /**
   * Analysed modules in `base` and the folders below it, by directory (the root's modules, folder '',
   * are below no base).
   */
  directoriesUnder(base: string): Array<[string, readonly string[]]> {
    const directories = this.byDirectory();
    this.sortedDirectories ??= [...directories.keys()].sort();
    const sorted = this.sortedDirectories;
    const found: Array<[string, readonly string[]]> = [];
    if (base !== '' && directories.has(base)) found.push([base, directories.get(base)!]);
    // Folders below `base` sort together, right from the first one at or after `base/`.
    const prefix = base + '/';
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < sorted.length && sorted[i]!.startsWith(prefix); i++) found.push([sorted[i]!, directories.get(sorted[i]!)!]);
    return found;
  }

  private sortedDirectories: string[] | undefined;

  /** Analysed modules by directory, in the order they were analysed. */
  byDirectory(): ReadonlyMap<string, readonly string[]> {
    if (!this.directories) {
      const directories = new Map<string, string[]>();
      for (const path of this.byPath.keys()) {
        const dir = dirName(path);
        const list = directories.get(dir);
        if (list) list.push(path);
        else directories.set(dir, [path]);
      }
      this.directories = directories;
    }
    return this.directories;
  }

  private directories: Map<string, string[]> | undefined;

  private lookup(dir: string, spec: string): string | undefined {
    if (spec.startsWith('.')) return this.file(joinPath(dir, spec));
    if (spec.startsWith('/')) return this.file(joinPath('', spec));
    // What the repository declares (tsconfig paths and baseUrl, workspace packages) before guessing.
    for (const candidate of aliasCandidates(this.aliases, dir === '' ? 'index.ts' : `${dir}/index.ts`, spec)) {
      const found = this.file(candidate);
      if (found) return found;
    }
    // tsconfig paths such as '@routes/*' → 'src/routes/*': only taken when such a file exists.
    if (spec.startsWith('@') && !spec.startsWith('@/')) return this.aliasFile(dir, spec.slice(1));
    if (!mayBeLocalModule(spec) || spec.startsWith('#')) return this.baseUrlFile(dir, spec);
    const rest = spec.startsWith('@/') || spec.startsWith('~/') ? spec.slice(2) : spec.startsWith('~') ? spec.slice(1) : spec;
    return this.aliasFile(dir, rest);
  }

  private aliasFile(dir: string, rest: string): string | undefined {
    for (const ancestor of ancestorsOf(dir)) {
      const found = this.file(joinPath(ancestor, 'src/' + rest)) ?? this.file(joinPath(ancestor, rest));
      if (found) return found;
    }
    return undefined;
  }

  /** `import config from 'config'` with baseUrl 'src': only tried from a 'src' directory, where it is common. */
  private baseUrlFile(dir: string, spec: string): string | undefined {
    if (spec.startsWith('@') || spec.startsWith('#')) return undefined;
    for (const ancestor of ancestorsOf(dir)) {
      if (!(ancestor === 'src' || ancestor.endsWith('/src'))) continue;
      const found = this.file(joinPath(ancestor, spec));
      if (found) return found;
    }
    return undefined;
  }

  private file(base: string | undefined): string | undefined {
    if (base === undefined) return undefined;
    // Path aliases try the same candidates from every folder of a project: each is looked up once.
    if (this.files.has(base)) return this.files.get(base);
    const found = this.findFile(base);
    this.files.set(base, found);
    return found;
  }

  private readonly files = new Map<string, string | undefined>();

  private findFile(base: string): string | undefined {
    const extension = EXTENSIONS.find((ext) => base.endsWith(ext));
    if (extension) {
      if (this.paths.has(base)) return base;
      for (const source of EMITTED_TO_SOURCE[extension] ?? []) {
        const candidate = base.slice(0, -extension.length) + source;
        if (this.paths.has(candidate)) return candidate;
      }
    }
    // `base` + the first extension of EXTENSIONS that names a file, else its index file.
    const stems = this.stems();
    return stems.get(base) ?? stems.get(`${base}/index`);
  }

  /** Path without extension → the path, for the first extension (in EXTENSIONS order) a file of that stem has. */
  private stems(): ReadonlyMap<string, string> {
    if (!this.stemIndex) {
      const best = new Map<string, { path: string; rank: number }>();
      for (const path of this.paths) {
        EXTENSIONS.forEach((ext, rank) => {
          if (!path.endsWith(ext)) return;
          const stem = path.slice(0, -ext.length);
          const known = best.get(stem);
          if (!known || rank < known.rank) best.set(stem, { path, rank });
        });
      }
      this.stemIndex = new Map([...best].map(([stem, { path }]) => [stem, path]));
    }
    return this.stemIndex;
  }

  private stemIndex: Map<string, string> | undefined;
}

export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** Joins a directory and a relative path, resolving '.' and '..'; undefined when it leaves the tree. */
export function joinPath(dir: string, relative: string): string | undefined {
  const segments = dir === '' ? [] : dir.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join('/');
}

/** A directory and its ancestors, deepest first, ending with the root (''). */
function ancestorsOf(dir: string): string[] {
  const list: string[] = [];
  let current = dir;
  while (current !== '') {
    list.push(current);
    current = dirName(current);
  }
  list.push('');
  return list;
}
