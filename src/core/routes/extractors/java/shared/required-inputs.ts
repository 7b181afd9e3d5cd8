import { REQUIRED_ANNOTATIONS } from './annotation-names.js';
import type { ParameterFacts } from './java-facts.js';
import type { JavaIndex, TypeRef } from './java-index.js';

/** Fields of a request body type (and its supertypes) that a client cannot omit. */
export function requiredBodyFields(typeName: string, from: TypeRef, index: JavaIndex): string[] {
  const body = index.resolveType(typeName, from);
  if (!body) return [];
  return [body, ...index.ancestorsOf(body)].flatMap((ref) => ref.type.requiredFields);
}

/** Whether a parameter carries @NotNull/@NotBlank/@NotEmpty. */
export function isValidatedRequired(parameter: ParameterFacts): boolean {
  return parameter.annotations.some((annotation) => REQUIRED_ANNOTATIONS.has(annotation.name));
}

/**
 * A parameter as an implementation sees it: its own annotations plus those of the overridden
 * declaration (an interface's `@RequestParam` applies to the controller's plain parameter).
 */
export function mergeParameters(declaration: readonly ParameterFacts[], implementation: readonly ParameterFacts[]): ParameterFacts[] {
  // An implementation read only in outline (a file without route annotations) has no parameters on record.
  if (implementation.length === 0) return [...declaration];
  return implementation.map((parameter, index) => ({
    ...parameter,
    annotations: [...(declaration[index]?.annotations ?? []), ...parameter.annotations],
  }));
}
