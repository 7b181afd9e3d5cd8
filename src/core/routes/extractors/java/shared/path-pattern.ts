/**
 * Whether a route path (normalised, params as `{name}`) falls under a filter's pattern: `*` matches
 * anything, a parameter segment (`{id}`, `<id>`, `:id`) any one segment. Patterns come from code
 * (`before("/api/*", …)`), so they are short literal paths.
 */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const source = pattern
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{[^/]*?\\\}|<[^/>]*>|:[A-Za-z_][\w-]*/g, '[^/]+'))
    .join('.*');
  return new RegExp(`^${source}$`).test(path);
}
