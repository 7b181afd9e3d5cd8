import { stableHash } from '../../../hash.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { MICRONAUT_HTTP_METHODS } from './shared/annotation-names.js';
import { buildJavaPath } from './shared/build-java-path.js';
import { collectJavaFacts } from './shared/collect-java-facts.js';
import { ConfigIndex, type ProjectInfoWithConfig } from './shared/config-index.js';
import type { AnnotationFacts, JavaFileFacts, MethodFacts } from './shared/java-facts.js';
import { JavaIndex, type MethodRef, type ResolvedText, type TypeRef } from './shared/java-index.js';
import { handlerRef, javaRoute, unique } from './shared/java-route.js';
import { middlewareOf } from './shared/middleware-of.js';
import { mergeParameters, requiredBodyFields } from './shared/required-inputs.js';

/**
 * Micronaut HTTP routes: concrete `@Controller` classes of `io.micronaut.http.annotation` and their
 * `@Get`/`@Post`/… methods, with constants and `${…}` placeholders resolved, RFC 6570 URI templates
 * reduced to path parameters and the server's `micronaut.server.context-path` in front.
 */
export const micronautExtractor: RouteExtractor<JavaFileFacts> = {
  id: 'micronaut',
  languages: ['java'],
  collect: collectJavaFacts,
  link: (files, project) => linkMicronautRoutes(files.map((file) => file.facts), project),
};

const FRAMEWORK = 'micronaut';
const ANNOTATION_PACKAGE = 'io.micronaut.http.annotation';
const EMPTY: ResolvedText = { text: '', unresolved: [] };

const CONTEXT_PATH_KEY = 'micronaut.server.context-path';

/** Routes of every Micronaut controller of the tree. */
export function linkMicronautRoutes(files: readonly JavaFileFacts[], project: ProjectInfo | ProjectInfoWithConfig): Route[] {
  const index = new JavaIndex(files);
  const config = new ConfigIndex(project);
  const routes: Route[] = [];
  for (const ref of index.all()) {
    const controller = controllerAnnotation(ref);
    if (controller) routes.push(...controllerRoutes(ref, controller, index, config));
  }
  return routes;
}

/**
 * Whether a simple annotation name written in a file means Micronaut's annotation: Java's import
 * rules, so a single-type import of Spring's `Controller` wins over `io.micronaut.http.annotation.*`.
 */
function isMicronautAnnotation(annotation: AnnotationFacts, file: JavaFileFacts): boolean {
  if (annotation.qualifier !== undefined) return annotation.qualifier === ANNOTATION_PACKAGE;
  const single = file.imports.find((name) => name.endsWith(`.${annotation.name}`));
  if (single) return single === `${ANNOTATION_PACKAGE}.${annotation.name}`;
  return file.imports.includes(`${ANNOTATION_PACKAGE}.*`);
}

/** The `@Controller` of a concrete class, when it is Micronaut's. */
function controllerAnnotation(ref: TypeRef): AnnotationFacts | undefined {
  if (ref.type.kind !== 'class' || ref.type.isAbstract) return undefined;
  return ref.type.annotations.find((annotation) => annotation.name === 'Controller' && isMicronautAnnotation(annotation, ref.file));
}

function httpAnnotations(method: MethodFacts, owner: TypeRef): AnnotationFacts[] {
  return method.annotations.filter((annotation) => MICRONAUT_HTTP_METHODS.has(annotation.name) && isMicronautAnnotation(annotation, owner.file));
}

function controllerRoutes(ref: TypeRef, controller: AnnotationFacts, index: JavaIndex, config: ConfigIndex): Route[] {
  const lookup = config.forSource(ref.file.path);
  const contextPath = lookup(CONTEXT_PATH_KEY);
  const base: ResolvedText[] = contextPath ? [{ text: contextPath.value, unresolved: [] }] : [];
  const baseNotes = contextPath ? [`${contextPath.writtenKey ?? CONTEXT_PATH_KEY} = ${contextPath.value} (${contextPath.origin})`] : [];
  const controllerPaths = pathsOf(controller, ['value', 'uri'], ref, index);
  const routes: Route[] = [];
  for (const { handler, declaration } of index.handlerMethods(ref, (method, owner) => httpAnnotations(method, owner).length > 0)) {
    const middleware = middlewareOf([
      ...[ref, declaration.owner, handler.owner].filter(unique).map((owner) => owner.type.annotations),
      declaration.method.annotations,
      ...(handler === declaration ? [] : [handler.method.annotations]),
    ]);
    const requiredInputs = requiredInputsOf(declaration, handler, index);
    for (const mapping of httpAnnotations(declaration.method, declaration.owner)) {
      const verb = MICRONAUT_HTTP_METHODS.get(mapping.name)!;
      const signature = stableHash(controller.text, mapping.text, middleware.join('\n'), declaration.method.textHash, handler.method.textHash);
      for (const controllerPath of controllerPaths) {
        for (const methodPath of methodPathsOf(mapping, declaration.owner, index)) {
          const built = buildJavaPath([...base, controllerPath, methodPath].map(simplifyResolved), lookup);
          const notes = [...baseNotes, ...built.notes];
          routes.push(javaRoute({ method: verb, built, notes, file: declaration.owner.file.path, line: mapping.line, framework: FRAMEWORK, handler, middleware, signature, requiredInputs }));
        }
      }
    }
  }
  return routes;
}


