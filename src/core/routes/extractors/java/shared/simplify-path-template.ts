/**
 * Rewrites a Java path template's variables to plain `{name}` before normaliseRoutePath sees it:
 * regex variables whose pattern holds braces or slashes (`{id:[0-9]{4}}`, `{path: .+/.+}`), JAX-RS
 * spacing (`{ id : \d+ }`) and Spring's capture-the-rest variable (`{*path}`). A brace scan, because a
 * regular expression cannot balance the braces of the pattern inside.
 */
export function simplifyPathTemplate(template: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '{') {
      out += template[i];
      continue;
    }
    let depth = 0;
    let end = i;
    for (; end < template.length; end++) {
      if (template[end] === '\\') end++;
      else if (template[end] === '{') depth++;
      else if (template[end] === '}' && --depth === 0) break;
    }
    if (end >= template.length) {
      out += template.slice(i);
      break;
    }
    const inner = template.slice(i + 1, end);
    const colon = inner.indexOf(':');
    const name = (colon === -1 ? inner : inner.slice(0, colon)).trim().replace(/^\*/, '');
    out += `{${name}}`;
    i = end;
  }
  return out;
}
