import { normaliseRoutePath } from '../../../normalise-route-path.js';
import { resolvePlaceholders, type PropertyLookup } from './config-index.js';
import type { ResolvedText } from './java-index.js';
import { simplifyPathTemplate } from './simplify-path-template.js';

/** A route's full path from its pieces (config prefix, class mapping, method mapping). */
export interface JavaRoutePath {
  path: string;
  partial: boolean;
  notes: string[];
}

/**
 * Joins resolved pieces into the contract's path form, resolving `${…}` placeholders on the way.
 * Anything that stayed unresolved is left out of the path, which is then marked partial and says
 * what is missing.
 */
export function buildJavaPath(pieces: readonly ResolvedText[], lookup: PropertyLookup): JavaRoutePath {
  const texts: string[] = [];
  const unresolved: string[] = [];
  const notes: string[] = [];
  for (const piece of pieces) {
    const placeholders = resolvePlaceholders(piece.text, lookup);
    texts.push(simplifyPathTemplate(placeholders.text));
    unresolved.push(...piece.unresolved, ...placeholders.unresolved);
    notes.push(...placeholders.notes);
  }
  if (unresolved.length) notes.push(`could not resolve ${[...new Set(unresolved)].join(', ')}; the path holds the rest`);
  return { path: normaliseRoutePath(...texts), partial: unresolved.length > 0, notes };
}
