/**
 * Where Python modules live in a tree: absolute imports are matched by path suffix (so `app.api.routes`
 * finds `backend/app/api/routes/__init__.py` or `src/app/api/routes.py`), relative imports by the
 * importing file's directory.
 */

/** A resolved module: its file (a `.py` module or a package's `__init__.py`) and, for packages, its directory. */
export interface ModuleRef {
  file?: string;
  dir?: string;
}

export class PythonModuleIndex {
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();
  /** Last dotted segment → module files, package `__init__.py` files and package directories. */
  private readonly byName = new Map<string, string[]>();
  private readonly cache = new Map<string, ModuleRef | null>();

  constructor(paths: readonly string[]) {
    for (const path of paths) {
      if (!path.endsWith('.py')) continue;
      this.files.add(path);
      let dir = parentDir(path);
      while (dir !== '' && !this.dirs.has(dir)) {
        this.dirs.add(dir);
        this.add(baseName(dir), dir);
        dir = parentDir(dir);
      }
      const name = baseName(path).slice(0, -3);
      if (name !== '__init__') this.add(name, path);
    }
  }

  private add(name: string, path: string): void {
    const list = this.byName.get(name);
    if (list) list.push(path);
    else this.byName.set(name, [path]);
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  /** `import a.b.c` from `fromFile`: the best module whose path ends with a/b/c, nearest the importer first. */
  resolveAbsolute(dotted: string, fromFile: string): ModuleRef | undefined {
    const key = `${dotted}\u0000${parentDir(fromFile)}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.findAbsolute(dotted, fromFile);
    this.cache.set(key, result ?? null);
    return result;
  }

  private findAbsolute(dotted: string, fromFile: string): ModuleRef | undefined {
    const segments = dotted.split('.');
    const suffix = segments.join('/');
    const candidates = this.byName.get(segments[segments.length - 1]!) ?? [];
    let best: { ref: ModuleRef; score: number; root: string } | undefined;
    const importerDir = parentDir(fromFile);
    for (const candidate of candidates) {
      const isDir = this.dirs.has(candidate);
      const stem = isDir ? candidate : candidate.slice(0, -3);
      if (stem !== suffix && !stem.endsWith('/' + suffix)) continue;
      const root = stem.slice(0, stem.length - suffix.length).replace(/\/$/, '');
      // Prefer a root that contains the importer (its sys.path entry), the deepest such root, then the shortest path.
      const contains = root === '' || importerDir === root || importerDir.startsWith(root + '/');
      const score = (contains ? 1_000_000 : 0) + (contains ? root.length : -root.length);
      if (best && (score < best.score || (score === best.score && best.root.length <= root.length))) continue;
      const ref = isDir ? this.packageRef(candidate) : { file: candidate };
      best = { ref, score, root };
    }
    return best?.ref;
  }

  /** `from ..x import y` in `fromFile` (level = number of dots). */
  resolveRelative(dotted: string, level: number, fromFile: string): ModuleRef | undefined {
    let dir = parentDir(fromFile);
    for (let i = 1; i < level; i++) dir = parentDir(dir);
    if (dotted === '') return this.packageRef(dir);
    return this.lookupPath(joinPath(dir, dotted.split('.').join('/')));
  }

  /** The submodule `name` of a package, if the tree has it. */
  submodule(ref: ModuleRef, name: string): ModuleRef | undefined {
    if (ref.dir === undefined) return undefined;
    return this.lookupPath(joinPath(ref.dir, name));
  }

  private lookupPath(stem: string): ModuleRef | undefined {
    if (this.dirs.has(stem)) return this.packageRef(stem);
    if (this.files.has(stem + '.py')) return { file: stem + '.py' };
    return undefined;
  }

  private packageRef(dir: string): ModuleRef {
    const init = joinPath(dir, '__init__.py');
    return this.files.has(init) ? { file: init, dir } : { dir };
  }
}

export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function joinPath(dir: string, rest: string): string {
  return dir === '' ? rest : `${dir}/${rest}`;
}
