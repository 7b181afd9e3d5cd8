import { stableHash } from '../../../hash.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { SPRING_CONTROLLER_ANNOTATIONS, SPRING_MAPPING_METHODS } from './shared/annotation-names.js';
import { buildJavaPath } from './shared/build-java-path.js';
import { collectJavaFacts } from './shared/collect-java-facts.js';
import { ConfigIndex, type ConfigValue, type PropertyLookup, type ProjectInfoWithConfig } from './shared/config-index.js';
import type { AnnotationFacts, FunctionalRouteFacts, JavaFileFacts, MethodFacts, ValueExpr } from './shared/java-facts.js';
import { JavaIndex, type MethodRef, type ResolvedText, type TypeRef } from './shared/java-index.js';
import { handlerRef, javaRoute, unique } from './shared/java-route.js';
import { middlewareOf } from './shared/middleware-of.js';
import { mergeParameters, requiredBodyFields } from './shared/required-inputs.js';

/**
 * Spring MVC and WebFlux routes: `@RestController`/`@Controller` classes with `@RequestMapping` and
 * its shortcuts (inherited from interfaces and base classes as Spring finds them), and functional
 * `RouterFunction` beans. Prefixes come from class-level mappings, constants anywhere in the tree,
 * `${…}` placeholders and the context path of the module's application.properties/yml.
 */
export const springExtractor: RouteExtractor<JavaFileFacts> = {
  id: 'spring',
  languages: ['java'],
  collect: collectJavaFacts,
  link: (files, project) => linkSpringRoutes(files.map((file) => file.facts), project),
};

const FRAMEWORK = 'spring';
const EMPTY: ResolvedText = { text: '', unresolved: [] };
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE']);

/** Servlet and reactive base paths, outermost first. `server.context-path` is Spring Boot 1's name. */
const BASE_PATH_KEYS = ['server.servlet.context-path', 'server.context-path', 'spring.mvc.servlet.path', 'spring.webflux.base-path'];

/** Routes of every Spring controller and router function of the tree. */
export function linkSpringRoutes(files: readonly JavaFileFacts[], project: ProjectInfo | ProjectInfoWithConfig): Route[] {
  const index = new JavaIndex(files);
  const config = new ConfigIndex(project);
  const routes: Route[] = [];
  for (const ref of index.all()) {
    if (!isSpringFile(ref.file)) continue;
    if (isController(ref)) routes.push(...controllerRoutes(ref, index, config.forSource(ref.file.path)));
    for (const method of ref.type.methods) {
      for (const route of method.functionalRoutes ?? []) routes.push(functionalRoute(route, method, ref, index, config.forSource(ref.file.path)));
    }
  }
  return routes;
}

function isSpringFile(file: JavaFileFacts): boolean {
  return file.imports.some((name) => name.startsWith('org.springframework.'));
}

/** A concrete class Spring registers as a handler (Micronaut's `@Controller` lives in another package). */
function isController(ref: TypeRef): boolean {
  const { type } = ref;
  if (type.kind !== 'class' || type.isAbstract) return false;
  return type.annotations.some(
    (annotation) =>
      (SPRING_CONTROLLER_ANNOTATIONS.has(annotation.name) || annotation.name === 'RequestMapping') &&
      (annotation.qualifier === undefined || annotation.qualifier.startsWith('org.springframework')),
  );
}

function isMappingDeclaration(method: MethodFacts): boolean {
  return method.annotations.some((annotation) => SPRING_MAPPING_METHODS.has(annotation.name));
}

function controllerRoutes(ref: TypeRef, index: JavaIndex, lookup: PropertyLookup): Route[] {
  const base = basePath(lookup);
  const classOwner = [ref, ...index.ancestorsOf(ref)].find((owner) => requestMappingOf(owner.type.annotations));
  const classMapping = classOwner ? requestMappingOf(classOwner.type.annotations) : undefined;
  const classPaths = classMapping && classOwner ? pathsOf(classMapping, classOwner, index) : [EMPTY];
  const classMethods = classMapping ? httpMethodsOf(classMapping) : [];
  const routes: Route[] = [];
  for (const { handler, declaration } of index.handlerMethods(ref, isMappingDeclaration)) {
    const middleware = middlewareOf([
      ...[ref, declaration.owner, handler.owner].filter(unique).map((owner) => owner.type.annotations),
      declaration.method.annotations,
      ...(handler === declaration ? [] : [handler.method.annotations]),
    ]);
    const requiredInputs = requiredInputsOf(declaration, handler, index);
    const inherited = declaration.owner === ref ? [] : [`mapping declared on ${declaration.owner.type.name}`];
    for (const mapping of declaration.method.annotations.filter((annotation) => SPRING_MAPPING_METHODS.has(annotation.name))) {
      const implied = SPRING_MAPPING_METHODS.get(mapping.name);
      const own = implied ? [implied] : httpMethodsOf(mapping);
      const verbs = own.length ? own : classMethods.length ? classMethods : ['ANY'];
      const signature = stableHash(classMapping?.text ?? '', mapping.text, middleware.join('\n'), declaration.method.textHash, handler.method.textHash);
      for (const classPath of classPaths) {
        for (const methodPath of pathsOf(mapping, declaration.owner, index)) {
          const built = buildJavaPath([...base.pieces, classPath, methodPath], lookup);
          const notes = [...base.notes, ...built.notes, ...inherited];
          for (const verb of verbs) {
            routes.push(javaRoute({ method: verb, built, notes, file: declaration.owner.file.path, line: mapping.line, framework: FRAMEWORK, handler, middleware, signature, requiredInputs }));
          }
        }
      }
    }
  }
  return routes;
}


