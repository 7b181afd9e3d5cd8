/**
 * A matcher for a file glob as routing-controllers and tsoa take them (`src/controllers/**\/*.ts`,
 * `controllers/*{.js,.ts}`): `**` any run of folders, `*` and `?` within one name, `{a,b}` either.
 * The glob is matched against repository paths, either whole or as the tail of a path (a glob read
 * relative to the working directory of a package inside a monorepo).
 */
export function globMatcher(glob: string): (path: string) => boolean {
  const body = globSource(glob.replace(/^(\.\/)+/, ''));
  const whole = new RegExp(`^${body}$`);
  const tail = new RegExp(`(^|/)${body}$`);
  return (path) => whole.test(path) || tail.test(path);
}

function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` is zero or more folders; a trailing `**` anything at all.
      if (glob[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, end).split(',').map(globSource).join('|')})`;
        i = end;
      }
    } else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}
