import { stableHash } from '../../../hash.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { JAX_RS_HTTP_METHODS } from './shared/annotation-names.js';
import { buildJavaPath } from './shared/build-java-path.js';
import { collectJavaFacts } from './shared/collect-java-facts.js';
import { ConfigIndex, type PropertyLookup, type ProjectInfoWithConfig } from './shared/config-index.js';
import type { AnnotationFacts, JavaFileFacts, MethodFacts, ParameterFacts } from './shared/java-facts.js';
import { JavaIndex, type MethodRef, type ResolvedText, type TypeRef } from './shared/java-index.js';
import { middlewareOf } from './shared/middleware-of.js';
import { isValidatedRequired, mergeParameters, requiredBodyFields } from './shared/required-inputs.js';

/**
 * JAX-RS routes (javax.ws.rs and jakarta.ws.rs: Jersey, RESTEasy, Quarkus, Dropwizard, Helidon):
 * root resources with a class `@Path`, resource methods with `@GET`… and an optional `@Path`,
 * sub-resource locators followed to the class they return, and the application path from
 * `@ApplicationPath` or the Quarkus / Spring Boot Jersey configuration.
 */
export const jaxRsExtractor: RouteExtractor<JavaFileFacts> = {
  id: 'jax-rs',
  languages: ['java'],
  collect: collectJavaFacts,
  link: (files, project) => linkJaxRsRoutes(files.map((file) => file.facts), project),
};

const FRAMEWORK = 'jax-rs';
const JAX_RS_PACKAGES = ['javax.ws.rs', 'jakarta.ws.rs'];
/** Sub-resource locators can recurse (a tree of folders); real APIs nest a few levels. */
const MAX_LOCATOR_DEPTH = 6;

/** Parameter annotations whose value names a request input (JAX-RS and Quarkus REST shortcuts). */
const INPUT_ANNOTATIONS = new Set(['QueryParam', 'HeaderParam', 'FormParam', 'CookieParam', 'MatrixParam', 'RestQuery', 'RestHeader', 'RestForm', 'RestCookie', 'RestMatrix']);
/** Parameters that are not the request entity. */
const NON_ENTITY_ANNOTATIONS = new Set([...INPUT_ANNOTATIONS, 'PathParam', 'RestPath', 'Context', 'Suspended', 'BeanParam', 'Form']);

/** Root paths of the module's HTTP server, outermost first. */
const ROOT_PATH_KEYS = ['server.servlet.context-path', 'quarkus.http.root-path'];
/** Where Quarkus takes the application path from when no class carries @ApplicationPath. */
const QUARKUS_APPLICATION_PATH_KEYS = ['quarkus.rest.path', 'quarkus.resteasy-reactive.path', 'quarkus.resteasy.path'];

interface LinkContext {
  index: JavaIndex;
  /** Custom request-method designators: annotation types meta-annotated `@HttpMethod("PATCH")`. */
  customVerbs: ReadonlyMap<string, string>;
  /** Annotation types meta-annotated `@NameBinding`: they bind filters, so they act as middleware. */
  nameBindings: ReadonlySet<string>;
}

interface ResourceScope {
  pieces: ResolvedText[];
  notes: string[];
  partial: boolean;
  /** Annotation lists that apply from outside (root class, locators), outermost first. */
  outer: AnnotationFacts[][];
  /** Locators followed to reach this resource, against cycles. */
  visited: ReadonlySet<string>;
  depth: number;
  /** Hash of the locators' declarations on the way. */
  trail: string;
}

