/** Repository-relative paths ('' is the root; '/' separates; no leading or trailing slash). */

/** The directory of a path ('' for a file at the root). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** Resolves `.` and `..` and drops empty segments (never above the root). */
export function normalisePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (!segment || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}
