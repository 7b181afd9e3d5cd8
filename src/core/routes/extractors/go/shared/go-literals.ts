/**
 * The package name an import gets when no alias is written, for packages outside the tree (inside
 * the tree the package clause is known). Go's rule is the package clause; the conventions below
 * (`/v5` major-version suffixes, `gopkg.in/x.v1`, `go-` prefixes) give it for almost every package.
 */
export function defaultPackageName(importPath: string): string {
  const segments = importPath.split('/');
  let last = segments[segments.length - 1] ?? importPath;
  if (/^v\d+$/.test(last) && segments.length > 1) last = segments[segments.length - 2]!;
  last = last.replace(/\.v\d+$/, '');
  if (last.startsWith('go-')) last = last.slice(3);
  return last.replace(/[-.]/g, '_');
}

/** The value of a Go string literal (interpreted or raw), from its source text. */
export function decodeGoString(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1).replace(/\r/g, '');
  const body = text.slice(1, -1);
  if (!body.includes('\\')) return body;
  try {
    return JSON.parse(`"${body.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'")}"`) as string;
  } catch {
    return body;
  }
}

/** Collapses whitespace and shortens source text used as a name (middleware, handlers). */
export function shortText(text: string, max = 120): string {
  // Cut first: a call's text may hold a whole callback body.
  const collapsed = text.slice(0, max * 4).replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? collapsed.slice(0, max - 1) + '…' : collapsed;
}