function requestMappingOf(annotations: readonly AnnotationFacts[]): AnnotationFacts | undefined {
  return annotations.find((annotation) => annotation.name === 'RequestMapping');
}

/** `value`/`path` of a mapping: one entry per path of an array; none means "the class path". */
function pathsOf(mapping: AnnotationFacts, owner: TypeRef, index: JavaIndex): ResolvedText[] {
  const expr = mapping.args['value'] ?? mapping.args['path'];
  const paths = expr ? index.evaluate(expr, owner) : [];
  return paths.length ? paths : [EMPTY];
}

/** `method = RequestMethod.POST` or `method = {GET, HEAD}` (static import). */
function httpMethodsOf(mapping: AnnotationFacts): string[] {
  const expr = mapping.args['method'];
  if (!expr) return [];
  const items: ValueExpr[] = expr.kind === 'array' ? expr.items : [expr];
  return items
    .map((item) => (item.kind === 'ref' ? item.name.slice(item.name.lastIndexOf('.') + 1).toUpperCase() : ''))
    .filter((verb) => HTTP_METHODS.has(verb));
}

/** Context path and servlet path of the module, from its configuration. */
function basePath(lookup: PropertyLookup): { pieces: ResolvedText[]; notes: string[] } {
  const found = BASE_PATH_KEYS.map((key) => [key, lookup(key)] as const).filter((entry): entry is readonly [string, ConfigValue] => entry[1] !== undefined);
  return {
    pieces: found.map(([, value]) => ({ text: value.value, unresolved: [] })),
    notes: found.map(([key, value]) => `${value.writtenKey ?? key} = ${value.value} (${value.origin})`),
  };
}


/** Required `@RequestParam`s and the required fields of a validated `@RequestBody`. */
function requiredInputsOf(declaration: MethodRef, handler: MethodRef, index: JavaIndex): string[] {
  const required: string[] = [];
  for (const parameter of mergeParameters(declaration.method.parameters, handler.method.parameters)) {
    const byName = new Map(parameter.annotations.map((annotation) => [annotation.name, annotation]));
    const param = byName.get('RequestParam');
    if (param && isRequired(param) && param.args['defaultValue'] === undefined && parameter.type !== 'Optional') {
      required.push(stringArg(param.args['name'] ?? param.args['value'], handler.owner, index) ?? parameter.name);
    }
    const body = byName.get('RequestBody');
    if (body && isRequired(body) && (byName.has('Valid') || byName.has('Validated'))) {
      required.push(...requiredBodyFields(parameter.type, handler.owner, index));
    }
  }
  return [...new Set(required)];
}

/** `required = false` is the only way to make a `@RequestParam`/`@RequestBody` optional by flag. */
function isRequired(annotation: AnnotationFacts): boolean {
  const flag = annotation.args['required'];
  const written = flag?.kind === 'other' ? flag.text : flag?.kind === 'ref' ? flag.name : undefined;
  return written !== 'false';
}

function stringArg(expr: ValueExpr | undefined, owner: TypeRef, index: JavaIndex): string | undefined {
  if (!expr) return undefined;
  const [value] = index.evaluate(expr, owner);
  return value && value.unresolved.length === 0 && value.text !== '' ? value.text : undefined;
}

function functionalRoute(route: FunctionalRouteFacts, bean: MethodFacts, ref: TypeRef, index: JavaIndex, lookup: PropertyLookup): Route {
  const base = basePath(lookup);
  const parts = route.pathParts.map((part): ResolvedText => {
    const [first, ...more] = index.evaluate(part, ref);
    return first && more.length === 0 ? first : { text: '', unresolved: ['a pattern that is not a single string'] };
  });
  const built = buildJavaPath([...base.pieces, ...parts], lookup);
  const target = handlerTarget(route.handlerText, bean, ref, index);
  const notes = [...base.notes, ...built.notes];
  return {
    method: route.method,
    path: built.path,
    file: ref.file.path,
    line: route.line,
    framework: FRAMEWORK,
    handler: target
      ? handlerRef(target)
      : { name: route.handlerText, file: ref.file.path, startLine: route.handlerStartLine, endLine: route.handlerEndLine },
    middleware: [],
    ...(built.partial ? { partial: true } : {}),
    ...(notes.length ? { notes } : {}),
    signature: stableHash(route.declarationHash, target?.method.textHash ?? ''),
  };
}

/**
 * The method a handler reference (`userHandler::list`, `this::list`, `UserHandler::list`) points to,
 * when the receiver is the bean method's parameter, the class itself or a type of the tree.
 */
function handlerTarget(text: string, bean: MethodFacts, ref: TypeRef, index: JavaIndex): MethodRef | undefined {
  const cut = text.indexOf('::');
  if (cut === -1) return undefined;
  const receiver = text.slice(0, cut).trim();
  const name = text.slice(cut + 2).trim();
  const parameter = bean.parameters.find((candidate) => candidate.name === receiver);
  const owner = receiver === 'this' ? ref : index.resolveType(parameter ? parameter.type : receiver, ref);
  if (!owner) return undefined;
  for (const type of [owner, ...index.ancestorsOf(owner)]) {
    const method = type.type.methods.find((candidate) => candidate.name === name && candidate.hasBody);
    if (method) return { method, owner: type };
  }
  return undefined;
}
