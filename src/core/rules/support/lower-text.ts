import type { FileView } from '../types.js';

/** Per file, by its root node (rule contexts of one file share it). */
const lowered = new WeakMap<object, string>();

/** The file's text in lower case, computed once per file (several rules compare words in any case). */
export function lowerTextOf(file: FileView): string {
  let text = lowered.get(file.root);
  if (text === undefined) lowered.set(file.root, (text = file.text.toLowerCase()));
  return text;
}
