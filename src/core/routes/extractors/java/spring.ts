import { stableHash } from '../../../hash.js';
import type { ParsedFile } from '../../../source/language.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { SPRING_CONTROLLER_ANNOTATIONS, SPRING_MAPPING_METHODS } from './shared/annotation-names.js';
import { buildJavaPath } from './shared/build-java-path.js';
import { collectJavaFacts, readHeader } from './shared/collect-java-facts.js';
import { collectPathPrefixes, type PathPrefixFacts } from './shared/collect-path-prefixes.js';
import { collectServerSettings, type ServerSetting } from './shared/collect-server-settings.js';
import { ConfigIndex, sourceModuleRoot, type PropertyLookup, type ProjectInfoWithConfig } from './shared/config-index.js';
import { serverBasePath, type PlacedSetting, type ServerBasePath } from './shared/server-base-path.js';
import type { AnnotationFacts, FunctionalRouteFacts, JavaFileFacts, MethodFacts, TypeFacts, ValueExpr } from './shared/java-facts.js';
import { JavaIndex, type MethodRef, type ResolvedText, type TypeRef } from './shared/java-index.js';
import { handlerRef, javaRoute, unique } from './shared/java-route.js';
import { middlewareOf } from './shared/middleware-of.js';
import { mergeParameters, requiredBodyFields } from './shared/required-inputs.js';

/**
 * Spring MVC and WebFlux routes: `@RestController`/`@Controller` classes with `@RequestMapping` and
 * its shortcuts (inherited from interfaces and base classes as Spring finds them), and functional
 * `RouterFunction` beans. Prefixes come from class-level mappings, constants anywhere in the tree,
 * `${…}` placeholders, the context path of the module's application.properties/yml (or of the code:
 * a web server customizer, system properties, default properties) and `addPathPrefix` in a
 * `WebMvcConfigurer`.
 */
export const springExtractor: RouteExtractor<SpringFileFacts> = {
  id: 'spring',
  languages: ['java'],
  collect: collectSpringFacts,
  link: (files, project) => linkSpringRoutes(files.map((file) => file.facts), project),
};

/**
 * Java facts plus the server paths the file sets in code (context path of a web server customizer)
 * and the path prefixes it adds to controllers (`PathMatchConfigurer.addPathPrefix`).
 */
export type SpringFileFacts = JavaFileFacts & { serverSettings?: ServerSetting[]; pathPrefixes?: PathPrefixFacts[] };

/** The shared Java facts (cached, left untouched) with the file's server settings beside them. */
function collectSpringFacts(file: ParsedFile): SpringFileFacts | undefined {
  const facts = collectJavaFacts(file);
  const serverSettings = collectServerSettings(file);
  const prefixed = file.text.includes('addPathPrefix');
  if (serverSettings.length === 0 && !prefixed) return facts;
  // A configuration class declares no route: the shared facts may have left its file out.
  const header = facts ?? { path: file.path, ...readHeader(file.root), types: [] };
  const pathPrefixes = prefixed ? collectPathPrefixes(file, header.package) : [];
  if (serverSettings.length === 0 && pathPrefixes.length === 0) return facts;
  return { ...header, ...(serverSettings.length > 0 ? { serverSettings } : {}), ...(pathPrefixes.length > 0 ? { pathPrefixes } : {}) };
}

/** A path prefix with the type it is written in (whose package and imports resolve its names). */
interface PlacedPrefix {
  facts: PathPrefixFacts;
  from: TypeRef;
}

const FRAMEWORK = 'spring';
const EMPTY: ResolvedText = { text: '', unresolved: [] };
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE']);

/** Servlet and reactive base paths, outermost first. `server.context-path` is Spring Boot 1's name. */
const BASE_PATH_KEYS = ['server.servlet.context-path', 'server.context-path', 'spring.mvc.servlet.path', 'spring.webflux.base-path'];

