import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../hash.js';
import { endLineOf, lineOf, type ParsedFile } from '../../../source/language.js';
import type { HandlerRef, ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { buildJavaPath } from './shared/build-java-path.js';
import { readAnnotation, typeNameOf } from './shared/collect-java-facts.js';
import { ConfigIndex, sourceModuleRoot, type ConfigValue, type PropertyLookup, type ProjectInfoWithConfig } from './shared/config-index.js';
import type { AnnotationFacts, ValueExpr } from './shared/java-facts.js';
import type { ResolvedText } from './shared/java-index.js';
import { middlewareOf } from './shared/middleware-of.js';
import { collectExposureFacts, type ExposureFacts } from './spring-data-rest-exposure.js';
import { collectServerSettings, type ServerSetting } from './shared/collect-server-settings.js';
import { serverBasePath, type PlacedSetting } from './shared/server-base-path.js';

/**
 * Spring Data REST: in a module that depends on the data-rest starter, every exported repository
 * interface becomes a collection resource (`GET`/`POST /{path}`), an item resource
 * (`GET`/`PUT`/`PATCH`/`DELETE /{path}/{id}`) and, when it declares query methods, a search resource
 * (`GET /{path}/search` and `GET /{path}/search/{method}`). No controller exists in the code: the
 * routes point at the repository interface.
 */
export const springDataRestExtractor: RouteExtractor<DataRestFileFacts> = {
  id: 'spring-data-rest',
  languages: ['java'],
  collect: collectRepositoryFacts,
  link: (files, project) => linkDataRestRoutes(files.map((file) => file.facts), project),
};

const FRAMEWORK = 'spring-data-rest';

/**
 * Spring Data base interfaces whose sub-interfaces Spring Data REST exports with the CRUD resources.
 * Reactive ones (`ReactiveCrudRepository`, `R2dbcRepository`) are absent: Spring Data REST runs on
 * Spring MVC and does not export them.
 */
const REPOSITORY_BASES: ReadonlySet<string> = new Set([
  'CrudRepository', 'ListCrudRepository', 'PagingAndSortingRepository', 'ListPagingAndSortingRepository',
  'JpaRepository', 'MongoRepository', 'Neo4jRepository', 'CassandraRepository', 'ElasticsearchRepository', 'KeyValueRepository',
]);

/** Build files whose dependencies say whether a module runs Spring Data REST. */
const BUILD_FILE_NAMES: ReadonlySet<string> = new Set(['pom.xml', 'build.gradle', 'build.gradle.kts']);
/** Artifacts that put Spring Data REST's controllers on the classpath. */
const DATA_REST_ARTIFACTS = ['spring-boot-starter-data-rest', 'spring-data-rest-webmvc'];

/** Context and servlet paths in front of Spring Data REST's own base path, outermost first. */
const BASE_PATH_KEYS = ['server.servlet.context-path', 'server.context-path', 'spring.mvc.servlet.path'];
/** Spring Boot binds both spellings of the property. */
const DATA_REST_BASE_PATH_KEYS = ['spring.data.rest.base-path', 'spring.data.rest.basePath'];
const DETECTION_STRATEGY_KEYS = ['spring.data.rest.detection-strategy', 'spring.data.rest.detectionStrategy'];

/**
 * Methods every Spring Data base interface declares: overriding them configures a CRUD resource
 * (security, `exported = false`); every other abstract method is a query method.
 */
const CRUD_METHOD_NAMES: ReadonlySet<string> = new Set([
  'findAll', 'findById', 'findAllById', 'findOne', 'save', 'saveAll', 'saveAndFlush', 'saveAllAndFlush', 'insert',
  'delete', 'deleteById', 'deleteAll', 'deleteAllById', 'deleteInBatch', 'deleteAllInBatch', 'deleteAllByIdInBatch',
  'count', 'exists', 'existsById', 'flush', 'getById', 'getOne', 'getReferenceById',
]);

/** One declared method of a repository interface. */
export interface RepositoryMethodFacts {
  name: string;
  annotations: AnnotationFacts[];
  /** Default and static methods are implemented in the interface: not query methods. */
  implemented: boolean;
  startLine: number;
  endLine: number;
  textHash: string;
}

/** An interface that may be a Spring Data repository (it extends something). */
export interface RepositoryFacts {
  name: string;
  qualifiedName: string;
  isPublic: boolean;
  typeParameters: string[];
  /** Extended interfaces as written (generics removed) with their type arguments' names. */
  supertypes: Array<{ name: string; typeArguments: string[] }>;
  annotations: AnnotationFacts[];
  methods: RepositoryMethodFacts[];
  startLine: number;
  endLine: number;
}

export interface DataRestFileFacts {
  path: string;
  package: string;
  imports: string[];
  interfaces: RepositoryFacts[];
  /** Exposure filters of a `RepositoryRestConfigurer` in this file. */
  exposures?: ExposureFacts[];
  /** Server paths the file sets in code (a web server customizer's context path). */
  serverSettings?: ServerSetting[];
}

/** Whether a path is a Maven or Gradle build file (for ProjectInfo.configFiles). */
export function isJavaBuildFile(path: string): boolean {
  return BUILD_FILE_NAMES.has(path.slice(path.lastIndexOf('/') + 1));
}

const INTERFACE_RULE = { rule: { kind: 'interface_declaration' } };
/** Declarations that enclose a nested interface and so take part in its qualified name. */
const TYPE_DECLARATION_KINDS: ReadonlySet<string> = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration', 'annotation_type_declaration']);

/** Interfaces of a file that extend another interface (candidates for repositories), and exposure filters. */
export function collectRepositoryFacts(file: ParsedFile): DataRestFileFacts | undefined {
  const serverSettings = collectServerSettings(file);
  // Every repository interface and every RepositoryRestConfigurer names a Spring Data type; most files mention none.
  const named = file.text.includes('Repository');
  const interfaces = named
    ? file.root.findAll(INTERFACE_RULE).map(readInterface).filter((facts): facts is RepositoryFacts => facts !== undefined)
    : [];
  const exposures = named ? collectExposureFacts(file) : [];
  if (interfaces.length === 0 && exposures.length === 0 && serverSettings.length === 0) return undefined;
  const header = readHeader(file.root);
  for (const facts of interfaces) facts.qualifiedName = header.package ? `${header.package}.${facts.qualifiedName}` : facts.qualifiedName;
  return {
    path: file.path, ...header, interfaces,
    ...(exposures.length > 0 ? { exposures } : {}),
    ...(serverSettings.length > 0 ? { serverSettings } : {}),
  };
}

function readHeader(root: SgNode): Pick<DataRestFileFacts, 'package' | 'imports'> {
  let pkg = '';
  const imports: string[] = [];
  for (const child of root.children()) {
    const name = child.namedChildren().find((node) => node.kind() === 'scoped_identifier' || node.kind() === 'identifier')?.text() ?? '';
    if (child.kind() === 'package_declaration') pkg = name;
    else if (child.kind() === 'import_declaration' && name && !child.children().some((node) => node.kind() === 'static')) {
      imports.push(child.children().some((node) => node.kind() === 'asterisk') ? `${name}.*` : name);
    }
  }
  return { package: pkg, imports };
}

function readInterface(node: SgNode): RepositoryFacts | undefined {
  const name = node.field('name')?.text();
  const extendsClause = node.children().find((child) => child.kind() === 'extends_interfaces');
  if (!name || !extendsClause) return undefined;
  const modifiers = modifiersOf(node);
  const outers = node
    .ancestors()
    .filter((ancestor) => TYPE_DECLARATION_KINDS.has(String(ancestor.kind())) && ancestor.field('name'))
    .map((ancestor) => ancestor.field('name')!.text())
    .reverse();
  const typeList = extendsClause.namedChildren()[0]?.namedChildren() ?? [];
  const members = node.field('body')?.namedChildren() ?? [];
  return {
    name,
    qualifiedName: [...outers, name].join('.'),
    isPublic: modifiers?.children().some((child) => child.kind() === 'public') ?? false,
    typeParameters: (node.children().find((child) => child.kind() === 'type_parameters')?.namedChildren() ?? [])
      .map((parameter) => parameter.namedChildren()[0]?.text() ?? '')
      .filter((parameter) => parameter !== ''),
    supertypes: typeList.map((type) => ({ name: typeNameOf(type), typeArguments: typeArgumentsOf(type) })),
    annotations: readAnnotations(modifiers),
    methods: members.filter((member) => member.kind() === 'method_declaration').map(readMethod),
    startLine: lineOf(node),
    endLine: endLineOf(node),
  };
}

function typeArgumentsOf(type: SgNode): string[] {
  if (type.kind() !== 'generic_type') return [];
  const list = type.children().find((child) => child.kind() === 'type_arguments');
  return list?.namedChildren().map(typeNameOf) ?? [];
}

function readMethod(node: SgNode): RepositoryMethodFacts {
  const modifiers = modifiersOf(node);
  return {
    name: node.field('name')?.text() ?? '',
    annotations: readAnnotations(modifiers),
    implemented: node.field('body') !== null || (modifiers?.children().some((child) => child.kind() === 'static' || child.kind() === 'default') ?? false),
    startLine: lineOf(node),
    endLine: endLineOf(node),
    textHash: stableHash(node.text()),
  };
}

function modifiersOf(node: SgNode): SgNode | undefined {
  const first = node.child(0);
  return first?.kind() === 'modifiers' ? first : undefined;
}

function readAnnotations(modifiers: SgNode | undefined): AnnotationFacts[] {
  return (modifiers?.children() ?? []).filter((child) => child.kind() === 'annotation' || child.kind() === 'marker_annotation').map(readAnnotation);
}

/** A repository interface with the file that declares it. */
interface RepositoryRef {
  repository: RepositoryFacts;
  file: DataRestFileFacts;
}

/** Routes of every exported repository of the modules that depend on Spring Data REST. */
export function linkDataRestRoutes(files: readonly DataRestFileFacts[], project: ProjectInfo | ProjectInfoWithConfig): Route[] {
  const dataRestRoots = dataRestModuleRoots(project);
  if (dataRestRoots.length === 0) return [];
  const refs = files.flatMap((file) => file.interfaces.map((repository): RepositoryRef => ({ repository, file })));
  const byQualified = new Map(refs.map((ref) => [ref.repository.qualifiedName, ref]));
  const config = new ConfigIndex(project);
  const routes: Route[] = [];
  for (const ref of refs) {
    const root = dataRestRoots.find((candidate) => ref.file.path.startsWith(candidate));
    if (root === undefined) continue;
    if (hasAnnotation(ref.repository, 'NoRepositoryBean')) continue;
    const domain = domainTypeOf(ref, byQualified, 0);
    const lookup = config.forSource(ref.file.path);
    if (domain === undefined || !isExported(ref.repository, lookup)) continue;
    const exposures = files.filter((file) => file.path.startsWith(root)).flatMap((file) => (file.exposures ?? []).map((exposure) => ({ ...exposure, file: file.path })));
    const module = sourceModuleRoot(ref.file.path);
    const settings = files
      .filter((file) => sourceModuleRoot(file.path) === module)
      .flatMap((file) => (file.serverSettings ?? []).map((setting): PlacedSetting => ({ ...setting, file: file.path })));
    routes.push(...repositoryRoutes(ref, domain, lookup, hasCrudBase(ref, byQualified, 0), exposures, settings));
  }
  return routes;
}

/** Directories (with a trailing '/', '' for the root) whose build file pulls Spring Data REST in. */
function dataRestModuleRoots(project: ProjectInfo | ProjectInfoWithConfig): string[] {
  const roots: string[] = [];
  for (const [path, text] of project.configFiles ?? []) {
    if (isJavaBuildFile(path) && DATA_REST_ARTIFACTS.some((artifact) => text.includes(artifact))) roots.push(path.slice(0, path.lastIndexOf('/') + 1));
  }
  return roots;
}

function hasAnnotation(repository: RepositoryFacts, name: string): boolean {
  return repository.annotations.some((annotation) => annotation.name === name);
}

/** `@RepositoryRestResource`, or the older `@RestResource` on the interface. */
function resourceAnnotation(repository: RepositoryFacts): AnnotationFacts | undefined {
  return repository.annotations.find((annotation) => annotation.name === 'RepositoryRestResource' || annotation.name === 'RestResource');
}

function isFalse(expr: ValueExpr | undefined): boolean {
  return expr?.kind === 'other' && expr.text === 'false';
}

/**
 * Spring Data REST's repository detection strategies: `default` exports public interfaces and
 * annotated ones, `visibility` public ones only, `annotated` annotated ones only, `all` every one;
 * `exported = false` always hides.
 */
function isExported(repository: RepositoryFacts, lookup: PropertyLookup): boolean {
  const annotation = resourceAnnotation(repository);
  if (annotation && isFalse(annotation.args['exported'])) return false;
  const strategy = firstValue(lookup, DETECTION_STRATEGY_KEYS)?.value.trim().toLowerCase() ?? 'default';
  switch (strategy) {
    case 'all':
      return true;
    case 'annotated':
      return annotation !== undefined;
    case 'visibility':
      return repository.isPublic;
    default:
      return repository.isPublic || annotation !== undefined;
  }
}

/** Repository hierarchies are shallow (a project base interface or two); deeper means a cycle. */
const MAX_HIERARCHY_DEPTH = 8;

/**
 * The simple name of the domain type a repository manages: the first type argument given to a
 * Spring Data base interface, followed through the tree's own intermediate interfaces
 * (`PersonRepository extends BaseRepository<Person>`). Undefined for interfaces that are not repositories.
 */
function domainTypeOf(ref: RepositoryRef, byQualified: ReadonlyMap<string, RepositoryRef>, depth: number): string | undefined {
  if (depth > MAX_HIERARCHY_DEPTH) return undefined;
  for (const supertype of ref.repository.supertypes) {
    const simple = supertype.name.slice(supertype.name.lastIndexOf('.') + 1);
    const parent = resolveInterface(supertype.name, ref, byQualified);
    if (parent) {
      const inherited = domainTypeOf(parent, byQualified, depth + 1);
      if (inherited === undefined) continue;
      // A type parameter of the intermediate interface takes the argument this interface gives it.
      const position = parent.repository.typeParameters.indexOf(inherited);
      return position === -1 ? inherited : supertype.typeArguments[position];
    }
    if (REPOSITORY_BASES.has(simple)) {
      const domain = supertype.typeArguments[0];
      return domain === undefined ? undefined : domain.slice(domain.lastIndexOf('.') + 1);
    }
  }
  return undefined;
}

/**
 * Whether the repository can create, read one, update and delete: a paging-only base
 * (`PagingAndSortingRepository` alone, which no longer extends `CrudRepository` since Spring Data 3)
 * gets the collection resource only.
 */
function hasCrudBase(ref: RepositoryRef, byQualified: ReadonlyMap<string, RepositoryRef>, depth: number): boolean {
  if (depth > MAX_HIERARCHY_DEPTH) return false;
  return ref.repository.supertypes.some((supertype) => {
    const parent = resolveInterface(supertype.name, ref, byQualified);
    if (parent) return hasCrudBase(parent, byQualified, depth + 1);
    const simple = supertype.name.slice(supertype.name.lastIndexOf('.') + 1);
    return REPOSITORY_BASES.has(simple) && !PAGING_ONLY_BASES.has(simple);
  });
}

const PAGING_ONLY_BASES: ReadonlySet<string> = new Set(['PagingAndSortingRepository', 'ListPagingAndSortingRepository']);

function resolveInterface(name: string, from: RepositoryRef, byQualified: ReadonlyMap<string, RepositoryRef>): RepositoryRef | undefined {
  const exact = byQualified.get(name);
  if (exact) return exact;
  const imported = from.file.imports.find((candidate) => candidate.endsWith(`.${name}`));
  if (imported) return byQualified.get(imported);
  const samePackage = byQualified.get(from.file.package ? `${from.file.package}.${name}` : name);
  if (samePackage) return samePackage;
  for (const onDemand of from.file.imports.filter((candidate) => candidate.endsWith('.*'))) {
    const found = byQualified.get(`${onDemand.slice(0, -2)}.${name}`);
    if (found) return found;
  }
  return undefined;
}

function firstValue(lookup: PropertyLookup, keys: readonly string[]): (ConfigValue & { key: string }) | undefined {
  for (const key of keys) {
    const value = lookup(key);
    if (value) return { ...value, key: value.writtenKey ?? key };
  }
  return undefined;
}

/** One resource route of a repository before paths are joined. */
interface ResourceRoute {
  method: string;
  /** Path below the repository's resource path. */
  suffix: string;
  line: number;
  /** Repository methods that back the route: overriding one configures it. */
  backing: readonly string[];
  handler: HandlerRef;
  /** Method-level annotation lists that apply to the route. */
  annotations: AnnotationFacts[][];
  textHashes: string[];
  /** Why the route may not exist: an exposure filter that could not be read. */
  doubt?: string;
}

/** An exposure filter with the file that declares it. */
type PlacedExposure = ExposureFacts & { file: string };

function repositoryRoutes(
  ref: RepositoryRef, domain: string, lookup: PropertyLookup, crud: boolean, exposures: readonly PlacedExposure[], settings: readonly PlacedSetting[],
): Route[] {
  const { repository, file } = ref;
  const annotation = resourceAnnotation(repository);
  const resource = resourcePathOf(annotation, domain);
  const prefix = basePathOf(lookup, settings);
  const typeHandler: HandlerRef = { name: repository.name, file: file.path, startLine: repository.startLine, endLine: repository.endLine };
  const notes = [`Spring Data REST resource of ${domain}, exported from ${repository.name}`, ...prefix.notes];
  const routes: Route[] = [];
  for (const route of applyExposure(resourceRoutesOf(repository, typeHandler, crud), domain, exposures)) {
    const built = buildJavaPath([...prefix.pieces, resource, { text: route.suffix, unresolved: [] }], lookup);
    const middleware = middlewareOf([repository.annotations, ...route.annotations]);
    const routeNotes = [...notes, ...built.notes, ...(route.doubt ? [route.doubt] : [])];
    routes.push({
      method: route.method,
      path: built.path,
      file: file.path,
      line: route.line,
      framework: FRAMEWORK,
      handler: route.handler,
      middleware,
      ...(built.partial || route.doubt ? { partial: true } : {}),
      notes: routeNotes,
      signature: stableHash(annotation?.text ?? '', domain, route.method, route.suffix, middleware.join('\n'), ...route.textHashes),
    });
  }
  return routes;
}

/** The CRUD resources, minus those whose backing methods are overridden with `exported = false`, then the search resources. */
function resourceRoutesOf(repository: RepositoryFacts, typeHandler: HandlerRef, crudRoutes: boolean): ResourceRoute[] {
  const declared = (names: readonly string[]): RepositoryMethodFacts[] => repository.methods.filter((method) => names.includes(method.name));
  const crud: Array<Pick<ResourceRoute, 'method' | 'suffix' | 'backing'>> = [
    { method: 'GET', suffix: '', backing: ['findAll'] },
    { method: 'POST', suffix: '', backing: ['save'] },
    { method: 'GET', suffix: '{id}', backing: ['findById'] },
    { method: 'PUT', suffix: '{id}', backing: ['save'] },
    { method: 'PATCH', suffix: '{id}', backing: ['save'] },
    { method: 'DELETE', suffix: '{id}', backing: ['deleteById', 'delete'] },
  ];
  const routes: ResourceRoute[] = [];
  for (const entry of crudRoutes ? crud : crud.slice(0, 1)) {
    const overrides = declared(entry.backing);
    if (overrides.some(isHidden)) continue;
    routes.push({
      ...entry,
      line: repository.startLine,
      handler: typeHandler,
      annotations: overrides.map((method) => method.annotations),
      textHashes: overrides.map((method) => method.textHash),
    });
  }
  const queries = repository.methods.filter((method) => !method.implemented && !CRUD_METHOD_NAMES.has(method.name) && !isHidden(method));
  if (queries.length === 0) return routes;
  routes.push({ method: 'GET', suffix: 'search', backing: [], line: repository.startLine, handler: typeHandler, annotations: [], textHashes: queries.map((query) => query.textHash) });
  for (const query of queries) {
    routes.push({
      method: 'GET',
      suffix: `search/${queryPathOf(query)}`,
      backing: [query.name],
      line: query.startLine,
      handler: { name: `${repository.name}.${query.name}`, file: typeHandler.file, startLine: query.startLine, endLine: query.endLine },
      annotations: [query.annotations],
      textHashes: [query.textHash],
    });
  }
  return routes;
}

/**
 * Drops the item and collection routes whose method an exposure filter of the domain type (or of every
 * type) disables; a filter whose type or methods could not be read leaves the route, marked doubtful.
 * Search resources are not governed by these filters.
 */
function applyExposure(routes: ResourceRoute[], domain: string, exposures: readonly PlacedExposure[]): ResourceRoute[] {
  if (exposures.length === 0) return routes;
  const kept: ResourceRoute[] = [];
  for (const route of routes) {
    const resource = route.suffix === '' ? 'collection' : route.suffix === '{id}' ? 'item' : undefined;
    const relevant = exposures.filter((exposure) => exposure.resource === resource && (exposure.domain === undefined || exposure.domain === '*' || exposure.domain === domain));
    if (relevant.some((exposure) => exposure.domain !== undefined && exposure.disabled?.includes(route.method))) continue;
    const unread = relevant.find((exposure) => exposure.domain === undefined || exposure.disabled === undefined);
    kept.push(unread ? { ...route, doubt: `an exposure filter at ${unread.file}:${unread.line} may disable ${route.method} here; it could not be read` } : route);
  }
  return kept;
}

function isHidden(method: RepositoryMethodFacts): boolean {
  return method.annotations.some((annotation) => annotation.name === 'RestResource' && isFalse(annotation.args['exported']));
}

/** `@RestResource(path = "byName")` renames a search resource; the method name is the default. */
function queryPathOf(method: RepositoryMethodFacts): string {
  const annotation = method.annotations.find((candidate) => candidate.name === 'RestResource');
  const path = annotation?.args['path'];
  const text = path ? literalText(path) : undefined;
  return text && text.unresolved.length === 0 && text.text !== '' ? text.text : method.name;
}

/** `@RepositoryRestResource(path = …)`, else the uncapitalised plural of the domain type. */
function resourcePathOf(annotation: AnnotationFacts | undefined, domain: string): ResolvedText {
  const written = annotation?.args['path'];
  const text = written ? literalText(written) : undefined;
  if (text && (text.text !== '' || text.unresolved.length > 0)) return text;
  return { text: uncapitalise(pluralise(domain)), unresolved: [] };
}

/** String literals and their concatenations; constants of other files are not followed here. */
function literalText(expr: ValueExpr): ResolvedText {
  switch (expr.kind) {
    case 'string':
      return { text: expr.value, unresolved: [] };
    case 'concat': {
      const parts = expr.parts.map(literalText);
      return { text: parts.map((part) => part.text).join(''), unresolved: parts.flatMap((part) => part.unresolved) };
    }
    case 'ref':
      return { text: '', unresolved: [expr.name] };
    case 'array':
      return { text: '', unresolved: ['an array'] };
    case 'other':
      return { text: '', unresolved: [expr.text] };
  }
}

/** Context path and servlet path (set in code or configured), then `spring.data.rest.base-path`, outermost first. */
function basePathOf(lookup: PropertyLookup, settings: readonly PlacedSetting[]): { pieces: ResolvedText[]; notes: string[] } {
  const server = serverBasePath(BASE_PATH_KEYS, lookup, settings);
  const dataRest = firstValue(lookup, DATA_REST_BASE_PATH_KEYS);
  return {
    pieces: [...server.pieces, ...(dataRest ? [{ text: dataRest.value, unresolved: [] }] : [])],
    notes: [...server.notes, ...(dataRest ? [`${dataRest.key} = ${dataRest.value} (${dataRest.origin})`] : [])],
  };
}

/**
 * English plural as Spring Data REST's inflector forms it for ordinary nouns: `Person` → `Persons`,
 * `Category` → `Categories`, `Address` → `Addresses`. Irregular nouns are not modelled.
 */
export function pluralise(word: string): string {
  const lower = word.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${word}es`;
  return `${word}s`;
}

function uncapitalise(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}
