/**
 * Joins path pieces (mount prefixes, controller prefixes, the route's own path) into the contract's
 * form: a leading '/', no trailing '/' except the root, no duplicate '/', and every parameter written
 * OpenAPI-style as {name} whatever the framework's syntax (`:id`, `<int:id>`, `{id:[0-9]+}`, `[id]`,
 * `(?P<id>…)`, `*path`, `{path...}`).
 */
export function normaliseRoutePath(...pieces: ReadonlyArray<string | undefined>): string {
  const joined = pieces
    .filter((piece): piece is string => piece !== undefined && piece !== '')
    .map((piece) => piece.trim())
    .join('/');
  const segments = stripRegexAnchors(joined)
    .split('/')
    .map(normaliseSegment)
    .filter((segment) => segment !== '');
  return '/' + segments.join('/');
}

function stripRegexAnchors(path: string): string {
  // Django re_path: r'^articles/(?P<slug>[-\w]+)/$'
  return path.replace(/(^|\/)\^/g, '$1').replace(/\$(\/|$)/g, '$1');
}

function normaliseSegment(segment: string): string {
  if (segment === '' || segment === '.') return '';
  if (segment === '{$}') return ''; // Go 1.22: exact-match marker, not a parameter
  return stripBraceRegexes(segment)
    // Next.js catch-all and optional catch-all: [...slug], [[...slug]]
    .replace(/\[\[?\.\.\.([A-Za-z_][\w-]*)\]?\]/g, '{$1}')
    // Next.js dynamic segment: [id]
    .replace(/\[([A-Za-z_][\w-]*)\]/g, '{$1}')
    // Python regex groups: (?P<name>...)
    .replace(/\(\?P<([A-Za-z_]\w*)>(?:[^()]|\([^()]*\))*\)/g, '{$1}')
    // Flask/Django converters: <int:id>, <id>, <path:rest>
    .replace(/<(?:[A-Za-z_]\w*:)?([A-Za-z_]\w*)>/g, '{$1}')
    // {name...} (Go) — keep the name only
    .replace(/\{([A-Za-z_][\w-]*)\.\.\.\}/g, '{$1}')
    // Express/Koa/Gin/Echo params: :id, :id?, :id(\\d+), and Gin/Echo wildcards *name
    .replace(/:([A-Za-z_][\w-]*)(?:\([^)]*\))?[?+*]?/g, '{$1}')
    .replace(/^\*([A-Za-z_]\w*)$/, '{$1}');
}

/**
 * `{name:regex}` → `{name}` (Spring, JAX-RS, gorilla, chi), with braces and brackets inside the regex
 * (`{day:\\d{4}-[a-z]+}`), before any other rule can read the regex as syntax of its own.
 */
function stripBraceRegexes(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const match = segment[i] === '{' ? /^\{\s*([A-Za-z_][\w-]*)\s*:/.exec(segment.slice(i)) : null;
    if (!match) {
      out += segment[i];
      continue;
    }
    let depth = 0;
    let end = i;
    for (; end < segment.length; end++) {
      if (segment[end] === '{') depth++;
      else if (segment[end] === '}' && --depth === 0) break;
    }
    out += `{${match[1]}}`;
    i = end;
  }
  return out;
}
