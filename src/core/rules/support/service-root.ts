/** Files that make a directory the root of a deployable service or package. */
const MANIFESTS = new Set(['package.json', 'go.mod', 'pyproject.toml', 'requirements.txt', 'setup.py', 'Pipfile', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'manage.py']);

/**
 * Finds the service a path belongs to: the nearest ancestor directory holding a manifest (`''` for the
 * repository root). Convention rules compare a file with the rest of ITS service, not of the monorepo.
 */
export class ServiceRoots {
  private readonly roots: ReadonlySet<string>;
  constructor(paths: readonly string[]) {
    const roots = new Set<string>();
    for (const path of paths) {
      const slash = path.lastIndexOf('/');
      if (MANIFESTS.has(path.slice(slash + 1))) roots.add(slash === -1 ? '' : path.slice(0, slash));
    }
    this.roots = roots;
  }

  rootOf(path: string): string {
    let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    for (;;) {
      if (this.roots.has(dir)) return dir;
      if (dir === '') return '';
      dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    }
  }

  /** True when `path` belongs to the service rooted at `root`. */
  contains(root: string, path: string): boolean {
    return this.rootOf(path) === root;
  }
}
