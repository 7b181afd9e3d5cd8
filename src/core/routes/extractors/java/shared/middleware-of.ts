import { MIDDLEWARE_ANNOTATIONS } from './annotation-names.js';
import type { AnnotationFacts } from './java-facts.js';

/**
 * Middleware names from annotation lists given outermost first (class level before method level),
 * as written in code (`@PreAuthorize("hasRole('ADMIN')")`), each once.
 */
export function middlewareOf(lists: ReadonlyArray<readonly AnnotationFacts[]>, extraNames: ReadonlySet<string> = new Set()): string[] {
  const names: string[] = [];
  for (const list of lists) {
    for (const annotation of list) {
      if (!MIDDLEWARE_ANNOTATIONS.has(annotation.name) && !extraNames.has(annotation.name)) continue;
      if (!names.includes(annotation.text)) names.push(annotation.text);
    }
  }
  return names;
}