/** The URIs an annotation names under the first of `keys` it sets; none means "the enclosing path". */
function pathsOf(annotation: AnnotationFacts, keys: readonly string[], owner: TypeRef, index: JavaIndex): ResolvedText[] {
  const key = keys.find((candidate) => annotation.args[candidate] !== undefined);
  const paths = key ? index.evaluate(annotation.args[key]!, owner) : [];
  return paths.length ? paths : [EMPTY];
}

/** `uris = {…}` lists every URI the method answers (with `value`/`uri` when set too); else `value`/`uri`. */
function methodPathsOf(mapping: AnnotationFacts, owner: TypeRef, index: JavaIndex): ResolvedText[] {
  const single = pathsOf(mapping, ['value', 'uri'], owner, index);
  const many = mapping.args['uris'] ? index.evaluate(mapping.args['uris'], owner) : [];
  if (many.length === 0) return single;
  const all = single[0] === EMPTY ? many : [...single, ...many];
  return all.filter((path, position) => all.findIndex((other) => other.text === path.text) === position);
}

function simplifyResolved(piece: ResolvedText): ResolvedText {
  return { text: simplifyMicronautTemplate(piece.text), unresolved: piece.unresolved };
}

/**
 * Rewrites a Micronaut (RFC 6570) URI template to path parameters: `{?max,offset}`, `{&x}`, `{#frag}`
 * and `{;matrix}` are not part of the path and go; `{+path}` → `{path}`; the optional segment
 * `{/id}` → `/{id}`; `{.ext}` → `.{ext}`; `{id:[0-9]+}` and `{path*}` keep the name only. `${…}`
 * placeholders are left for the configuration lookup. A brace scan, because a regex pattern inside a
 * variable may hold braces of its own.
 */
export function simplifyMicronautTemplate(template: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    const placeholder = char === '$' && template[i + 1] === '{';
    if (char !== '{' && !placeholder) {
      out += char;
      continue;
    }
    const open = placeholder ? i + 1 : i;
    const close = matchingBrace(template, open);
    if (close === -1) {
      out += template.slice(i);
      break;
    }
    out += placeholder ? template.slice(i, close + 1) : expandVariable(template.slice(open + 1, close));
    i = close;
  }
  return out;
}

function expandVariable(inner: string): string {
  const operator = '+#./;?&'.includes(inner[0] ?? '') ? inner[0]! : '';
  if (operator === '?' || operator === '&' || operator === '#' || operator === ';') return '';
  const names = inner
    .slice(operator.length)
    .split(',')
    .map((variable) => variable.split(/[:*=]/)[0]!.trim())
    .filter((name) => name !== '');
  const joined = names.map((name) => `{${name}}`).join(',');
  if (joined === '') return '';
  return operator === '/' || operator === '.' ? `${operator}${joined}` : joined;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}


/** Types Micronaut treats as "may be absent" for a bound parameter. */
const OPTIONAL_TYPES = new Set(['Optional', 'OptionalInt', 'OptionalLong', 'OptionalDouble']);

/** Required `@QueryValue`s and the required fields of a validated `@Body`. */
function requiredInputsOf(declaration: MethodRef, handler: MethodRef, index: JavaIndex): string[] {
  const required: string[] = [];
  for (const parameter of mergeParameters(declaration.method.parameters, handler.method.parameters)) {
    const byName = new Map(parameter.annotations.map((annotation) => [annotation.name, annotation]));
    const query = byName.get('QueryValue');
    if (query && query.args['defaultValue'] === undefined && !byName.has('Nullable') && !OPTIONAL_TYPES.has(parameter.type)) {
      const [named] = query.args['value'] ? index.evaluate(query.args['value'], handler.owner) : [];
      required.push(named && named.unresolved.length === 0 && named.text !== '' ? named.text : parameter.name);
    }
    if (byName.has('Body') && byName.get('Body')!.args['value'] === undefined && byName.has('Valid')) {
      required.push(...requiredBodyFields(parameter.type, handler.owner, index));
    }
  }
  return [...new Set(required)];
}
