import type { StrVal } from './go-values.js';

/** A string known in full. */
export function knownStr(text: string): StrVal {
  return { text };
}

/** A string computed at run time that could not be resolved: nothing of it is known. */
export function unknownStr(note?: string): StrVal {
  return note ? { text: '', partial: true, notes: [note] } : { text: '', partial: true };
}

/** `a + b`: what is known of both, partial when either is. */
export function concatStr(...parts: readonly StrVal[]): StrVal {
  const result: StrVal = { text: parts.map((part) => part.text).join('') };
  if (parts.some((part) => part.partial)) result.partial = true;
  const notes = mergeNotes(...parts.map((part) => part.notes));
  if (notes) result.notes = notes;
  return result;
}

/** Notes of several strings, without repeats. */
export function mergeNotes(...lists: ReadonlyArray<readonly string[] | undefined>): string[] | undefined {
  const notes = [...new Set(lists.flatMap((list) => list ?? []))];
  return notes.length > 0 ? notes : undefined;
}

/** `fmt.Sprintf` for the verbs that build paths (%s %v %d %q); unresolvable verbs make the result partial. */
export function sprintfStr(format: StrVal, args: readonly StrVal[]): StrVal {
  let index = 0;
  const pieces: StrVal[] = [];
  let literal = '';
  const text = format.text;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '%' || i + 1 >= text.length) {
      literal += char;
      continue;
    }
    const verb = text[i + 1]!;
    i++;
    if (verb === '%') {
      literal += '%';
      continue;
    }
    pieces.push(knownStr(literal));
    literal = '';
    const arg = args[index++];
    pieces.push(arg ?? unknownStr());
  }
  pieces.push(knownStr(literal));
  const result = concatStr(...pieces);
  if (format.partial) result.partial = true;
  return result;
}

/** `path.Join` / `url.JoinPath`: pieces joined with single slashes. */
export function joinPathStr(parts: readonly StrVal[]): StrVal {
  const nonEmpty = parts.filter((part) => part.text !== '' || part.partial);
  const joined = concatStr(...nonEmpty.flatMap((part, i) => (i === 0 ? [part] : [knownStr('/'), part])));
  joined.text = joined.text.replace(/\/{2,}/g, '/');
  return joined;
}
