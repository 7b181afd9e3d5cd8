import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { endLineOf, lineOf, type ParsedFile } from '../../../../source/language.js';
import { MICRONAUT_HTTP_METHODS, MIDDLEWARE_ANNOTATIONS, REQUIRED_ANNOTATIONS, ROUTE_CLASS_ANNOTATIONS, ROUTE_METHOD_ANNOTATIONS } from './annotation-names.js';
import { collectFunctionalRoutes, importsFunctionalRouting } from './collect-functional-routes.js';
import type { AnnotationFacts, JavaFileFacts, MethodFacts, ParameterFacts, TypeFacts, TypeKind, ValueExpr } from './java-facts.js';
import { readValueExpr } from './read-value-expr.js';

const TYPE_KINDS: Readonly<Record<string, TypeKind>> = {
  class_declaration: 'class',
  interface_declaration: 'interface',
  enum_declaration: 'enum',
  record_declaration: 'record',
  annotation_type_declaration: 'annotation',
};

const TYPE_RULE = { rule: { any: Object.keys(TYPE_KINDS).map((kind) => ({ kind })) } };

/** Both Java extractors see the same file one after the other: read it once. */
const cache = new WeakMap<ParsedFile, JavaFileFacts | null>();

/**
 * The Java facts of one file, shared by the Spring and JAX-RS extractors. Undefined when the file
 * declares nothing a route could be built from (no annotated types, no constants, no supertypes).
 */
export function collectJavaFacts(file: ParsedFile): JavaFileFacts | undefined {
  if (!cache.has(file)) cache.set(file, readFileFacts(file) ?? null);
  return cache.get(file) ?? undefined;
}

/**
 * Annotations a route is made of, or that an implementation adds to one (`@RolesAllowed` on the class
 * implementing a JAX-RS interface): files without any only contribute constants and outlines.
 */
const ROUTE_ANNOTATION_SET: ReadonlySet<string> = new Set([...ROUTE_METHOD_ANNOTATIONS, ...ROUTE_CLASS_ANNOTATIONS, ...MIDDLEWARE_ANNOTATIONS, 'NameBinding', 'HttpMethod']);
/**
 * The names the text is searched for first. Micronaut's plain words (`Get`, `Head`, `Options`) are in
 * many files that are not Micronaut's (`@Getter`, `Header`): they count only where the text names
 * Micronaut, as a file using its annotations imports them.
 */
const ROUTE_ANNOTATION_NAMES = [...ROUTE_ANNOTATION_SET].filter((name) => !MICRONAUT_HTTP_METHODS.has(name));
const MICRONAUT_ANNOTATION_NAMES = [...MICRONAUT_HTTP_METHODS.keys()];
const ANNOTATION_RULE = { rule: { any: [{ kind: 'annotation' }, { kind: 'marker_annotation' }] } };

/**
 * A substring test first (most files mention none of the names), the syntax tree to confirm. The
 * annotations' names are compared here: a rule with the names as one regular expression is compiled
 * on every call, which measured 12 times slower than reading the few annotations of a file.
 */
function hasRouteAnnotation(file: ParsedFile): boolean {
  const named = ROUTE_ANNOTATION_NAMES.some((name) => file.text.includes(name)) || (file.text.includes('micronaut') && MICRONAUT_ANNOTATION_NAMES.some((name) => file.text.includes(name)));
  if (!named) return false;
  return file.root.findAll(ANNOTATION_RULE).some((annotation) => {
    const name = annotation.field('name')?.text() ?? '';
    return ROUTE_ANNOTATION_SET.has(name.slice(name.lastIndexOf('.') + 1));
  });
}

/** How much of a file's types to read. */
interface ReadMode {
  /** The file has route annotations: read methods with annotations and parameters. */
  routes: boolean;
  /** The file uses Spring's functional routing. */
  functional: boolean;
  /** The file mentions Bean Validation's required-ness annotations. */
  validation: boolean;
}