/** Routes of every JAX-RS root resource of the tree. */
export function linkJaxRsRoutes(files: readonly JavaFileFacts[], project: ProjectInfo | ProjectInfoWithConfig): Route[] {
  const index = new JavaIndex(files);
  const config = new ConfigIndex(project);
  const context: LinkContext = { index, customVerbs: customVerbsOf(index), nameBindings: nameBindingsOf(index) };
  const applications = index.all().filter((ref) => jaxRsAnnotation(ref.type.annotations, 'ApplicationPath', ref.file));
  const routes: Route[] = [];
  for (const ref of index.all()) {
    if (ref.type.kind !== 'class' || ref.type.isAbstract) continue;
    const rootOwner = [ref, ...index.ancestorsOf(ref)].find((owner) => jaxRsAnnotation(owner.type.annotations, 'Path', owner.file));
    const rootPath = rootOwner ? jaxRsAnnotation(rootOwner.type.annotations, 'Path', rootOwner.file) : undefined;
    if (!rootOwner || !rootPath) continue;
    const lookup = config.forSource(ref.file.path);
    const application = applicationPrefix(ref, applications, lookup, project, index, config);
    const root = pathOf(rootPath, rootOwner, index);
    routes.push(
      ...resourceRoutes(ref, context, lookup, {
        pieces: [...application.pieces, root],
        notes: application.notes,
        partial: application.partial,
        outer: [...new Set([ref, rootOwner])].map((owner) => owner.type.annotations),
        visited: new Set([ref.type.qualifiedName]),
        depth: 0,
        trail: rootPath.text,
      }),
    );
  }
  return routes;
}

function isJaxRs(annotation: AnnotationFacts, file: JavaFileFacts): boolean {
  if (annotation.qualifier !== undefined) return JAX_RS_PACKAGES.some((pkg) => annotation.qualifier === pkg);
  return file.imports.some((name) => JAX_RS_PACKAGES.some((pkg) => name === `${pkg}.${annotation.name}` || name === `${pkg}.*`));
}

function jaxRsAnnotation(annotations: readonly AnnotationFacts[], name: string, file: JavaFileFacts): AnnotationFacts | undefined {
  return annotations.find((annotation) => annotation.name === name && isJaxRs(annotation, file));
}

function customVerbsOf(index: JavaIndex): Map<string, string> {
  const verbs = new Map<string, string>();
  for (const ref of index.all()) {
    if (ref.type.kind !== 'annotation') continue;
    const designator = jaxRsAnnotation(ref.type.annotations, 'HttpMethod', ref.file);
    const value = designator?.args['value'];
    const [verb] = value ? index.evaluate(value, ref) : [];
    if (verb?.text) verbs.set(ref.type.name, verb.text.toUpperCase());
  }
  return verbs;
}

function nameBindingsOf(index: JavaIndex): Set<string> {
  return new Set(
    index
      .all()
      .filter((ref) => ref.type.kind === 'annotation' && jaxRsAnnotation(ref.type.annotations, 'NameBinding', ref.file))
      .map((ref) => ref.type.name),
  );
}

function verbsOf(method: MethodFacts, owner: TypeRef, context: LinkContext): Array<{ verb: string; annotation: AnnotationFacts }> {
  const verbs: Array<{ verb: string; annotation: AnnotationFacts }> = [];
  for (const annotation of method.annotations) {
    const custom = context.customVerbs.get(annotation.name);
    if (JAX_RS_HTTP_METHODS.has(annotation.name) && isJaxRs(annotation, owner.file)) verbs.push({ verb: annotation.name, annotation });
    else if (custom) verbs.push({ verb: custom, annotation });
  }
  return verbs;
}

