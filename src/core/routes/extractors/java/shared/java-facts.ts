/**
 * Plain, serialisable facts the Java route extractors copy out of a syntax tree during `collect`.
 * Spring and JAX-RS read the same facts (types, annotations, constants), so they are collected once
 * per file and shared (see collect-java-facts.ts).
 */

/**
 * A compile-time expression as written in an annotation or a constant initialiser. Only what a path
 * or an HTTP method can be made of is modelled; anything else is kept as `other` and never guessed.
 */
export type ValueExpr =
  | { kind: 'string'; value: string }
  /** A name: `USERS`, `ApiPaths.USERS`, `RequestMethod.GET`, `com.acme.Paths.BASE`. */
  | { kind: 'ref'; name: string }
  | { kind: 'concat'; parts: ValueExpr[] }
  | { kind: 'array'; items: ValueExpr[] }
  | { kind: 'other'; text: string };

export interface AnnotationFacts {
  /** Simple name: `GetMapping` also for `@org.springframework.web.bind.annotation.GetMapping`. */
  name: string;
  /** The package/type qualifier when the annotation is written fully qualified. */
  qualifier?: string;
  /** Source text with whitespace collapsed (`@PreAuthorize("hasRole('ADMIN')")`). */
  text: string;
  line: number;
  /** Arguments by name; a lone unnamed argument is `value`. */
  args: Record<string, ValueExpr>;
}

export interface ParameterFacts {
  name: string;
  /** Type name without generics (`Optional`, `NewArticleParam`). */
  type: string;
  annotations: AnnotationFacts[];
}

/** A mapping built with Spring's functional routing (`route().GET("/x", h::list)`). */
export interface FunctionalRouteFacts {
  method: string;
  /** Outermost prefix first, the route's own pattern last. */
  pathParts: ValueExpr[];
  line: number;
  /** The handler expression as written (`userHandler::list`). */
  handlerText: string;
  handlerStartLine: number;
  handlerEndLine: number;
  /** Hash of the route call's text. */
  declarationHash: string;
}

export interface MethodFacts {
  name: string;
  /** Parameter count: with the name, identifies an override across a hierarchy. */
  arity: number;
  annotations: AnnotationFacts[];
  parameters: ParameterFacts[];
  /** Return type name without generics (`OrderResource`, `ResponseEntity`). */
  returnType: string;
  /** 1-based lines of the whole declaration (annotations included). */
  startLine: number;
  endLine: number;
  hasBody: boolean;
  isStatic: boolean;
  /** Hash of the method's whole text (annotations, signature, body). */
  textHash: string;
  /** Spring functional routes declared inside this method (a `RouterFunction` bean). */
  functionalRoutes?: FunctionalRouteFacts[];
}

export type TypeKind = 'class' | 'interface' | 'enum' | 'record' | 'annotation';

export interface TypeFacts {
  name: string;
  /** `com.acme.web.UserController`, `com.acme.Paths.Admin` for nested types. */
  qualifiedName: string;
  /** Qualified name of the enclosing type, for nested types. */
  outer?: string;
  kind: TypeKind;
  isAbstract: boolean;
  annotations: AnnotationFacts[];
  /** Supertypes as written, generics removed (`BaseController`, `com.acme.Api`). */
  superclass?: string;
  interfaces: string[];
  /** `static final String` fields (every String field of an interface), by name. */
  constants: Record<string, ValueExpr>;
  methods: MethodFacts[];
  /** Fields and record components marked @NotNull/@NotBlank/@NotEmpty: a request body's required inputs. */
  requiredFields: string[];
  line: number;
}

export interface JavaFileFacts {
  path: string;
  package: string;
  /** Single-type and on-demand imports: `com.acme.Paths`, `com.acme.*`. */
  imports: string[];
  /** Static imports: `com.acme.Paths.USERS`, `com.acme.Paths.*`. */
  staticImports: string[];
  types: TypeFacts[];
}