function readFileFacts(file: ParsedFile): JavaFileFacts | undefined {
  const root = file.root;
  const header = readHeader(root);
  const functional = importsFunctionalRouting(header.imports);
  const mode: ReadMode = {
    routes: functional || hasRouteAnnotation(file),
    functional,
    validation: [...REQUIRED_ANNOTATIONS].some((name) => file.text.includes(name)),
  };
  const read = root.findAll(TYPE_RULE).map((node) => readType(node, header.package, mode));
  // An otherwise empty type stays when it encloses one that matters: `Routes.Admin.ROOT` resolves through `Routes`.
  const needed = new Set(read.filter((entry) => entry && !entry.empty).map((entry) => entry!.type.qualifiedName));
  for (const entry of [...read].reverse()) if (entry && needed.has(entry.type.qualifiedName) && entry.type.outer) needed.add(entry.type.outer);
  const types = read.filter((entry) => entry && needed.has(entry.type.qualifiedName)).map((entry) => entry!.type);
  if (types.length === 0) return undefined;
  return { path: file.path, ...header, types };
}

/** The package, imports and static imports of a Java file. */
export function readHeader(root: SgNode): Pick<JavaFileFacts, 'package' | 'imports' | 'staticImports'> {
  let pkg = '';
  const imports: string[] = [];
  const staticImports: string[] = [];
  for (const child of root.children()) {
    if (child.kind() === 'package_declaration') {
      pkg = child.namedChildren().find((n) => n.kind() === 'scoped_identifier' || n.kind() === 'identifier')?.text() ?? '';
    } else if (child.kind() === 'import_declaration') {
      const parts = child.children();
      const name = parts.find((n) => n.kind() === 'scoped_identifier' || n.kind() === 'identifier')?.text();
      if (!name) continue;
      const full = parts.some((n) => n.kind() === 'asterisk') ? `${name}.*` : name;
      (parts.some((n) => n.kind() === 'static') ? staticImports : imports).push(full);
    }
  }
  return { package: pkg, imports, staticImports };
}

function readType(node: SgNode, pkg: string, mode: ReadMode): { type: TypeFacts; empty: boolean } | undefined {
  const kind = TYPE_KINDS[node.kind()]!;
  const name = node.field('name')?.text();
  if (!name) return undefined;
  const outers = node
    .ancestors()
    .filter((ancestor) => ancestor.kind() in TYPE_KINDS)
    .map((ancestor) => ancestor.field('name')?.text() ?? '')
    .reverse();
  const qualify = (names: string[]): string => [pkg, ...names].filter((part) => part !== '').join('.');
  const modifiers = modifiersOf(node);
  const annotations = readAnnotations(modifiers);
  const members = bodyMembers(node);
  const superclass = node.field('superclass')?.namedChildren()[0];
  const interfaces = node.children().find((child) => child.kind() === 'super_interfaces' || child.kind() === 'extends_interfaces');
  const type: TypeFacts = {
    name,
    qualifiedName: qualify([...outers, name]),
    ...(outers.length ? { outer: qualify(outers) } : {}),
    kind,
    isAbstract: kind === 'interface' || hasModifier(modifiers, 'abstract'),
    annotations,
    ...(superclass ? { superclass: typeNameOf(superclass) } : {}),
    interfaces: interfaces?.namedChildren()[0]?.namedChildren().map(typeNameOf) ?? [],
    constants: readConstants(members, kind),
    methods: [],
    requiredFields: mode.validation ? readRequiredFields(node, members) : [],
    line: lineOf(node),
  };
  const methodNodes = members.filter((member) => member.kind() === 'method_declaration');
  const inherits = type.superclass !== undefined || type.interfaces.length > 0;
  if (mode.routes) {
    const methods = methodNodes.map((method) => ({ node: method, annotations: readAnnotations(method) }));
    const wanted =
      mode.functional ||
      inherits ||
      annotations.some((annotation) => ROUTE_CLASS_ANNOTATIONS.has(annotation.name)) ||
      methods.some((method) => method.annotations.some((annotation) => ROUTE_METHOD_ANNOTATIONS.has(annotation.name)));
    if (wanted) type.methods = methods.map(({ node: method, annotations: methodAnnotations }) => readMethod(method, methodAnnotations, mode.functional));
  } else if (inherits) {
    // It may implement a route its supertype declares (a JAX-RS resource interface): where each method is.
    type.methods = methodNodes.map(readMethodOutline);
  }
  // Annotation types matter when they bind JAX-RS filters (@NameBinding) or declare an HTTP method.
  const annotated = annotations.some(
    (annotation) => ROUTE_CLASS_ANNOTATIONS.has(annotation.name) || annotation.name === 'NameBinding' || annotation.name === 'HttpMethod',
  );
  const empty = type.methods.length === 0 && Object.keys(type.constants).length === 0 && type.requiredFields.length === 0 && !annotated;
  return { type, empty };
}