function resourceRoutes(ref: TypeRef, context: LinkContext, lookup: PropertyLookup, scope: ResourceScope): Route[] {
  const { index } = context;
  const isDeclaration = (method: MethodFacts, owner: TypeRef): boolean =>
    verbsOf(method, owner, context).length > 0 || jaxRsAnnotation(method.annotations, 'Path', owner.file) !== undefined;
  const routes: Route[] = [];
  for (const { handler, declaration } of index.handlerMethods(ref, isDeclaration)) {
    const subPath = jaxRsAnnotation(declaration.method.annotations, 'Path', declaration.owner.file);
    const own = subPath ? pathOf(subPath, declaration.owner, index) : { text: '', unresolved: [] };
    const lists = [
      ...scope.outer,
      ...[declaration.owner, handler.owner].filter((owner) => owner !== ref).map((owner) => owner.type.annotations),
      declaration.method.annotations,
      ...(handler === declaration ? [] : [handler.method.annotations]),
    ];
    const verbs = verbsOf(declaration.method, declaration.owner, context);
    if (verbs.length === 0) {
      routes.push(...locatorRoutes(declaration, handler, own, lists, context, lookup, scope));
      continue;
    }
    const built = buildJavaPath([...scope.pieces, own], lookup);
    const middleware = middlewareOf(lists, context.nameBindings);
    const notes = [...scope.notes, ...built.notes, ...(declaration.owner === ref ? [] : [`annotations declared on ${declaration.owner.type.name}`])];
    const requiredInputs = requiredInputsOf(declaration, handler, index);
    const signature = stableHash(scope.trail, subPath?.text ?? '', middleware.join('\n'), declaration.method.textHash, handler.method.textHash);
    for (const { verb, annotation } of verbs) {
      routes.push({
        method: verb,
        path: built.path,
        file: declaration.owner.file.path,
        line: annotation.line,
        framework: FRAMEWORK,
        handler: {
          name: `${handler.owner.type.name}.${handler.method.name}`,
          file: handler.owner.file.path,
          startLine: handler.method.startLine,
          endLine: handler.method.endLine,
        },
        middleware,
        ...(scope.partial || built.partial ? { partial: true } : {}),
        ...(notes.length ? { notes } : {}),
        signature,
        ...(requiredInputs.length ? { requiredInputs } : {}),
      });
    }
  }
  return routes;
}

/** A `@Path` method without a request-method designator returns the resource that handles the rest. */
function locatorRoutes(
  declaration: MethodRef,
  handler: MethodRef,
  own: ResolvedText,
  lists: AnnotationFacts[][],
  context: LinkContext,
  lookup: PropertyLookup,
  scope: ResourceScope,
): Route[] {
  const target = context.index.resolveType(declaration.method.returnType, declaration.owner);
  if (!target || scope.visited.has(target.type.qualifiedName) || scope.depth >= MAX_LOCATOR_DEPTH) return [];
  return resourceRoutes(target, context, lookup, {
    pieces: [...scope.pieces, own],
    notes: [...scope.notes, `sub-resource reached through ${handler.owner.type.name}.${handler.method.name}`],
    partial: scope.partial,
    outer: [...lists, target.type.annotations],
    visited: new Set([...scope.visited, target.type.qualifiedName]),
    depth: scope.depth + 1,
    trail: stableHash(scope.trail, declaration.method.textHash),
  });
}

function pathOf(annotation: AnnotationFacts, owner: TypeRef, index: JavaIndex): ResolvedText {
  const value = annotation.args['value'];
  const [first, ...more] = value ? index.evaluate(value, owner) : [];
  if (!first) return { text: '', unresolved: [] };
  return more.length ? { text: '', unresolved: [annotation.text] } : first;
}

/**
 * The prefix in front of every resource of a module: the server's root path, then the application
 * path (`spring.jersey.application-path` overrides `@ApplicationPath`; Quarkus' `quarkus.rest.path`
 * applies when no class declares one).
 */