/** Routes of every Spring controller and router function of the tree. */
export function linkSpringRoutes(files: readonly SpringFileFacts[], project: ProjectInfo | ProjectInfoWithConfig): Route[] {
  const index = new JavaIndex(files);
  const config = new ConfigIndex(project);
  const settings = files.flatMap((file) => (file.serverSettings ?? []).map((setting): PlacedSetting => ({ ...setting, file: file.path })));
  const prefixes = files.flatMap((file) => (file.pathPrefixes ?? []).map((facts): PlacedPrefix => ({ facts, from: prefixOwner(facts, file) })));
  const routes: Route[] = [];
  for (const ref of index.all()) {
    if (!isSpringFile(ref.file)) continue;
    const lookup = config.forSource(ref.file.path);
    const module = sourceModuleRoot(ref.file.path);
    const base = basePath(lookup, settings.filter((setting) => sourceModuleRoot(setting.file) === module), (key) => config.inactiveProfileSources(ref.file.path, key));
    if (isController(ref)) {
      const prefix = prefixes.find((candidate) => sourceModuleRoot(candidate.from.file.path) === module && prefixApplies(candidate.facts, ref, index));
      routes.push(...controllerRoutes(ref, index, lookup, prefix ? withPathPrefix(base, prefix, ref, index) : base));
    }
    for (const method of ref.type.methods) {
      for (const route of method.functionalRoutes ?? []) routes.push(functionalRoute(route, method, ref, index, lookup, base));
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

function controllerRoutes(ref: TypeRef, index: JavaIndex, lookup: PropertyLookup, base: ServerBasePath): Route[] {
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

/** The configuring class as a type of the index would be, for its fields and its file's imports. */
function prefixOwner(facts: PathPrefixFacts, file: JavaFileFacts): TypeRef {
  const type: TypeFacts = {
    name: facts.owner.name, qualifiedName: facts.owner.qualifiedName, kind: 'class', isAbstract: false, annotations: [], interfaces: [],
    constants: facts.owner.fields, methods: [], requiredFields: [], line: facts.line,
  };
  return { type, file };
}

/**
 * Whether a prefix's predicate selects the controller: an annotation on it or a base type (Spring
 * finds them merged, so `@RestController` counts as `@Controller`), its package, or its type. An
 * unread predicate selects it too; the route then says the prefix is uncertain.
 */
function prefixApplies(facts: PathPrefixFacts, ref: TypeRef, index: JavaIndex): boolean {
  const { annotations, packages, types } = facts.predicate;
  const hierarchy = [ref, ...index.ancestorsOf(ref)];
  if (annotations) {
    const present = new Set(hierarchy.flatMap((owner) => owner.type.annotations.map((annotation) => annotation.name)));
    if (present.has('RestController')) present.add('Controller');
    return annotations.some((name) => present.has(name));
  }
  if (packages) return packages.some((pkg) => ref.file.package === pkg || ref.file.package.startsWith(`${pkg}.`));
  if (types) return hierarchy.some((owner) => types.includes(owner.type.name));
  return true;
}

/** The base path with the prefix after the context and servlet paths. */
function withPathPrefix(base: ServerBasePath, prefix: PlacedPrefix, ref: TypeRef, index: JavaIndex): ServerBasePath {
  const [value] = index.evaluate(prefix.facts.prefix, prefix.from);
  const where = `${prefix.from.file.path}:${prefix.facts.line}`;
  const unread = prefix.facts.predicate.unread;
  if (unread !== undefined) {
    // Whether the prefix applies is unknown: it stays out of the path, which is partial.
    const piece = { text: '', unresolved: [`whether ${unread} selects ${ref.type.name}`] };
    return { pieces: [...base.pieces, piece], notes: [...base.notes, `path prefix ${value?.text ?? ''} from addPathPrefix at ${where}, for the controllers ${unread} selects`] };
  }
  return {
    pieces: [...base.pieces, value ?? { text: '', unresolved: ['the path prefix'] }],
    notes: [...base.notes, `path prefix ${value?.text ?? ''} from addPathPrefix at ${where}`],
  };
}

/**
 * Context path and servlet path of the module, set in code or in its configuration. A path that only
 * profile files set, with no profile named active, depends on how the application is started: the
 * routes leave it out and are partial.
 */
function basePath(lookup: PropertyLookup, settings: readonly PlacedSetting[], profileOnly: (key: string) => string[]): ServerBasePath {
  const base = serverBasePath(BASE_PATH_KEYS, lookup, settings);
  for (const key of BASE_PATH_KEYS) {
    if (settings.some((setting) => setting.key === key)) continue;
    const sources = profileOnly(key);
    if (sources.length === 0) continue;
    base.pieces.push({ text: '', unresolved: [key] });
    base.notes.push(`${key} is set only for profiles that are not active: ${sources.join(', ')}`);
  }
  return base;
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

function functionalRoute(route: FunctionalRouteFacts, bean: MethodFacts, ref: TypeRef, index: JavaIndex, lookup: PropertyLookup, base: ServerBasePath): Route {
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