function bodyMembers(type: SgNode): SgNode[] {
  const body = type.field('body');
  if (!body) return [];
  if (body.kind() !== 'enum_body') return body.namedChildren();
  return body.namedChildren().find((child) => child.kind() === 'enum_body_declarations')?.namedChildren() ?? [];
}

function hasModifier(modifiers: SgNode | undefined, keyword: string): boolean {
  return modifiers?.children().some((child) => child.kind() === keyword) ?? false;
}

/** The `modifiers` node of a declaration: always its first child when present (one napi call, not a scan). */
function modifiersOf(node: SgNode): SgNode | undefined {
  const first = node.child(0);
  return first?.kind() === 'modifiers' ? first : undefined;
}

/** Annotations of a declaration, read from its `modifiers`. */
function readAnnotations(node: SgNode | undefined): AnnotationFacts[] {
  const modifiers = node && node.kind() !== 'modifiers' ? modifiersOf(node) : node;
  if (!modifiers) return [];
  const annotations: AnnotationFacts[] = [];
  for (const child of modifiers.children()) {
    const kind = child.kind();
    if (kind === 'annotation' || kind === 'marker_annotation') annotations.push(readAnnotation(child));
  }
  return annotations;
}

function isAnnotation(node: SgNode): boolean {
  const kind = node.kind();
  return kind === 'annotation' || kind === 'marker_annotation';
}

/** An annotation's name, qualifier, text and arguments (shared with the Spring Data REST reader). */
export function readAnnotation(node: SgNode): AnnotationFacts {
  const nameNode = node.field('name');
  const fullName = nameNode?.text().replace(/\s+/g, '') ?? '';
  const dot = fullName.lastIndexOf('.');
  const args: Record<string, ValueExpr> = {};
  const list = node.field('arguments');
  for (const argument of list?.namedChildren() ?? []) {
    if (argument.kind() === 'line_comment' || argument.kind() === 'block_comment') continue;
    if (argument.kind() === 'element_value_pair') {
      const key = argument.field('key')?.text();
      const value = argument.field('value');
      if (key && value) args[key] = readValueExpr(value);
    } else {
      args['value'] = readValueExpr(argument);
    }
  }
  return {
    name: dot === -1 ? fullName : fullName.slice(dot + 1),
    ...(dot === -1 ? {} : { qualifier: fullName.slice(0, dot) }),
    text: node.text().replace(/\s+/g, ' '),
    line: lineOf(node),
    args,
  };
}

/** `static final String` fields; in an interface every field is implicitly static and final. */
function readConstants(members: SgNode[], kind: TypeKind): Record<string, ValueExpr> {
  const constants: Record<string, ValueExpr> = {};
  for (const member of members) {
    if (member.kind() !== 'field_declaration' && member.kind() !== 'constant_declaration') continue;
    const implicit = kind === 'interface' || kind === 'annotation' || member.kind() === 'constant_declaration';
    const modifiers = modifiersOf(member);
    if (!implicit && !(hasModifier(modifiers, 'static') && hasModifier(modifiers, 'final'))) continue;
    Object.assign(constants, stringDeclarators(member));
  }
  return constants;
}

/** The initialised `String` variables a field or constant declaration declares (`String a = "x", b = B;`), by name. */
export function stringDeclarators(member: SgNode): Record<string, ValueExpr> {
  const values: Record<string, ValueExpr> = {};
  const typeName = member.field('type')?.text();
  if (typeName !== 'String' && typeName !== 'java.lang.String') return values;
  for (const declarator of member.children().filter((child) => child.kind() === 'variable_declarator')) {
    const name = declarator.field('name')?.text();
    const value = declarator.field('value');
    if (name && value) values[name] = readValueExpr(value);
  }
  return values;
}