function applicationPrefix(
  ref: TypeRef,
  applications: readonly TypeRef[],
  lookup: PropertyLookup,
  project: ProjectInfo,
  index: JavaIndex,
  config: ConfigIndex,
): { pieces: ResolvedText[]; notes: string[]; partial: boolean } {
  const pieces: ResolvedText[] = [];
  const notes: string[] = [];
  for (const key of ROOT_PATH_KEYS) {
    const found = lookup(key);
    if (found) {
      pieces.push({ text: found.value, unresolved: [] });
      notes.push(`${found.writtenKey ?? key} = ${found.value} (${found.origin})`);
    }
  }
  // Dropwizard maps Jersey at server.rootPath below server.applicationContextPath; @ApplicationPath is not used.
  const dropwizard = config.dropwizardPrefixes(ref.file.path);
  if (dropwizard.length === 1) {
    const [{ prefix, origin }] = dropwizard as [{ prefix: string; origin: string }];
    pieces.push({ text: prefix, unresolved: [] });
    notes.push(`Dropwizard server path ${prefix} (${origin})`);
    return { pieces, notes, partial: false };
  }
  if (dropwizard.length > 1) {
    notes.push(`Dropwizard configuration files disagree on the server path (${dropwizard.map((entry) => `${entry.prefix} in ${entry.origin}`).join(', ')}): left out`);
    return { pieces, notes, partial: true };
  }
  const jersey = lookup('spring.jersey.application-path');
  if (jersey) {
    pieces.push({ text: jersey.value, unresolved: [] });
    notes.push(`spring.jersey.application-path = ${jersey.value} (${jersey.origin})`);
    return { pieces, notes, partial: false };
  }
  const module = moduleOf(ref.file.path);
  const own = applications.filter((application) => moduleOf(application.file.path) === module);
  const values = new Map<string, { value: ResolvedText; ref: TypeRef }>();
  for (const application of own) {
    const annotation = jaxRsAnnotation(application.type.annotations, 'ApplicationPath', application.file)!;
    const value = pathOf(annotation, application, index);
    values.set(value.text + value.unresolved.join(), { value, ref: application });
  }
  if (values.size === 1) {
    const [{ value, ref: application }] = [...values.values()] as [{ value: ResolvedText; ref: TypeRef }];
    pieces.push(value);
    notes.push(`@ApplicationPath of ${application.type.name}`);
    return { pieces, notes, partial: false };
  }
  if (values.size > 1) {
    notes.push(`several @ApplicationPath values (${[...values.values()].map((entry) => entry.ref.type.name).join(', ')}): application path left out`);
    return { pieces, notes, partial: true };
  }
  for (const key of QUARKUS_APPLICATION_PATH_KEYS) {
    const found = lookup(key);
    if (found) {
      pieces.push({ text: found.value, unresolved: [] });
      notes.push(`${key} = ${found.value} (${found.origin})`);
      return { pieces, notes, partial: false };
    }
  }
  // A servlet container maps Jersey/RESTEasy in web.xml when no Application class says where.
  const webXml = project.paths.find((path) => path.endsWith('WEB-INF/web.xml') && moduleOf(path) === module);
  if (webXml) {
    notes.push(`application path is the servlet mapping in ${webXml}, not read`);
    return { pieces, notes, partial: true };
  }
  return { pieces, notes, partial: false };
}

function moduleOf(path: string): string {
  const marker = path.lastIndexOf('src/main/');
  return marker === -1 ? '' : path.slice(0, marker);
}

/** Required query/header/form parameters (validated @NotNull…) and required fields of a validated entity. */
function requiredInputsOf(declaration: MethodRef, handler: MethodRef, index: JavaIndex): string[] {
  const required: string[] = [];
  for (const parameter of mergeParameters(declaration.method.parameters, handler.method.parameters)) {
    const input = parameter.annotations.find((annotation) => INPUT_ANNOTATIONS.has(annotation.name));
    if (input && isValidatedRequired(parameter)) required.push(inputName(input, parameter, handler.owner, index));
    if (isEntity(parameter) && parameter.annotations.some((annotation) => annotation.name === 'Valid')) {
      required.push(...requiredBodyFields(parameter.type, handler.owner, index));
    }
  }
  return [...new Set(required)];
}

function isEntity(parameter: ParameterFacts): boolean {
  return !parameter.annotations.some((annotation) => NON_ENTITY_ANNOTATIONS.has(annotation.name));
}

function inputName(annotation: AnnotationFacts, parameter: ParameterFacts, owner: TypeRef, index: JavaIndex): string {
  const value = annotation.args['value'];
  const [resolved] = value ? index.evaluate(value, owner) : [];
  return resolved && resolved.text !== '' && resolved.unresolved.length === 0 ? resolved.text : parameter.name;
}
