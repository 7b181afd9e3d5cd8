import type { JsModuleFacts } from './facts.js';
import { mayBeLocalModule } from './collect-router-calls.js';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** TypeScript ESM imports name the emitted file: './routes.js' is routes.ts in the source tree. */
const EMITTED_TO_SOURCE: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/** The analysed modules of a tree, and module specifiers resolved to their paths. */
export class ModuleIndex {
  private readonly byPath = new Map<string, JsModuleFacts>();
  private readonly paths: ReadonlySet<string>;
  private readonly resolved = new Map<string, string | undefined>();

  constructor(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>, paths: readonly string[]) {
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
   * directory's index), then path aliases tried from the importing module's ancestors ('@/x', '~/x',
   * 'src/x', baseUrl-style 'modules/x'). Undefined for packages.
   */
  resolve(from: string, spec: string): string | undefined {
    const key = `${from}\u0000${spec}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const path = this.lookup(from, spec);
    this.resolved.set(key, path);
    return path;
  }

  private lookup(from: string, spec: string): string | undefined {
    const dir = dirName(from);
    if (spec.startsWith('.')) return this.file(joinPath(dir, spec));
    if (spec.startsWith('/')) return this.file(joinPath('', spec));
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
    const extension = EXTENSIONS.find((ext) => base.endsWith(ext));
    if (extension) {
      if (this.paths.has(base)) return base;
      for (const source of EMITTED_TO_SOURCE[extension] ?? []) {
        const candidate = base.slice(0, -extension.length) + source;
        if (this.paths.has(candidate)) return candidate;
      }
    }
    for (const ext of EXTENSIONS) if (this.paths.has(base + ext)) return base + ext;
    for (const ext of EXTENSIONS) if (this.paths.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
    return undefined;
  }
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