/** Body fields a request cannot omit: fields and record components with @NotNull/@NotBlank/@NotEmpty. */
function readRequiredFields(type: SgNode, members: SgNode[]): string[] {
  const required: string[] = [];
  const isRequired = (declaration: SgNode): boolean => readAnnotations(declaration).some((annotation) => REQUIRED_ANNOTATIONS.has(annotation.name));
  if (type.kind() === 'record_declaration') {
    for (const component of type.field('parameters')?.namedChildren() ?? []) {
      const name = component.field('name')?.text();
      if (name && isRequired(component)) required.push(name);
    }
  }
  for (const member of members) {
    if (member.kind() !== 'field_declaration' || !isRequired(member)) continue;
    for (const declarator of member.children().filter((child) => child.kind() === 'variable_declarator')) {
      const name = declarator.field('name')?.text();
      if (name) required.push(name);
    }
  }
  return required;
}

function readMethod(node: SgNode, annotations: AnnotationFacts[], functional: boolean): MethodFacts {
  const parameters = readParameters(node.field('parameters'));
  const modifiers = modifiersOf(node);
  const body = node.field('body');
  const routes = functional && body ? collectFunctionalRoutes(body) : [];
  return {
    name: node.field('name')?.text() ?? '',
    arity: parameters.length,
    annotations,
    parameters,
    returnType: typeNameOf(node.field('type')),
    startLine: lineOf(node),
    endLine: endLineOf(node),
    hasBody: body !== null,
    isStatic: hasModifier(modifiers, 'static'),
    textHash: stableHash(node.text()),
    ...(routes.length ? { functionalRoutes: routes } : {}),
  };
}

/** Name, arity, lines and hash: enough to be the handler of a route declared on a supertype. */
function readMethodOutline(node: SgNode): MethodFacts {
  const range = node.range();
  return {
    name: node.field('name')?.text() ?? '',
    arity: node.field('parameters')?.namedChildren().filter((child) => child.kind() !== 'receiver_parameter').length ?? 0,
    annotations: [],
    parameters: [],
    returnType: '',
    startLine: range.start.line + 1,
    endLine: range.end.line + 1,
    hasBody: node.field('body') !== null,
    // A static method cannot stand in for an inherited instance method (javac rejects it): no need to look.
    isStatic: false,
    textHash: stableHash(node.text()),
  };
}

function readParameters(list: SgNode | null): ParameterFacts[] {
  const parameters: ParameterFacts[] = [];
  for (const parameter of list?.namedChildren() ?? []) {
    if (parameter.kind() === 'formal_parameter') {
      parameters.push({
        name: parameter.field('name')?.text() ?? '',
        type: typeNameOf(parameter.field('type')),
        annotations: readAnnotations(parameter),
      });
    } else if (parameter.kind() === 'spread_parameter') {
      const declarator = parameter.namedChildren().find((child) => child.kind() === 'variable_declarator');
      const type = parameter.namedChildren().find((child) => child.kind() !== 'modifiers' && child.kind() !== 'variable_declarator');
      parameters.push({ name: declarator?.field('name')?.text() ?? '', type: typeNameOf(type ?? null), annotations: readAnnotations(parameter) });
    }
  }
  return parameters;
}

/** A type's name as written, without generics or annotations: `List<User>` → `List`, `a.b.Base<T>` → `a.b.Base`. */
export function typeNameOf(node: SgNode | null | undefined): string {
  if (!node) return '';
  switch (node.kind()) {
    case 'generic_type': {
      const inner = node.namedChildren().find((child) => child.kind() !== 'type_arguments');
      return typeNameOf(inner);
    }
    case 'scoped_type_identifier':
      return node
        .namedChildren()
        .filter((child) => child.kind() !== 'annotation' && child.kind() !== 'marker_annotation')
        .map(typeNameOf)
        .join('.');
    case 'annotated_type':
      return typeNameOf(node.namedChildren().find((child) => !isAnnotation(child)));
    default:
      return node.text().replace(/\s+/g, '');
  }
}
