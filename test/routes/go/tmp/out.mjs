// src/core/source/language.ts
import { Lang, parse, registerDynamicLanguage } from "@ast-grep/napi";
import python from "@ast-grep/lang-python";
import go from "@ast-grep/lang-go";
import java from "@ast-grep/lang-java";
var registered = false;
function ensureLanguages() {
  if (registered) return;
  registerDynamicLanguage({ python, go, java });
  registered = true;
}
var EXTENSION_LANGUAGE = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  py: "python",
  go: "go",
  java: "java"
};
function languageOf(path) {
  if (path.endsWith(".d.ts")) return void 0;
  const dot = path.lastIndexOf(".");
  return dot === -1 ? void 0 : EXTENSION_LANGUAGE[path.slice(dot + 1).toLowerCase()];
}
function astGrepLang(language) {
  switch (language) {
    case "typescript":
      return Lang.TypeScript;
    case "tsx":
      return Lang.Tsx;
    case "javascript":
      return Lang.JavaScript;
    default:
      return language;
  }
}
var DEFAULT_PARSE_LIMITS = { maxBytes: 1e6, maxLineLength: 5e3 };
function parseSource(path, text, limits = DEFAULT_PARSE_LIMITS) {
  const language = languageOf(path);
  if (!language) return { path, reason: "not a language we read" };
  if (text.length > limits.maxBytes) return { path, reason: `larger than ${Math.round(limits.maxBytes / 1e3)} kB` };
  if (hasLineLongerThan(text, limits.maxLineLength)) return { path, reason: "minified or generated (a line longer than " + limits.maxLineLength + " characters)" };
  ensureLanguages();
  try {
    const root = parse(astGrepLang(language), text).root();
    return { path, language, text, root };
  } catch (error) {
    return { path, reason: `does not parse: ${error.message}` };
  }
}
function isParsed(file) {
  return "root" in file;
}
function hasLineLongerThan(text, max) {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const stop = end === -1 ? text.length : end;
    if (stop - start > max) return true;
    start = stop + 1;
  }
  return false;
}
function lineOf(node) {
  return node.range().start.line + 1;
}
function endLineOf(node) {
  return node.range().end.line + 1;
}

// src/core/hash.ts
import { createHash } from "node:crypto";
function stableHash(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex").slice(0, 16);
}

// src/core/routes/extractors/go/shared/go-framework.ts
function addRoute(site, node, framework, methods, path, handlers, handlerPosition) {
  if (!path) return;
  const handler = handlerPosition === "first" ? handlers[0] : handlers[handlers.length - 1];
  const middleware = handlerPosition === "first" ? handlers.slice(1) : handlers.slice(0, -1);
  site.route(node, framework, methods, site.str(path), handler, middleware.map((expr) => site.name(expr)));
}
var HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"];
function httpMethodOf(name) {
  const upper = name.toUpperCase();
  return HTTP_METHODS.includes(upper) ? upper : void 0;
}
function routerValue(node) {
  return { t: "router", node };
}

// src/core/routes/extractors/go/shared/go-literals.ts
function defaultPackageName(importPath) {
  const segments = importPath.split("/");
  let last = segments[segments.length - 1] ?? importPath;
  if (/^v\d+$/.test(last) && segments.length > 1) last = segments[segments.length - 2];
  last = last.replace(/\.v\d+$/, "");
  if (last.startsWith("go-")) last = last.slice(3);
  return last.replace(/[-.]/g, "_");
}
function decodeGoString(text) {
  if (text.startsWith("`")) return text.slice(1, -1).replace(/\r/g, "");
  const body = text.slice(1, -1);
  if (!body.includes("\\")) return body;
  try {
    return JSON.parse(`"${body.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1").replace(/\\'/g, "'")}"`);
  } catch {
    return body;
  }
}
function shortText(text, max = 120) {
  const collapsed = text.slice(0, max * 4).replace(/\s+/g, " ").trim();
  return collapsed.length > max ? collapsed.slice(0, max - 1) + "\u2026" : collapsed;
}

// src/core/routes/extractors/go/shared/collect-go-facts.ts
var factsCache = /* @__PURE__ */ new WeakMap();
var namesCache = /* @__PURE__ */ new WeakMap();
var NODE_BUDGET = 6e4;
var MAX_LITERAL_ELEMENTS = 64;
var STATEMENT_KINDS = /* @__PURE__ */ new Set([
  "expression_statement",
  "short_var_declaration",
  "assignment_statement",
  "var_declaration",
  "const_declaration",
  "return_statement",
  "block",
  "if_statement",
  "for_statement",
  "expression_switch_statement",
  "type_switch_statement",
  "select_statement",
  "labeled_statement",
  "go_statement",
  "defer_statement"
]);
function collectGoFacts(file, frameworks) {
  const cached = factsCache.get(file);
  if (cached) return cached;
  const facts = new FileCollector(file, frameworks).collect();
  factsCache.set(file, facts);
  return facts;
}
function relevanceNames(frameworks) {
  let names = namesCache.get(frameworks);
  if (!names) {
    const methods = [...new Set(frameworks.flatMap((f) => f.routerMethods))];
    names = {
      methods: methods.join("|"),
      methodNeedles: [...methods.map((name) => `${name}(`), ...HTTP_METHODS.map((method) => `"${method} `)],
      packageFunctions: [...new Set(frameworks.flatMap((f) => f.packageFunctions))].join("|"),
      routerTypes: [...new Set(frameworks.flatMap((f) => Object.keys(f.routerTypes)))].join("|")
    };
    namesCache.set(frameworks, names);
  }
  return names;
}
var FileCollector = class {
  constructor(file, frameworks) {
    this.file = file;
    this.frameworks = frameworks;
  }
  file;
  frameworks;
  aliases = /* @__PURE__ */ new Map();
  /** Start positions (line * 1e6 + column), sorted, of nodes that show code sets routes up. */
  strong = [];
  /** Start positions, sorted, of path literals (`"/users"`, `"GET /users"`). */
  paths = [];
  /** Calls that pass a path literal, with their start positions, in source order. */
  pathCalls = [];
  budget = NODE_BUDGET;
  /** Whether the file imports net/http or a framework: only then can its functions be handlers. */
  importsHttp = false;
  collect() {
    const facts = {
      path: this.file.path,
      dir: this.file.path.includes("/") ? this.file.path.slice(0, this.file.path.lastIndexOf("/")) : "",
      pkg: "",
      imports: [],
      vars: {},
      types: {},
      funcs: []
    };
    const top = this.file.root.children();
    for (const node of top) {
      const kind = node.kind();
      if (kind === "package_clause") facts.pkg = node.namedChildren()[0]?.text() ?? "";
      else if (kind === "import_declaration") this.readImports(node, facts.imports);
    }
    this.findInteresting();
    for (const node of top) {
      switch (node.kind()) {
        case "function_declaration":
        case "method_declaration": {
          const fn = this.readFunction(node);
          if (fn) facts.funcs.push(fn);
          break;
        }
        case "const_declaration":
        case "var_declaration":
          this.readPackageVars(node, facts.vars);
          break;
        case "type_declaration":
          this.readTypes(node, facts.types);
          break;
      }
    }
    return facts;
  }
  readImports(node, imports) {
    const specs = node.findAll({ rule: { kind: "import_spec" } });
    for (const spec of specs) {
      const pathNode = spec.field("path");
      if (!pathNode) continue;
      const path = decodeGoString(pathNode.text());
      const aliasNode = spec.field("name");
      const alias = aliasNode?.text();
      imports.push(alias ? { alias, path } : { path });
      if (alias === "_" || alias === ".") continue;
      const framework = this.frameworks.find((f) => f.isPackage(path));
      const name = alias ?? (framework ? framework.packageName : defaultPackageName(path));
      this.aliases.set(name, path);
    }
  }
  /**
   * Finds, natively and in one pass, the nodes that show a function sets routes up: a call of a router
   * method, a path literal (`"/users"`, `"GET /users"`), and — when the file imports them — a
   * framework constructor or router type, or an environment read. Rules are compiled on every call,
   * so they are kept to two regular expressions.
   */
  findInteresting() {
    const names = relevanceNames(this.frameworks);
    const qualified = [];
    for (const [alias, path] of this.aliases) {
      if (this.frameworks.some((f) => f.isPackage(path))) qualified.push(`${escapeRegex(alias)}\\.(${names.packageFunctions}|${names.routerTypes})`);
      if (path === "os") qualified.push(`${escapeRegex(alias)}\\.(Getenv|LookupEnv)`);
    }
    this.importsHttp = [...this.aliases.values()].some((path) => this.frameworks.some((f) => f.isPackage(path)));
    if (!this.mayHoldInteresting(names, qualified.length > 0)) return;
    const rules = [
      { kind: "call_expression", has: { field: "function", kind: "selector_expression", has: { field: "field", regex: `^(${names.methods})$` } } },
      // A path (`"/users"`, `"GET /users"`) passed to a helper, kept in a variable or in a route table.
      { kind: "interpreted_string_literal", regex: '^"(/|[A-Z]+ /)' }
    ];
    if (qualified.length > 0) rules.push({ any: [{ kind: "selector_expression" }, { kind: "qualified_type" }], regex: `^(${qualified.join("|")})$` });
    const found = this.file.root.findAll({ rule: { any: rules } });
    const byPosition = (a, b) => a - b;
    for (const node of found) {
      const at = position(node.range().start);
      if (node.kind() !== "interpreted_string_literal") {
        this.strong.push(at);
        continue;
      }
      this.paths.push(at);
      const call = node.parent()?.kind() === "argument_list" ? node.parent()?.parent() : void 0;
      if (call?.kind() === "call_expression") {
        const range = call.range();
        this.pathCalls.push({ at: position(range.start), end: position(range.end), node: call });
      }
    }
    this.strong.sort(byPosition);
    this.paths.sort(byPosition);
    this.pathCalls.sort((a, b) => a.at - b.at);
  }
  /**
   * Early exit before the native scan, which costs a walk of the whole tree: without one of these
   * substrings (a path literal's start, a router method name followed by its parenthesis, a framework
   * package name) none of the rule's nodes can exist. The syntax tree still makes the decision.
   */
  mayHoldInteresting(names, qualified) {
    const text = this.file.text;
    if (text.includes('"/') || names.methodNeedles.some((needle) => text.includes(needle))) return true;
    if (!qualified) return false;
    for (const [alias, path] of this.aliases) {
      const framework = this.frameworks.find((f) => f.isPackage(path));
      const members = framework ? [...framework.packageFunctions, ...Object.keys(framework.routerTypes)] : path === "os" ? ["Getenv", "LookupEnv"] : [];
      if (members.some((member) => text.includes(`${alias}.${member}`))) return true;
    }
    return false;
  }
  /** Whether a node holds strong evidence of route set-up (`paths` too: a path literal). */
  contains(node, range = node.range(), includePaths = false) {
    const start = position(range.start);
    const end = position(range.end);
    return containsPosition(this.strong, start, end) || includePaths && containsPosition(this.paths, start, end);
  }
  /**
   * A function's facts. Functions that touch routers get their body translated; functions that only
   * hold path literals get the calls passing them (`a.handle("GET /orders", h)`: a registration
   * helper); the others only a name, a place and a hash (they may be handlers). A file importing no
   * HTTP package can hold no handler, so its other methods are skipped altogether.
   */
  readFunction(node) {
    const range = node.range();
    const isMethod = node.kind() === "method_declaration";
    const name = node.field("name")?.text() ?? "";
    const strong = !isMethod && (name === "main" || name === "init") || this.contains(node, range);
    const pathCalls = strong ? [] : this.pathCallsWithin(range);
    const relevant = strong || pathCalls.length > 0;
    if (isMethod && !relevant && !this.importsHttp) return void 0;
    const facts = {
      name,
      params: [],
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      bodyHash: relevant || this.importsHttp ? this.hashOf(node, range) : ""
    };
    const resultNode = node.field("result");
    const result = resultNode ? this.resultType(resultNode) : void 0;
    if (result) facts.result = result;
    const receiver = isMethod ? node.field("receiver") : null;
    if (receiver) {
      const type = receiver.find({ rule: { kind: "type_identifier" } })?.text();
      if (type) facts.recv = type;
    }
    const body = node.field("body");
    if (relevant && body) {
      const recvName = receiver?.find({ rule: { kind: "identifier" } })?.text();
      if (recvName) facts.recvName = recvName;
      if (strong) {
        const params = node.field("parameters");
        facts.params = params ? this.params(params) : [];
        facts.body = this.block(body);
      } else facts.body = pathCalls.map((call) => ({ k: "do", e: this.expr(call) }));
    }
    return facts;
  }
  /** The outermost calls passing a path literal within a range. */
  pathCallsWithin(range) {
    const start = position(range.start);
    const end = position(range.end);
    const calls = [];
    let outerEnd = -1;
    for (const call of this.pathCalls) {
      if (call.at < start || call.end > end || call.end <= outerEnd) continue;
      outerEnd = call.end;
      if (!this.callsLibrary(call.node)) calls.push(call.node);
    }
    return calls;
  }
  /**
   * `http.Redirect(w, r, "/login", 302)`, `url.Parse("/x")`: a call into the standard library or a
   * framework package passes a path without declaring a route (framework registrations count as
   * strong evidence already).
   */
  callsLibrary(call) {
    const callee = call.field("function");
    if (callee?.kind() !== "selector_expression") return false;
    const operand = callee.field("operand");
    if (operand?.kind() !== "identifier") return false;
    const path = this.aliases.get(operand.text());
    return path !== void 0 && (!path.split("/")[0].includes(".") || this.frameworks.some((f) => f.isPackage(path)));
  }
  /** Hash of a declaration's text, sliced from the file rather than fetched from the tree. */
  hashOf(node, range) {
    const start = range.start.index;
    const end = range.end.index;
    return stableHash(start !== void 0 && end !== void 0 ? this.file.text.slice(start, end) : node.text());
  }
  resultType(node) {
    if (node.kind() === "parameter_list") {
      const first = node.namedChildren()[0];
      const type = first?.field("type");
      return type ? this.typeRef(type) : void 0;
    }
    return this.typeRef(node);
  }
  params(node) {
    const params = [];
    for (const decl of node.namedChildren()) {
      const typeNode = decl.field("type");
      const type = typeNode ? this.typeRef(typeNode) : void 0;
      const variadic = decl.kind() === "variadic_parameter_declaration";
      const names = decl.namedChildren().filter((child) => child.kind() === "identifier");
      const make = (name) => ({ ...name ? { name } : {}, ...type ? { type } : {}, ...variadic ? { variadic: true } : {} });
      if (names.length === 0) params.push(make());
      else for (const n of names) params.push(make(n.text()));
    }
    return params;
  }
  typeRef(node) {
    switch (node.kind()) {
      case "type_identifier":
        return { name: node.text() };
      case "qualified_type": {
        const alias = node.field("package")?.text() ?? "";
        const name = node.field("name")?.text() ?? "";
        const pkg = this.aliases.get(alias);
        return pkg ? { pkg, name } : { name: `${alias}.${name}` };
      }
      case "pointer_type":
      case "parenthesized_type": {
        const inner = node.namedChildren()[0];
        return inner ? this.typeRef(inner) : void 0;
      }
      case "generic_type": {
        const inner = node.field("type");
        return inner ? this.typeRef(inner) : void 0;
      }
      case "slice_type":
      case "array_type": {
        const element = node.field("element");
        const inner = element ? this.typeRef(element) : void 0;
        return inner ? { ...inner, slice: true } : void 0;
      }
      case "function_type":
        return { name: "func" };
      default:
        return void 0;
    }
  }
  readPackageVars(node, vars) {
    const isConst = node.kind() === "const_declaration";
    const specs = node.findAll({ rule: { kind: isConst ? "const_spec" : "var_spec" } });
    for (const spec of specs) {
      const names = spec.namedChildren().filter((child) => child.kind() === "identifier").map((child) => child.text());
      const typeNode = spec.field("type");
      const type = typeNode ? this.typeRef(typeNode) : void 0;
      const values = spec.field("value")?.namedChildren() ?? [];
      names.forEach((name, i) => {
        const value = values[i];
        const init = value && this.worthTranslating(value) ? this.expr(value) : void 0;
        vars[name] = { ...type ? { type } : {}, ...init ? { init } : {}, ...isConst ? { isConst: true } : {} };
      });
    }
  }
  /** Package-level initialisers: strings and router constructors, not data tables. */
  worthTranslating(node) {
    const kind = node.kind();
    if (kind === "composite_literal" || kind === "func_literal") return this.contains(node, node.range(), true);
    return kind !== "int_literal" && kind !== "float_literal";
  }
  readTypes(node, types) {
    for (const spec of node.namedChildren()) {
      if (spec.kind() !== "type_spec") continue;
      const name = spec.field("name")?.text();
      const type = spec.field("type");
      if (!name || type?.kind() !== "struct_type") continue;
      const struct = { fields: {}, embedded: [] };
      const list = type.namedChildren()[0];
      for (const field of list?.namedChildren() ?? []) {
        if (field.kind() !== "field_declaration") continue;
        const typeNode = field.field("type");
        const ref = typeNode ? this.typeRef(typeNode) : void 0;
        if (!ref) continue;
        const names = field.namedChildren().filter((child) => child.kind() === "field_identifier");
        if (names.length === 0) struct.embedded.push(ref);
        for (const fieldName of names) struct.fields[fieldName.text()] = ref;
      }
      types[name] = struct;
    }
  }
  // ---- bodies -------------------------------------------------------------------------------
  block(node) {
    const statements = [];
    for (const child of node.namedChildren()) {
      if (child.kind() === "statement_list") statements.push(...this.block(child));
      else if (STATEMENT_KINDS.has(String(child.kind()))) {
        const statement = this.statement(child);
        if (statement) statements.push(statement);
      }
    }
    return statements;
  }
  statement(node) {
    this.budget--;
    switch (node.kind()) {
      case "expression_statement":
      case "go_statement":
      case "defer_statement": {
        const inner = node.namedChildren()[0];
        return inner ? { k: "do", e: this.expr(inner) } : void 0;
      }
      case "short_var_declaration": {
        const names = (node.field("left")?.namedChildren() ?? []).map((n) => n.text());
        const vals = (node.field("right")?.namedChildren() ?? []).map((n) => this.expr(n));
        return { k: "def", names, vals, line: lineOf(node) };
      }
      case "assignment_statement": {
        const lhs = (node.field("left")?.namedChildren() ?? []).map((n) => this.expr(n));
        let vals = (node.field("right")?.namedChildren() ?? []).map((n) => this.expr(n));
        const operator = node.field("operator")?.text() ?? "=";
        if (operator === "+=" && lhs[0] && vals[0]) vals = [{ k: "bin", op: "+", l: lhs[0], r: vals[0] }];
        else if (operator !== "=") vals = vals.map(() => ({ k: "?", t: "" }));
        return { k: "set", lhs, vals, line: lineOf(node) };
      }
      case "var_declaration":
      case "const_declaration": {
        const body = [];
        for (const spec of node.findAll({ rule: { any: [{ kind: "var_spec" }, { kind: "const_spec" }] } })) {
          const names = spec.namedChildren().filter((child) => child.kind() === "identifier").map((child) => child.text());
          const typeNode = spec.field("type");
          const type = typeNode ? this.typeRef(typeNode) : void 0;
          const vals = (spec.field("value")?.namedChildren() ?? []).map((n) => this.expr(n));
          body.push({ k: "def", names, vals, ...type ? { type } : {}, line: lineOf(spec) });
        }
        return body.length === 1 ? body[0] : { k: "blk", body };
      }
      case "return_statement": {
        const list = node.namedChildren()[0];
        return { k: "ret", vals: list ? (list.kind() === "expression_list" ? list.namedChildren() : [list]).map((n) => this.expr(n)) : [] };
      }
      case "block":
        return { k: "blk", body: this.block(node) };
      case "if_statement": {
        const body = [];
        const init = node.field("initializer");
        const initStatement = init ? this.statement(init) : void 0;
        if (initStatement) body.push(initStatement);
        const consequence = node.field("consequence");
        if (consequence) body.push({ k: "blk", body: this.block(consequence), cond: true });
        const alternative = node.field("alternative");
        if (alternative) {
          const alt = alternative.kind() === "block" ? this.block(alternative) : [this.statement(alternative)].filter((s) => s !== void 0);
          body.push({ k: "blk", body: alt, cond: true });
        }
        return { k: "blk", body };
      }
      case "for_statement": {
        const bodyNode = node.field("body");
        const body = bodyNode ? this.block(bodyNode) : [];
        const range = node.namedChildren().find((child) => child.kind() === "range_clause");
        if (range) {
          const left = range.field("left")?.namedChildren().map((n) => n.text()) ?? [];
          const right = range.field("right");
          const statement = { k: "range", over: right ? this.expr(right) : { k: "?", t: "" }, body };
          if (left[0] && left[0] !== "_") statement.key = left[0];
          if (left[1] && left[1] !== "_") statement.val = left[1];
          return statement;
        }
        return { k: "blk", body, cond: true };
      }
      case "expression_switch_statement":
      case "type_switch_statement":
      case "select_statement": {
        const body = [];
        const init = node.field("initializer");
        const initStatement = init ? this.statement(init) : void 0;
        if (initStatement) body.push(initStatement);
        for (const clause of node.namedChildren()) {
          if (String(clause.kind()).endsWith("_case")) body.push({ k: "blk", body: this.block(clause), cond: true });
        }
        return { k: "blk", body };
      }
      case "labeled_statement": {
        const inner = node.namedChildren().find((child) => STATEMENT_KINDS.has(String(child.kind())));
        return inner ? this.statement(inner) : void 0;
      }
      default:
        return void 0;
    }
  }
  expr(node) {
    if (--this.budget < 0) return { k: "?", t: "" };
    switch (node.kind()) {
      case "identifier":
      case "field_identifier":
      case "package_identifier":
      case "type_identifier":
        return { k: "id", n: node.text() };
      case "selector_expression": {
        const operand = node.field("operand");
        return { k: "sel", x: operand ? this.expr(operand) : { k: "?", t: "" }, n: node.field("field")?.text() ?? "" };
      }
      case "call_expression":
        return this.call(node);
      case "func_literal":
        return this.funcLiteral(node);
      case "interpreted_string_literal":
      case "raw_string_literal":
        return { k: "str", v: decodeGoString(node.text()) };
      case "binary_expression": {
        const left = node.field("left");
        const right = node.field("right");
        return { k: "bin", op: node.field("operator")?.text() ?? "", l: left ? this.expr(left) : { k: "?", t: "" }, r: right ? this.expr(right) : { k: "?", t: "" } };
      }
      case "unary_expression": {
        const operator = node.field("operator")?.text();
        const operand = node.field("operand");
        if ((operator === "&" || operator === "*") && operand) return { k: "ref", x: this.expr(operand) };
        return { k: "?", t: shortText(node.text()) };
      }
      case "parenthesized_expression":
      case "type_assertion_expression": {
        const inner = node.namedChildren()[0];
        return inner ? { k: "ref", x: this.expr(inner) } : { k: "?", t: "" };
      }
      case "composite_literal":
        return this.compositeLiteral(node);
      case "index_expression": {
        const operand = node.field("operand");
        return { k: "idx", x: operand ? this.expr(operand) : { k: "?", t: "" } };
      }
      default:
        return { k: "?", t: shortText(node.text()) };
    }
  }
  call(node) {
    const fn = node.field("function");
    const text = node.text();
    const args = [];
    let spread = false;
    for (const arg of node.field("arguments")?.namedChildren() ?? []) {
      if (arg.kind() === "variadic_argument") {
        spread = true;
        const inner = arg.namedChildren()[0];
        args.push(inner ? this.expr(inner) : { k: "?", t: "" });
      } else args.push(this.expr(arg));
    }
    return {
      k: "call",
      f: fn ? this.expr(fn) : { k: "?", t: "" },
      a: args,
      ...spread ? { spread: true } : {},
      line: lineOf(node),
      endLine: endLineOf(node),
      t: shortText(text),
      ...fn?.kind() === "selector_expression" ? { h: stableHash(text) } : {}
    };
  }
  funcLiteral(node) {
    const params = node.field("parameters");
    const result = node.field("result");
    const body = node.field("body");
    const literal = {
      k: "fn",
      params: params ? this.params(params) : [],
      line: lineOf(node),
      endLine: endLineOf(node),
      bodyHash: this.hashOf(node, node.range()),
      sig: shortText(`func${params?.text() ?? "()"}${result ? " " + result.text() : ""}`)
    };
    if (body && this.contains(node, node.range(), true)) literal.body = this.block(body);
    return literal;
  }
  compositeLiteral(node) {
    const typeNode = node.field("type");
    const body = node.field("body");
    const shape = typeNode ? this.literalShape(typeNode) : {};
    return this.literalBody(body, shape.type, shape.fields, shape.element);
  }
  /**
   * What a literal's type says about its elements: a struct's field names (positional elements), and
   * for slices, arrays and maps the shape of elements whose type is elided (`[]Route{{"GET", "/x", h}}`).
   */
  literalShape(typeNode) {
    const kind = String(typeNode.kind());
    if (kind === "struct_type") return { fields: this.structFieldNames(typeNode) };
    if (kind === "slice_type" || kind === "array_type" || kind === "implicit_length_array_type" || kind === "map_type") {
      const element = typeNode.field(kind === "map_type" ? "value" : "element");
      const inner = element ? this.literalShape(element) : {};
      const type2 = this.typeRef(typeNode);
      return { ...type2 ? { type: type2 } : {}, element: inner };
    }
    if (kind === "pointer_type") {
      const inner = typeNode.namedChildren()[0];
      return inner ? this.literalShape(inner) : {};
    }
    const type = this.typeRef(typeNode);
    return type ? { type } : {};
  }
  structFieldNames(struct) {
    const names = [];
    for (const field of struct.namedChildren()[0]?.namedChildren() ?? []) {
      if (field.kind() !== "field_declaration") continue;
      const identifiers = field.namedChildren().filter((child) => child.kind() === "field_identifier");
      if (identifiers.length === 0) names.push(field.field("type")?.text().replace(/^\*/, "").split(".").pop() ?? "");
      else names.push(...identifiers.map((identifier) => identifier.text()));
    }
    return names;
  }
  literalBody(body, type, fields, element) {
    const els = [];
    const value = (node) => node.kind() === "literal_value" ? this.literalBody(node, element?.type, element?.fields, element?.element) : this.expr(node);
    for (const item of body?.namedChildren() ?? []) {
      if (els.length >= MAX_LITERAL_ELEMENTS) break;
      if (item.kind() === "keyed_element") {
        const [key, val] = item.namedChildren();
        const valueNode = val?.kind() === "literal_element" ? val.namedChildren()[0] : val;
        const keyNode = key?.kind() === "literal_element" ? key.namedChildren()[0] : key;
        if (valueNode) els.push({ ...keyNode ? { key: keyNode.text() } : {}, v: value(valueNode) });
      } else {
        const valueNode = item.kind() === "literal_element" ? item.namedChildren()[0] : item;
        if (valueNode) els.push({ v: value(valueNode) });
      }
    }
    return { k: "lit", ...type ? { type } : {}, ...fields ? { fields } : {}, els };
  }
};
function containsPosition(sorted, start, end) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (sorted[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] <= end;
}
function position(point) {
  return point.line * 1e6 + point.column;
}
function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// src/core/routes/extractors/go/shared/go-strings.ts
function knownStr(text) {
  return { text };
}
function unknownStr(note) {
  return note ? { text: "", partial: true, notes: [note] } : { text: "", partial: true };
}
function concatStr(...parts) {
  const result = { text: parts.map((part) => part.text).join("") };
  if (parts.some((part) => part.partial)) result.partial = true;
  const notes = mergeNotes(...parts.map((part) => part.notes));
  if (notes) result.notes = notes;
  return result;
}
function mergeNotes(...lists) {
  const notes = [...new Set(lists.flatMap((list) => list ?? []))];
  return notes.length > 0 ? notes : void 0;
}
function sprintfStr(format, args) {
  let index = 0;
  const pieces = [];
  let literal = "";
  const text = format.text;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== "%" || i + 1 >= text.length) {
      literal += char;
      continue;
    }
    const verb = text[i + 1];
    i++;
    if (verb === "%") {
      literal += "%";
      continue;
    }
    pieces.push(knownStr(literal));
    literal = "";
    const arg = args[index++];
    pieces.push(arg ?? unknownStr());
  }
  pieces.push(knownStr(literal));
  const result = concatStr(...pieces);
  if (format.partial) result.partial = true;
  return result;
}
function joinPathStr(parts) {
  const nonEmpty = parts.filter((part) => part.text !== "" || part.partial);
  const joined = concatStr(...nonEmpty.flatMap((part, i) => i === 0 ? [part] : [knownStr("/"), part]));
  joined.text = joined.text.replace(/\/{2,}/g, "/");
  return joined;
}

// src/core/routes/extractors/go/net-http.ts
function splitServeMuxPattern(pattern) {
  let text = pattern.text.trim();
  let method;
  const space = text.search(/[ \t]/);
  if (space > 0 && /^[A-Z]+$/.test(text.slice(0, space))) {
    method = text.slice(0, space);
    text = text.slice(space).trim();
  }
  let host;
  const slash = text.indexOf("/");
  if (slash > 0 && !pattern.partial) {
    host = text.slice(0, slash);
    text = text.slice(slash);
  }
  return { ...method ? { method } : {}, ...host ? { host } : {}, path: { ...pattern, text } };
}
var NET_HTTP = {
  id: "net-http",
  isPackage: (path) => path === "net/http",
  packageName: "http",
  packageFunctions: ["NewServeMux", "Handle", "HandleFunc"],
  routerMethods: ["Handle", "HandleFunc"],
  routerTypes: { ServeMux: { rootOnly: false } },
  routerKind: () => ({ kind: "mux", liveMiddleware: true }),
  callPackage(site, name) {
    switch (name) {
      case "NewServeMux":
        return routerValue(site.newRouter("net-http", "mux", { liveMiddleware: true }));
      case "Handle":
      case "HandleFunc":
        register(site, defaultServeMux(site));
        return { t: "unknown" };
      case "StripPrefix": {
        const [prefix, handler] = site.args;
        if (!prefix || !handler) return void 0;
        const data = { prefix: site.str(prefix), handler };
        return { t: "ext", framework: "net-http", kind: "strip", data };
      }
      case "HandlerFunc":
        return site.args[0] ? site.value(site.args[0]) : void 0;
      default:
        return void 0;
    }
  },
  packageValue(site, name) {
    if (name === "DefaultServeMux") return routerValue(defaultServeMux(site));
    const method = name.startsWith("Method") ? name.slice("Method".length).toUpperCase() : "";
    return HTTP_METHODS.includes(method) ? { t: "str", s: { text: method } } : void 0;
  },
  callRouter(site, node, name) {
    if (name !== "Handle" && name !== "HandleFunc") return void 0;
    register(site, node);
    return { t: "unknown" };
  }
};
function defaultServeMux(site) {
  return site.singleton("net-http:DefaultServeMux", () => site.newRouter("net-http", "mux", { liveMiddleware: true }));
}
function register(site, mux) {
  const [patternExpr, handler] = site.args;
  if (!patternExpr) return;
  const { method, path } = splitServeMuxPattern(site.str(patternExpr));
  const mounted = handler ? site.mountedRouter(handler) : void 0;
  if (mounted) {
    site.mount(mounted.node, mux, mounted.strip ?? { text: "" }, { middleware: mounted.middleware, ...method ? { methods: [method] } : {} });
    return;
  }
  site.route(mux, "net-http", [method ?? "ANY"], path, handler, []);
}

// src/core/routes/extractors/go/chi.ts
var CHI = {
  id: "chi",
  isPackage: (path) => /^github\.com\/(go-chi|pressly)\/chi(\/v\d+)?$/.test(path),
  packageName: "chi",
  packageFunctions: ["NewRouter", "NewMux"],
  routerMethods: ["Route", "Mount", "Group", "Method", "MethodFunc", "Handle", "HandleFunc"],
  routerTypes: { Router: { rootOnly: false }, Mux: { rootOnly: false } },
  routerKind: () => ({ kind: "mux", liveMiddleware: true }),
  callPackage(site, name) {
    if (name !== "NewRouter" && name !== "NewMux") return void 0;
    return routerValue(site.newRouter("chi", "mux", { liveMiddleware: true }));
  },
  callRouter(site, node, name) {
    const args = site.args;
    const verb = ["Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace"].includes(name) ? httpMethodOf(name) : void 0;
    if (verb) {
      if (args[0]) site.route(node, "chi", [verb], site.str(args[0]), args[1], []);
      return void 0;
    }
    switch (name) {
      case "Method":
      case "MethodFunc": {
        const methods = args[0] ? site.methods([args[0]]) : void 0;
        if (args[1]) site.route(node, "chi", methods ?? ["ANY"], site.str(args[1]), args[2], []);
        return void 0;
      }
      case "Handle":
      case "HandleFunc": {
        if (!args[0]) return void 0;
        const { method, path } = splitServeMuxPattern(site.str(args[0]));
        const mounted = name === "Handle" && args[1] ? site.mountedRouter(args[1]) : void 0;
        if (mounted) {
          site.mount(mounted.node, node, trimWildcard(path), { middleware: mounted.middleware, ...method ? { methods: [method] } : {} });
        } else site.route(node, "chi", [method ?? "ANY"], path, args[1], []);
        return void 0;
      }
      case "Route": {
        const sub = site.newRouter("chi", "mux", { parent: node, prefix: args[0] ? site.str(args[0]) : { text: "" }, liveMiddleware: true });
        if (args[1]) site.invoke(args[1], [routerValue(sub)]);
        return routerValue(sub);
      }
      case "Mount": {
        if (!args[0] || !args[1]) return void 0;
        const prefix = site.str(args[0]);
        const mounted = site.mountedRouter(args[1]);
        if (mounted) site.mount(mounted.node, node, prefix, { middleware: mounted.middleware });
        else site.route(node, "chi", ["ANY"], concatStr(prefix, { text: "/*" }), args[1], []);
        return void 0;
      }
      case "Group": {
        const inline = site.newRouter("chi", "mux", { parent: node, liveMiddleware: true });
        if (args[0]) site.invoke(args[0], [routerValue(inline)]);
        return routerValue(inline);
      }
      case "With":
        return routerValue(site.newRouter("chi", "mux", { parent: node, middleware: args.map((arg) => site.name(arg)), liveMiddleware: true }));
      case "Use":
        node.middleware.push(...args.map((arg) => site.name(arg)));
        return void 0;
      default:
        return void 0;
    }
  }
};
function trimWildcard(path) {
  return path.text.endsWith("/*") ? { ...path, text: path.text.slice(0, -2) } : path;
}

// src/core/routes/extractors/go/echo.ts
var VERBS = HTTP_METHODS;
var ECHO = {
  id: "echo",
  isPackage: (path) => /^github\.com\/labstack\/echo(\/v\d+)?$/.test(path) || /^gopkg\.in\/labstack\/echo\.v\d+$/.test(path),
  packageName: "echo",
  packageFunctions: ["New"],
  routerMethods: [...VERBS, "Any", "Match", "Group"],
  routerTypes: { Echo: { rootOnly: true }, Group: { rootOnly: false } },
  routerKind: (typeName) => typeName === "Echo" ? { kind: "echo", liveMiddleware: true } : { kind: "group", liveMiddleware: false },
  callPackage(site, name) {
    if (name !== "New") return void 0;
    return routerValue(site.newRouter("echo", "echo", { liveMiddleware: true }));
  },
  packageValue(_site, name) {
    return VERBS.includes(name) ? { t: "str", s: { text: name } } : void 0;
  },
  callRouter(site, node, name) {
    const args = site.args;
    if (VERBS.includes(name)) addRoute(site, node, "echo", [name], args[0], args.slice(1), "first");
    else if (name === "Any") addRoute(site, node, "echo", ["ANY"], args[0], args.slice(1), "first");
    else if (name === "Match" || name === "Add") {
      const methods = args[0] ? site.methods([args[0]]) : void 0;
      addRoute(site, node, "echo", methods ?? ["ANY"], args[1], args.slice(2), "first");
    } else if (name === "Group") {
      return routerValue(
        site.newRouter("echo", "group", {
          parent: node,
          prefix: args[0] ? site.str(args[0]) : { text: "" },
          middleware: args.slice(1).map((arg) => site.name(arg)),
          liveMiddleware: false
        })
      );
    } else if (name === "Use") {
      node.middleware.push(...args.map((arg) => site.name(arg)));
      return routerValue(node);
    } else if (name === "Pre") {
      const pre = node.preMiddleware ?? 0;
      node.middleware.splice(pre, 0, ...args.map((arg) => site.name(arg)));
      node.preMiddleware = pre + args.length;
      return routerValue(node);
    }
    return void 0;
  }
};

// src/core/routes/extractors/go/fiber.ts
var VERBS2 = ["Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace"];
var FIBER = {
  id: "fiber",
  isPackage: (path) => /^github\.com\/gofiber\/fiber(\/v\d+)?$/.test(path),
  packageName: "fiber",
  packageFunctions: ["New"],
  routerMethods: ["Group", "Route", "Mount"],
  routerTypes: { App: { rootOnly: true }, Router: { rootOnly: false }, Group: { rootOnly: false } },
  routerKind: (typeName) => ({ kind: typeName === "App" ? "app" : "group", liveMiddleware: false }),
  callPackage(site, name) {
    if (name !== "New") return void 0;
    return routerValue(site.newRouter("fiber", "app", { liveMiddleware: false }));
  },
  packageValue(_site, name) {
    const method = name.startsWith("Method") ? name.slice("Method".length).toUpperCase() : "";
    return HTTP_METHODS.includes(method) ? { t: "str", s: { text: method } } : void 0;
  },
  callRouter(site, node, name) {
    const args = site.args;
    const verb = VERBS2.includes(name) ? httpMethodOf(name) : void 0;
    if (verb) addRoute(site, node, "fiber", [verb], args[0], args.slice(1), "last");
    else if (name === "All") addRoute(site, node, "fiber", ["ANY"], args[0], args.slice(1), "last");
    else if (name === "Add") {
      const methods = args[0] ? site.methods([args[0]]) : void 0;
      addRoute(site, node, "fiber", methods ?? ["ANY"], args[1], args.slice(2), "last");
    } else if (name === "Group" || name === "Route") {
      const group = site.newRouter("fiber", "group", {
        parent: node,
        prefix: args[0] ? site.str(args[0]) : { text: "" },
        middleware: name === "Group" ? args.slice(1).map((arg) => site.name(arg)) : [],
        liveMiddleware: false
      });
      if (name === "Route" && args[1]) site.invoke(args[1], [routerValue(group)]);
      return routerValue(group);
    } else if (name === "Mount" || name === "Use") {
      const first = args[0] ? site.value(args[0]) : void 0;
      const rest = first?.t === "str" ? args.slice(1) : args;
      const mounted = rest.length === 1 && rest[0] ? site.mountedRouter(rest[0]) : void 0;
      if (mounted && rest[0]) site.mount(mounted.node, node, first?.t === "str" ? first.s : { text: "" }, { middleware: mounted.middleware });
      else if (name === "Use") node.middleware.push(...rest.map((arg) => site.name(arg)));
      return routerValue(node);
    } else return void 0;
    return routerValue(node);
  }
};

// src/core/routes/extractors/go/gin.ts
var VERBS3 = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
var GIN = {
  id: "gin",
  isPackage: (path) => path === "github.com/gin-gonic/gin" || /^gopkg\.in\/gin-gonic\/gin\.v\d+$/.test(path),
  packageName: "gin",
  packageFunctions: ["Default", "New"],
  routerMethods: [...VERBS3, "Any", "Handle", "Match", "Group"],
  routerTypes: { Engine: { rootOnly: true }, RouterGroup: { rootOnly: false }, IRouter: { rootOnly: false }, IRoutes: { rootOnly: false } },
  routerKind: (typeName) => ({ kind: typeName === "Engine" ? "engine" : "group", liveMiddleware: false }),
  callPackage(site, name) {
    if (name !== "Default" && name !== "New") return void 0;
    const middleware = name === "Default" ? ["gin.Logger()", "gin.Recovery()"] : [];
    return routerValue(site.newRouter("gin", "engine", { liveMiddleware: false, middleware }));
  },
  callRouter(site, node, name) {
    const args = site.args;
    const method = VERBS3.includes(name) ? httpMethodOf(name) : void 0;
    if (method) addRoute(site, node, "gin", [method], args[0], args.slice(1), "last");
    else if (name === "Any") addRoute(site, node, "gin", ["ANY"], args[0], args.slice(1), "last");
    else if (name === "Handle" || name === "Match") {
      const methods = args[0] ? site.methods([args[0]]) : void 0;
      addRoute(site, node, "gin", methods ?? ["ANY"], args[1], args.slice(2), "last");
    } else if (name === "Group") {
      const group = site.newRouter("gin", "group", {
        parent: node,
        prefix: args[0] ? site.str(args[0]) : { text: "" },
        middleware: args.slice(1).map((arg) => site.name(arg)),
        liveMiddleware: false
      });
      return routerValue(group);
    } else if (name === "Use") {
      node.middleware.push(...args.map((arg) => site.name(arg)));
    } else return void 0;
    return routerValue(node);
  }
};

// src/core/routes/extractors/go/gorilla-mux.ts
var PASS_THROUGH = /* @__PURE__ */ new Set(["Name", "Host", "Schemes", "Headers", "HeadersRegexp", "Queries", "MatcherFunc", "BuildVarsFunc"]);
var GORILLA_MUX = {
  id: "gorilla-mux",
  isPackage: (path) => path === "github.com/gorilla/mux",
  packageName: "mux",
  packageFunctions: ["NewRouter"],
  routerMethods: ["Handle", "HandleFunc", "PathPrefix", "Subrouter", "Methods", "NewRoute"],
  routerTypes: { Router: { rootOnly: false } },
  routerKind: () => ({ kind: "router", liveMiddleware: true }),
  callPackage(site, name) {
    if (name !== "NewRouter") return void 0;
    return routerValue(site.newRouter("gorilla-mux", "router", { liveMiddleware: true }));
  },
  callRouter(site, node, name) {
    const args = site.args;
    switch (name) {
      case "HandleFunc":
      case "Handle": {
        if (!args[0]) return void 0;
        const builder = { router: node, path: site.str(args[0]) };
        builder.registration = site.route(node, "gorilla-mux", ["ANY"], builder.path, args[1], []);
        return builderValue(builder);
      }
      case "PathPrefix":
        return builderValue({ router: node, ...args[0] ? { prefix: site.str(args[0]) } : {} });
      case "Path":
        return builderValue({ router: node, ...args[0] ? { path: site.str(args[0]) } : {} });
      case "Methods": {
        const methods = site.methods(args);
        return builderValue({ router: node, ...methods ? { methods } : {} });
      }
      case "NewRoute":
        return builderValue({ router: node });
      case "Use":
        node.middleware.push(...args.map((arg) => site.name(arg)));
        return void 0;
      case "StrictSlash":
      case "SkipClean":
      case "UseEncodedPath":
        return routerValue(node);
      default:
        return PASS_THROUGH.has(name) ? builderValue({ router: node }) : void 0;
    }
  },
  callExt(site, kind, data, name) {
    if (kind !== "route") return void 0;
    const builder = data;
    const args = site.args;
    switch (name) {
      case "Methods": {
        const methods = site.methods(args);
        if (methods) {
          builder.methods = methods;
          if (builder.registration) builder.registration.methods = methods;
        }
        return builderValue(builder);
      }
      case "Path":
        if (args[0]) builder.path = site.str(args[0]);
        if (builder.registration && builder.path) builder.registration.path = builder.path;
        return builderValue(builder);
      case "PathPrefix":
        if (args[0]) builder.prefix = site.str(args[0]);
        return builderValue(builder);
      case "Handler":
      case "HandlerFunc":
        attachHandler(site, builder, name);
        return builderValue(builder);
      case "Subrouter":
        return routerValue(
          site.newRouter("gorilla-mux", "router", {
            parent: builder.router,
            prefix: builder.prefix ?? builder.path ?? { text: "" },
            liveMiddleware: true,
            ...builder.methods ? { methods: builder.methods } : {}
          })
        );
      default:
        return PASS_THROUGH.has(name) ? builderValue(builder) : void 0;
    }
  }
};
function attachHandler(site, builder, name) {
  const handler = site.args[0];
  if (!handler || builder.registration) return;
  const mounted = name === "Handler" && builder.prefix ? site.mountedRouter(handler) : void 0;
  if (mounted) {
    site.mount(mounted.node, builder.router, mounted.strip ?? { text: "" }, {
      middleware: mounted.middleware,
      ...builder.methods ? { methods: builder.methods } : {}
    });
    return;
  }
  const path = builder.path ?? (builder.prefix ? concatStr(builder.prefix, { text: "/*" }) : { text: "" });
  builder.registration = site.route(builder.router, "gorilla-mux", builder.methods ?? ["ANY"], path, handler, []);
}
function builderValue(builder) {
  return { t: "ext", framework: "gorilla-mux", kind: "route", data: builder };
}

// src/core/routes/extractors/go/shared/go-scope.ts
var Scope = class {
  constructor(parent, conditional = false) {
    this.parent = parent;
    this.conditional = conditional;
  }
  parent;
  conditional;
  vars = /* @__PURE__ */ new Map();
  lookup(name) {
    for (let scope = this; scope; scope = scope.parent) {
      const value = scope.vars.get(name);
      if (value !== void 0) return value;
    }
    return void 0;
  }
  define(name, value) {
    if (name !== "_") this.vars.set(name, value);
  }
  /**
   * Assigns to the variable where it is declared. Returns the value it held and whether a
   * conditional block lies between here and the declaration, or undefined when it is not declared.
   */
  assign(name, value) {
    let conditional = false;
    for (let scope = this; scope; scope = scope.parent) {
      const previous = scope.vars.get(name);
      if (previous !== void 0) {
        scope.vars.set(name, value);
        return { previous, conditional };
      }
      if (scope.conditional) conditional = true;
    }
    return void 0;
  }
};

// src/core/routes/normalise-route-path.ts
function normaliseRoutePath(...pieces) {
  const joined = pieces.filter((piece) => piece !== void 0 && piece !== "").map((piece) => piece.trim()).join("/");
  const segments = stripRegexAnchors(joined).split("/").map(normaliseSegment).filter((segment) => segment !== "");
  return "/" + segments.join("/");
}
function stripRegexAnchors(path) {
  return path.replace(/(^|\/)\^/g, "$1").replace(/\$(\/|$)/g, "$1");
}
function normaliseSegment(segment) {
  if (segment === "" || segment === ".") return "";
  if (segment === "{$}") return "";
  return segment.replace(/\[\[?\.\.\.([A-Za-z_][\w-]*)\]?\]/g, "{$1}").replace(/\[([A-Za-z_][\w-]*)\]/g, "{$1}").replace(/\(\?P<([A-Za-z_]\w*)>(?:[^()]|\([^()]*\))*\)/g, "{$1}").replace(/<(?:[A-Za-z_]\w*:)?([A-Za-z_]\w*)>/g, "{$1}").replace(/\{([A-Za-z_][\w-]*)(?::[^}]*|\.\.\.)?\}/g, "{$1}").replace(/:([A-Za-z_][\w-]*)(?:\([^)]*\))?[?+*]?/g, "{$1}").replace(/^\*([A-Za-z_]\w*)$/, "{$1}");
}

// src/core/routes/extractors/go/shared/router-graph.ts
var MAX_DERIVATIONS = 32;
var RouterGraph = class {
  registrations = [];
  nextId = 1;
  lazyNodes = /* @__PURE__ */ new Map();
  stored = /* @__PURE__ */ new Map();
  singletons = /* @__PURE__ */ new Map();
  derivations = /* @__PURE__ */ new Map();
  /** A router from a constructor (no parent) or below a parent (a group, a sub-router). */
  newRouter(framework, kind, options) {
    const node = {
      id: this.nextId++,
      framework,
      kind,
      origin: options.parent ? "derived" : "root",
      mounts: [],
      middleware: [],
      liveMiddleware: options.liveMiddleware
    };
    if (options.parent) {
      this.mount(node, options.parent, options.prefix ?? { text: "" }, {
        ...options.middleware ? { middleware: options.middleware } : {},
        ...options.methods ? { methods: options.methods } : {}
      });
    } else if (options.middleware) node.middleware.push(...options.middleware);
    return node;
  }
  /** A router whose caller (and so prefix) is unknown: a parameter of a function nobody was seen calling. */
  unboundRouter(framework, kind, liveMiddleware, partial, note) {
    return { id: this.nextId++, framework, kind, origin: "unbound", mounts: [], middleware: [], liveMiddleware, unbound: { partial, note } };
  }
  /**
   * The router a struct field or package variable holds, resolved at the end from every router stored
   * into it anywhere in the program (it is often set in one function and used in another).
   */
  lazyRouter(key, framework, kind, liveMiddleware, fallback) {
    let node = this.lazyNodes.get(key);
    if (!node) {
      node = { id: this.nextId++, framework, kind, origin: "lazy", mounts: [], middleware: [], liveMiddleware, lazyKey: key, unbound: fallback };
      this.lazyNodes.set(key, node);
    }
    return node;
  }
  /** Whether some router was stored under a key (a field declared as an interface may hold one). */
  hasStored(key) {
    return (this.stored.get(key)?.size ?? 0) > 0;
  }
  /** The first router stored under a key, for its framework and kind. */
  firstStored(key) {
    return this.stored.get(key)?.values().next().value;
  }
  store(key, node) {
    if (node.lazyKey === key) return;
    let set = this.stored.get(key);
    if (!set) this.stored.set(key, set = /* @__PURE__ */ new Set());
    set.add(node);
  }
  singleton(key, make) {
    let node = this.singletons.get(key);
    if (!node) this.singletons.set(key, node = make());
    return node;
  }
  mount(child, parent, prefix, options = {}) {
    if (child === parent) return;
    const mount = {
      parent,
      prefix,
      parentMiddleware: parent.liveMiddleware ? Infinity : parent.middleware.length,
      middleware: options.middleware ?? []
    };
    if (options.methods) mount.methods = options.methods;
    child.mounts.push(mount);
  }
  /** Every route, with prefixes, middleware and signatures resolved. */
  routes() {
    const routes = [];
    for (const registration of this.registrations) {
      for (const derivation of this.derive(registration.router, /* @__PURE__ */ new Set())) routes.push(...this.toRoutes(registration, derivation));
    }
    return routes;
  }
  toRoutes(registration, derivation) {
    const handler = registration.handler;
    const middleware = [
      ...derivation.middleware,
      ...registration.router.middleware.slice(0, registration.routerMiddleware),
      ...registration.middleware,
      ...handler?.middleware ?? []
    ];
    const pieces = [...derivation.prefixes, registration.path];
    const path = normaliseRoutePath(...pieces.map((piece) => stripParamPatterns(piece.text)));
    const partial = pieces.some((piece) => piece.partial);
    const notes = mergeNotes(...pieces.map((piece) => piece.notes));
    let methods = registration.methods;
    if (methods.length === 1 && methods[0] === "ANY" && derivation.methods) methods = derivation.methods;
    const signature = stableHash(registration.declHash, middleware.join("\n"), handler?.bodyHash ?? "");
    const handlerRef = this.handlerRef(registration);
    return methods.map((method) => {
      const route = {
        method,
        path,
        file: registration.file,
        line: registration.line,
        framework: registration.framework,
        middleware,
        signature
      };
      if (handlerRef) route.handler = handlerRef;
      if (partial) route.partial = true;
      if (notes) route.notes = notes;
      return route;
    });
  }
  handlerRef(registration) {
    const handler = registration.handler;
    if (!handler) return void 0;
    if (handler.file !== void 0 && handler.startLine !== void 0 && handler.endLine !== void 0) {
      return { ...handler.name ? { name: handler.name } : {}, file: handler.file, startLine: handler.startLine, endLine: handler.endLine };
    }
    if (!handler.name) return void 0;
    return { name: handler.name, file: registration.file, startLine: registration.line, endLine: registration.line };
  }
  derive(node, visiting) {
    const cached = this.derivations.get(node);
    if (cached) return cached;
    if (visiting.has(node)) return [];
    visiting.add(node);
    const result = this.computeDerivations(node, visiting).slice(0, MAX_DERIVATIONS);
    visiting.delete(node);
    this.derivations.set(node, result);
    return result;
  }
  computeDerivations(node, visiting) {
    const result = [];
    for (const mount of node.mounts) {
      for (const above of this.derive(mount.parent, visiting)) {
        const derivation = {
          prefixes: [...above.prefixes, mount.prefix],
          middleware: [...above.middleware, ...mount.parent.middleware.slice(0, mount.parentMiddleware), ...mount.middleware]
        };
        const methods = mount.methods ?? above.methods;
        if (methods) derivation.methods = methods;
        result.push(derivation);
      }
    }
    if (node.mounts.length > 0) return result;
    if (node.origin === "lazy") {
      const targets = [...this.stored.get(node.lazyKey ?? "") ?? []].filter((target) => target !== node);
      for (const target of targets) {
        for (const above of this.derive(target, visiting)) result.push({ ...above, middleware: [...above.middleware, ...target.middleware] });
      }
      if (targets.length > 0) return result;
    }
    if (node.origin === "root") return [{ prefixes: [], middleware: [] }];
    if (node.unbound) {
      return [{ prefixes: node.unbound.partial ? [{ text: "", partial: true, notes: [node.unbound.note] }] : [], middleware: [] }];
    }
    return [];
  }
};
function stripParamPatterns(path) {
  let out = "";
  let i = 0;
  while (i < path.length) {
    const char = path[i];
    if (char !== "{") {
      out += char;
      i++;
      continue;
    }
    let depth = 0;
    let end = i;
    for (; end < path.length; end++) {
      if (path[end] === "{") depth++;
      else if (path[end] === "}" && --depth === 0) break;
    }
    const inner = path.slice(i + 1, end);
    const colon = inner.indexOf(":");
    out += `{${colon === -1 ? inner : inner.slice(0, colon)}}`;
    i = end + 1;
  }
  return out;
}

// src/core/routes/extractors/go/shared/go-values.ts
var UNKNOWN = { t: "unknown" };

// src/core/routes/extractors/go/shared/go-interpreter.ts
var MAX_DEPTH = 24;
var STEP_BUDGET = 4e5;
var MAX_NAME_LENGTH = 60;
var MAX_RANGE_ITEMS = 16;
function interpretGoProgram(program, frameworks, project) {
  const relevant = program.functions.filter((fn) => fn.facts.body !== void 0);
  const called = /* @__PURE__ */ new Set();
  const discovery = new Interpreter(program, frameworks, project, new RouterGraph(), {
    discover: true,
    onCall: (caller, callee) => {
      if (caller !== callee) called.add(callee);
    }
  });
  for (const fn of relevant) discovery.runRoot(fn);
  const graph = new RouterGraph();
  const interpreter = new Interpreter(program, frameworks, project, graph, { discover: false });
  for (const fn of relevant) if (!called.has(fn.id)) interpreter.runRoot(fn);
  for (const fn of relevant) if (!interpreter.evaluated.has(fn.id)) interpreter.runRoot(fn);
  return graph.routes();
}
var Interpreter = class {
  constructor(program, frameworks, project, graph, options) {
    this.program = program;
    this.frameworks = frameworks;
    this.project = project;
    this.graph = graph;
    this.options = options;
    this.frameworkById = new Map(frameworks.map((framework) => [framework.id, framework]));
  }
  program;
  frameworks;
  project;
  graph;
  options;
  evaluated = /* @__PURE__ */ new Set();
  steps = 0;
  stack = [];
  packageValues = /* @__PURE__ */ new Map();
  evaluatingPackageValues = /* @__PURE__ */ new Set();
  unboundRouters = /* @__PURE__ */ new Map();
  frameworkById;
  runRoot(fn) {
    this.invoke(fn, void 0, [], void 0, false);
  }
  // ---- functions ----------------------------------------------------------------------------
  invoke(fn, recv, args, caller, spread) {
    if (caller?.fn && caller.fn.id !== fn.id) this.options.onCall?.(caller.fn.id, fn.id);
    const body = fn.facts.body;
    const depth = (caller?.depth ?? 0) + 1;
    if (this.options.discover && caller || !body || this.stack.includes(fn.id) || depth > MAX_DEPTH) return this.resultOf(fn);
    this.evaluated.add(fn.id);
    const frame = { fn, file: fn.file, pkg: fn.pkg, depth, returns: [] };
    const scope = new Scope();
    if (fn.facts.recvName && fn.facts.recv) {
      scope.define(fn.facts.recvName, recv ?? { t: "typed", type: { pkg: fn.pkg.dir, local: true, name: fn.facts.recv } });
    }
    this.bindParams(fn.facts.params, args, spread, scope, frame, fn.id, fn.facts.name);
    this.stack.push(fn.id);
    this.exec(body, scope, frame);
    this.stack.pop();
    return mergeReturns(frame.returns) ?? this.resultOf(fn);
  }
  invokeClosure(closure, args, caller, spread) {
    const body = closure.fn.body;
    const depth = Math.max(caller?.depth ?? 0, closure.frame.depth) + 1;
    if (!body || depth > MAX_DEPTH) return UNKNOWN;
    const frame = { ...closure.frame, depth, returns: [] };
    const scope = new Scope(closure.scope);
    const key = `${closure.frame.file.path}:${closure.fn.line}`;
    this.bindParams(closure.fn.params, args, spread, scope, frame, key, "func literal");
    this.exec(body, scope, frame);
    return mergeReturns(frame.returns) ?? UNKNOWN;
  }
  bindParams(params, args, spread, scope, frame, key, fnName) {
    params.forEach((param, i) => {
      let value;
      if (param.variadic) value = spread && args.length === i + 1 ? args[i] : { t: "list", items: args.slice(i) };
      else value = args[i];
      if (param.name) scope.define(param.name, this.paramValue(param, value, frame, `${key}#${i}`, `${fnName}(${param.name})`));
    });
  }
  /** A parameter's value: the argument, or for a router parameter nobody passes, an unbound router. */
  paramValue(param, arg, frame, key, label) {
    if (arg && arg.t !== "unknown" && arg.t !== "typed") return arg;
    const type = this.program.resolveType(param.type, frame.file);
    const routerType = this.routerTypeOf(type);
    if (routerType) {
      let node = this.unboundRouters.get(key);
      if (!node) {
        node = this.graph.unboundRouter(
          routerType.framework.id,
          routerType.kind,
          routerType.liveMiddleware,
          !routerType.rootOnly,
          `prefix unknown: the router reaches ${label} from a caller that was not found`
        );
        this.unboundRouters.set(key, node);
      }
      return { t: "router", node };
    }
    if (arg) return arg;
    return type ? { t: "typed", type } : UNKNOWN;
  }
  /** What a call returns when its body is not followed: a value of its declared result type. */
  resultOf(fn) {
    const type = this.program.resolveType(fn.facts.result, fn.file);
    const routerType = this.routerTypeOf(type);
    if (routerType) {
      const key = `result:${fn.id}`;
      let node = this.unboundRouters.get(key);
      if (!node) {
        node = this.graph.unboundRouter(routerType.framework.id, routerType.kind, routerType.liveMiddleware, !routerType.rootOnly, `prefix unknown: the router returned by ${fn.facts.name} could not be followed`);
        this.unboundRouters.set(key, node);
      }
      return { t: "router", node };
    }
    return type ? { t: "typed", type } : UNKNOWN;
  }
  // ---- statements ---------------------------------------------------------------------------
  exec(statements, scope, frame) {
    for (const statement of statements) {
      if (++this.steps > STEP_BUDGET) return;
      switch (statement.k) {
        case "do":
          this.eval(statement.e, scope, frame);
          break;
        case "def": {
          const values = statement.vals.map((value) => this.eval(value, scope, frame));
          statement.names.forEach((name, i) => {
            let value = values.length === statement.names.length ? values[i] : i === 0 ? values[0] : void 0;
            if (!value || value.t === "unknown") value = this.typedOf(statement.type, frame);
            scope.define(name, value);
          });
          break;
        }
        case "set": {
          const values = statement.vals.map((value) => this.eval(value, scope, frame));
          statement.lhs.forEach((target, i) => {
            const value = (values.length === statement.lhs.length ? values[i] : i === 0 ? values[0] : void 0) ?? UNKNOWN;
            this.assign(target, value, scope, frame);
          });
          break;
        }
        case "ret": {
          const values = statement.vals.map((value) => this.eval(value, scope, frame));
          if (values[0]) frame.returns.push(values[0]);
          break;
        }
        case "blk":
          this.exec(statement.body, new Scope(scope, statement.cond === true), frame);
          break;
        case "range": {
          const over = this.eval(statement.over, scope, frame);
          const items = over.t === "list" ? over.items.slice(0, MAX_RANGE_ITEMS) : [over.t === "typed" && over.type.slice ? { t: "typed", type: { ...over.type, slice: void 0 } } : UNKNOWN];
          for (const item of items) {
            const inner = new Scope(scope, true);
            if (statement.key) inner.define(statement.key, UNKNOWN);
            if (statement.val) inner.define(statement.val, item);
            this.exec(statement.body, inner, frame);
          }
          break;
        }
      }
    }
  }
  typedOf(type, frame) {
    const resolved = this.program.resolveType(type, frame.file);
    return resolved ? { t: "typed", type: resolved } : UNKNOWN;
  }
  assign(target, value, scope, frame) {
    if (target.k === "id") {
      if (target.n === "_") return;
      const assigned = scope.assign(target.n, value);
      if (assigned) {
        const kept = fallbackAssignment(assigned.previous, value, assigned.conditional);
        if (kept !== value) scope.assign(target.n, kept);
        return;
      }
      if (value.t === "router" && frame.pkg.vars.has(target.n)) this.graph.store(`global:${frame.pkg.dir}.${target.n}`, value.node);
      return;
    }
    if (target.k === "sel") {
      const holder = this.eval(target.x, scope, frame);
      if (holder.t === "obj") holder.fields.set(target.n, value);
      if (value.t !== "router") return;
      if (holder.t === "obj" || holder.t === "typed") this.graph.store(fieldKey(holder.type, target.n), value.node);
      else if (holder.t === "pkg" && holder.local) this.graph.store(`global:${holder.pkg}.${target.n}`, value.node);
      return;
    }
    if (target.k === "ref") this.assign(target.x, value, scope, frame);
  }
  // ---- expressions --------------------------------------------------------------------------
  eval(expr, scope, frame) {
    switch (expr.k) {
      case "str":
        return { t: "str", s: knownStr(expr.v) };
      case "id":
        return this.ident(expr.n, scope, frame);
      case "sel":
        return this.selector(expr.x, expr.n, scope, frame);
      case "call":
        return this.call(expr, scope, frame);
      case "fn":
        return { t: "closure", fn: expr, scope, frame };
      case "bin":
        return this.binary(expr, scope, frame);
      case "ref":
        return this.eval(expr.x, scope, frame);
      case "lit":
        return this.composite(expr, scope, frame);
      default:
        return UNKNOWN;
    }
  }
  binary(expr, scope, frame) {
    if (expr.op !== "+") return UNKNOWN;
    const left = this.eval(expr.l, scope, frame);
    const right = this.eval(expr.r, scope, frame);
    if (left.t !== "str" && right.t !== "str") return UNKNOWN;
    return { t: "str", s: concatStr(this.toStr(left, expr.l), this.toStr(right, expr.r)) };
  }
  composite(expr, scope, frame) {
    const type = this.program.resolveType(expr.type, frame.file);
    const struct = expr.fields !== void 0 || type !== void 0 && !type.slice && this.program.isStruct(type);
    if (!struct) return { t: "list", items: expr.els.map((element) => this.eval(element.v, scope, frame)) };
    const objectType = type && !type.slice ? type : { pkg: frame.pkg.dir, local: true, name: "" };
    const order = expr.fields ?? this.program.fieldNames(objectType);
    const fields = /* @__PURE__ */ new Map();
    expr.els.forEach((element, i) => {
      const key = element.key ?? order[i];
      if (key === void 0) return;
      const value = this.eval(element.v, scope, frame);
      fields.set(key, value);
      if (value.t === "router" && objectType.name !== "") this.graph.store(fieldKey(objectType, key), value.node);
    });
    return { t: "obj", type: objectType, fields };
  }
  ident(name, scope, frame) {
    const local = scope.lookup(name);
    if (local) return local;
    const packageValue = this.packageVar(frame.pkg, name);
    if (packageValue) return packageValue;
    const fn = frame.pkg.funcs.get(name);
    if (fn) return { t: "func", fn };
    const target = this.program.importsOf(frame.file).get(name);
    if (target) return target.local ? { t: "pkg", pkg: target.pkg.dir, local: true } : { t: "pkg", pkg: target.path, local: false };
    return UNKNOWN;
  }
  /** A package-level constant or variable; router variables stand for everything ever stored in them. */
  packageVar(pkg, name) {
    const entry = pkg.vars.get(name);
    if (!entry) return void 0;
    const key = `${pkg.dir}.${name}`;
    const cached = this.packageValues.get(key);
    if (cached) return cached;
    if (this.evaluatingPackageValues.has(key)) return UNKNOWN;
    this.evaluatingPackageValues.add(key);
    const frame = { file: entry.file, pkg, depth: 0, returns: [] };
    const declared = this.program.resolveType(entry.decl.type, entry.file);
    let value = entry.decl.init ? this.eval(entry.decl.init, new Scope(), frame) : declared ? { t: "typed", type: declared } : UNKNOWN;
    const routerType = this.routerTypeOf(declared);
    if (!entry.decl.isConst && (value.t === "router" || routerType)) {
      const framework = value.t === "router" ? this.frameworkById.get(value.node.framework) : routerType.framework;
      const kind = value.t === "router" ? value.node.kind : routerType.kind;
      const live = value.t === "router" ? value.node.liveMiddleware : routerType.liveMiddleware;
      const lazy = this.graph.lazyRouter(`global:${key}`, framework.id, kind, live, {
        partial: !(routerType?.rootOnly ?? false),
        note: `prefix unknown: the router in ${name} is set where it could not be followed`
      });
      if (value.t === "router") this.graph.store(`global:${key}`, value.node);
      value = { t: "router", node: lazy };
    }
    this.evaluatingPackageValues.delete(key);
    this.packageValues.set(key, value);
    return value;
  }
  selector(holderExpr, name, scope, frame) {
    const holder = this.eval(holderExpr, scope, frame);
    switch (holder.t) {
      case "pkg": {
        if (holder.local) {
          const pkg = this.program.packages.get(holder.pkg);
          if (!pkg) return UNKNOWN;
          const value = this.packageVar(pkg, name);
          if (value) return value;
          const fn = pkg.funcs.get(name);
          return fn ? { t: "func", fn } : UNKNOWN;
        }
        const framework = this.frameworkOfPath(holder.pkg);
        return framework?.packageValue?.({ singleton: (key, make) => this.graph.singleton(key, make), newRouter: (id, kind, options) => this.graph.newRouter(id, kind, options) }, name) ?? UNKNOWN;
      }
      case "obj":
        return holder.fields.get(name) ?? this.member(holder.type, name, holder);
      case "typed":
        return this.member(holder.type, name, holder);
      default:
        return UNKNOWN;
    }
  }
  /** `x.name` on a value of a struct type: a field (routers in fields are lazy) or a method value. */
  member(type, name, holder) {
    const fieldType = this.program.findField(type, name);
    if (fieldType) return this.fieldValue(type, name, fieldType);
    const method = this.program.findMethod(type, name);
    if (method) return { t: "func", fn: method, recv: holder };
    return UNKNOWN;
  }
  fieldValue(holderType, name, fieldType) {
    const key = fieldKey(holderType, name);
    const routerType = this.routerTypeOf(fieldType);
    if (routerType) {
      const node = this.graph.lazyRouter(key, routerType.framework.id, routerType.kind, routerType.liveMiddleware, {
        partial: !routerType.rootOnly,
        note: `prefix unknown: the router in ${holderType.name}.${name} is set where it could not be followed`
      });
      return { t: "router", node };
    }
    const stored = this.graph.firstStored(key);
    if (stored) {
      return { t: "router", node: this.graph.lazyRouter(key, stored.framework, stored.kind, stored.liveMiddleware, { partial: true, note: `prefix unknown: ${holderType.name}.${name}` }) };
    }
    return { t: "typed", type: fieldType };
  }
  // ---- calls --------------------------------------------------------------------------------
  call(expr, scope, frame) {
    const callee = expr.f;
    if (callee.k === "sel") return this.callMember(this.eval(callee.x, scope, frame), callee.n, expr, scope, frame);
    if (callee.k === "id" && callee.n === "append" && scope.lookup("append") === void 0) {
      const values = expr.a.map((arg) => this.eval(arg, scope, frame));
      const items = values.flatMap((value, i) => value.t === "list" && (i === 0 || expr.spread) ? value.items : [value]);
      return { t: "list", items };
    }
    return this.callValue(this.eval(callee, scope, frame), expr, scope, frame);
  }
  callValue(callee, expr, scope, frame) {
    if (callee.t === "closure") return this.invokeClosure(callee, this.args(expr, scope, frame), frame, expr.spread === true);
    if (callee.t === "func") return this.invoke(callee.fn, callee.recv, this.args(expr, scope, frame), frame, expr.spread === true);
    this.args(expr, scope, frame);
    return UNKNOWN;
  }
  /** Arguments of a call into a function of the tree; string literals remember the call that wrote them. */
  args(expr, scope, frame) {
    return expr.a.map((arg) => {
      const value = this.eval(arg, scope, frame);
      if (arg.k !== "str" || value.t !== "str") return value;
      return { t: "str", s: { ...value.s, origin: { file: frame.file.path, line: expr.line, hash: expr.h ?? stableHash(expr.t) } } };
    });
  }
  callMember(holder, name, expr, scope, frame) {
    switch (holder.t) {
      case "pkg":
        return this.callPackage(holder, name, expr, scope, frame);
      case "router": {
        const framework = this.frameworkById.get(holder.node.framework);
        const result = framework?.callRouter(this.site(expr, scope, frame), holder.node, name);
        return result ?? UNKNOWN;
      }
      case "ext": {
        const framework = this.frameworkById.get(holder.framework);
        return framework?.callExt?.(this.site(expr, scope, frame), holder.kind, holder.data, name) ?? UNKNOWN;
      }
      case "obj":
      case "typed": {
        const method = this.program.findMethod(holder.type, name);
        if (method) return this.invoke(method, holder, this.args(expr, scope, frame), frame, expr.spread === true);
        const router = this.routerOfValue(holder);
        if (router) return this.callMember(router, name, expr, scope, frame);
        this.args(expr, scope, frame);
        return UNKNOWN;
      }
      case "func": {
        this.args(expr, scope, frame);
        return UNKNOWN;
      }
      default: {
        const args = this.args(expr, scope, frame);
        return this.callByName(name, args, frame, expr.spread === true);
      }
    }
  }
  /** A router behind a typed value: its own type is a router type, or it embeds one. */
  routerOfValue(holder) {
    const own = this.routerTypeOf(holder.type);
    if (own) {
      const key = `typed:${holder.type.pkg}.${holder.type.name}`;
      let node = this.unboundRouters.get(key);
      if (!node) {
        node = this.graph.unboundRouter(own.framework.id, own.kind, own.liveMiddleware, !own.rootOnly, `prefix unknown: a ${holder.type.name} whose origin could not be followed`);
        this.unboundRouters.set(key, node);
      }
      return { t: "router", node };
    }
    for (const embedded of this.program.embeddedOf(holder.type)) {
      if (!this.routerTypeOf(embedded)) continue;
      const value = holder.t === "obj" ? holder.fields.get(embedded.name) : void 0;
      return value?.t === "router" ? value : this.fieldValue(holder.type, embedded.name, embedded);
    }
    return void 0;
  }
  /**
   * `x.Register(router)` where x's type is unknown (an interface, a value we could not follow): the
   * methods of that name in the same module that take a router where one is passed.
   */
  callByName(name, args, frame, spread) {
    const routerAt = args.map((arg) => arg.t === "router");
    if (!routerAt.some(Boolean)) return UNKNOWN;
    const module = this.program.moduleRootOf(frame.file.dir);
    const candidates = (this.program.methodsByName.get(name) ?? []).filter(
      (fn) => fn.facts.body !== void 0 && this.program.moduleRootOf(fn.file.dir) === module && fn.facts.params.some((param, i) => routerAt[i] && this.routerTypeOf(this.program.resolveType(param.type, fn.file)) !== void 0)
    );
    let result = UNKNOWN;
    for (const fn of candidates.slice(0, 8)) {
      const recv = { t: "typed", type: { pkg: fn.pkg.dir, local: true, name: fn.facts.recv ?? "" } };
      const value = this.invoke(fn, recv, args, frame, spread);
      if (result.t === "unknown") result = value;
    }
    return result;
  }
  callPackage(holder, name, expr, scope, frame) {
    if (holder.local) {
      const fn = this.program.packages.get(holder.pkg)?.funcs.get(name);
      if (fn) return this.invoke(fn, void 0, this.args(expr, scope, frame), frame, expr.spread === true);
      this.args(expr, scope, frame);
      return UNKNOWN;
    }
    const framework = this.frameworkOfPath(holder.pkg);
    if (framework) {
      const result = framework.callPackage(this.site(expr, scope, frame), name);
      if (result !== void 0) return result;
    }
    const library = this.libraryCall(holder.pkg, name, expr, scope, frame);
    if (library) return library;
    this.args(expr, scope, frame);
    return UNKNOWN;
  }
  /** The standard library calls that build paths: environment variables, Sprintf, path joins. */
  libraryCall(pkg, name, expr, scope, frame) {
    const strArg = (i) => {
      const arg = expr.a[i];
      return arg ? this.toStr(this.eval(arg, scope, frame), arg) : unknownStr();
    };
    const str = (s) => ({ t: "str", s });
    if (pkg === "os" && (name === "Getenv" || name === "LookupEnv")) return str(this.envStr(strArg(0)));
    if (pkg === "fmt" && name === "Sprintf") return str(sprintfStr(strArg(0), expr.a.slice(1).map((_, i) => strArg(i + 1))));
    if (pkg === "path" && name === "Join" || pkg === "net/url" && name === "JoinPath") return str(joinPathStr(expr.a.map((_, i) => strArg(i))));
    if (pkg === "strings") {
      if (name === "TrimSuffix" || name === "TrimRight" || name === "TrimPrefix" || name === "TrimLeft") {
        const value = strArg(0);
        const cut = strArg(1);
        if (value.partial || cut.partial) return str(value);
        let text = value.text;
        if (name === "TrimSuffix" && text.endsWith(cut.text)) text = text.slice(0, text.length - cut.text.length);
        else if (name === "TrimPrefix" && text.startsWith(cut.text)) text = text.slice(cut.text.length);
        else if (name === "TrimRight") while (text.length > 0 && cut.text.includes(text[text.length - 1])) text = text.slice(0, -1);
        else if (name === "TrimLeft") while (text.length > 0 && cut.text.includes(text[0])) text = text.slice(1);
        return str({ ...value, text });
      }
      if (name === "ToLower") {
        const value = strArg(0);
        return str({ ...value, text: value.text.toLowerCase() });
      }
    }
    return void 0;
  }
  envStr(name) {
    if (name.partial || name.text === "") return unknownStr("an environment variable with a computed name");
    const found = this.project.envDefaults.get(name.text);
    if (found) return { text: found.value, env: name.text, notes: [`${name.text} from the environment, default "${found.value}" from ${found.file}`] };
    return { text: "", partial: true, env: name.text, notes: [`${name.text} from the environment: no default found`] };
  }
  /** A string value, or what is known of it. */
  toStr(value, expr) {
    if (value.t === "str") return value.s;
    return unknownStr(`${exprName(expr)} could not be resolved`);
  }
  // ---- the framework side of a call ---------------------------------------------------------
  site(expr, scope, frame) {
    const memo = /* @__PURE__ */ new Map();
    const value = (e) => {
      let result = memo.get(e);
      if (!result) memo.set(e, result = this.eval(e, scope, frame));
      return result;
    };
    const graph = this.graph;
    return {
      call: expr,
      args: expr.a,
      value,
      str: (e) => this.toStr(value(e), e),
      methods: (exprs) => {
        const methods = [];
        for (const e of exprs) {
          const v = value(e);
          for (const item of v.t === "list" ? v.items : [v]) {
            if (item.t !== "str" || item.s.partial || item.s.text === "") return void 0;
            methods.push(item.s.text.toUpperCase());
          }
        }
        return methods;
      },
      name: exprName,
      newRouter: (framework, kind, options) => graph.newRouter(framework, kind, options),
      mount: (child, parent, prefix, options) => graph.mount(child, parent, prefix, options),
      route: (router, framework, methods, path, handler, middleware) => {
        const origin = path.origin;
        const registration = {
          framework,
          router,
          routerMiddleware: router.liveMiddleware ? Infinity : router.middleware.length,
          methods: [...methods],
          path,
          middleware: [...middleware],
          file: origin?.file ?? frame.file.path,
          line: origin?.line ?? expr.line,
          declHash: origin?.hash ?? expr.h ?? stableHash(expr.t)
        };
        if (handler) registration.handler = this.describeHandler(handler, value, frame, 0);
        graph.registrations.push(registration);
        return registration;
      },
      invoke: (callee, args) => {
        const target = value(callee);
        if (target.t === "closure") return this.invokeClosure(target, args, frame, false);
        if (target.t === "func") return this.invoke(target.fn, target.recv, args, frame, false);
        return UNKNOWN;
      },
      mountedRouter: (e) => this.mountedRouter(e, value, 0),
      singleton: (key, make) => graph.singleton(key, make)
    };
  }
  /** Whether a handler expression is a router being mounted, possibly wrapped in middleware or StripPrefix. */
  mountedRouter(expr, value, depth) {
    const v = value(expr);
    if (v.t === "router") return { node: v.node, middleware: [] };
    if (v.t === "ext" && v.kind === "strip") {
      const data = v.data;
      const inner = this.mountedRouter(data.handler, value, depth + 1);
      return inner ? { ...inner, strip: inner.strip ? concatStr(data.prefix, inner.strip) : data.prefix } : void 0;
    }
    if (expr.k === "ref") return this.mountedRouter(expr.x, value, depth + 1);
    if (expr.k === "call" && depth < 4) {
      for (const arg of expr.a) {
        const inner = this.mountedRouter(arg, value, depth + 1);
        if (inner) return { ...inner, middleware: [exprName(expr.f), ...inner.middleware] };
      }
    }
    return void 0;
  }
  /**
   * Names and locates a handler: a method value (`h.GetUser` → `UserHandler.GetUser`), a function, an
   * inline literal, a factory call (`handlers.List(svc)`), or any of these wrapped in middleware (`mw(h)`).
   */
  describeHandler(expr, value, frame, depth) {
    switch (expr.k) {
      case "fn":
        return { file: frame.file.path, startLine: expr.line, endLine: expr.endLine, bodyHash: expr.bodyHash, middleware: [] };
      case "ref":
        return this.describeHandler(expr.x, value, frame, depth);
      case "id":
      case "sel": {
        const v = value(expr);
        if (v.t === "func") return functionHandler(v.fn, exprName(expr));
        if (v.t === "closure") return { name: exprName(expr), file: v.frame.file.path, startLine: v.fn.line, endLine: v.fn.endLine, bodyHash: v.fn.bodyHash, middleware: [] };
        if (expr.k === "sel" && value(expr.x).t !== "pkg") {
          const byName = this.uniqueMethod(expr.n, frame);
          if (byName) return functionHandler(byName, exprName(expr));
        }
        if (v.t === "obj" || v.t === "typed") {
          const serve = this.program.findMethod(v.type, "ServeHTTP");
          if (serve) return functionHandler(serve, exprName(expr));
        }
        return { name: exprName(expr), middleware: [] };
      }
      case "lit": {
        const v = value(expr);
        const serve = v.t === "obj" ? this.program.findMethod(v.type, "ServeHTTP") : void 0;
        return serve ? functionHandler(serve, exprName(expr)) : { name: exprName(expr), middleware: [] };
      }
      case "call": {
        if (depth > 6) return { name: exprName(expr), middleware: [] };
        const calleeName = exprName(expr.f);
        const last = calleeName.slice(calleeName.lastIndexOf(".") + 1);
        if ((last === "HandlerFunc" || last === "WrapF" || last === "WrapH" || last === "Handler") && expr.a.length === 1) {
          return this.describeHandler(expr.a[0], value, frame, depth + 1);
        }
        if (last === "StripPrefix" && expr.a[1]) return this.describeHandler(expr.a[1], value, frame, depth + 1);
        if ((last === "Then" || last === "ThenFunc") && expr.a[0] && expr.f.k === "sel" && expr.f.x.k === "call") {
          const inner = this.describeHandler(expr.a[0], value, frame, depth + 1);
          return { ...inner, middleware: [...expr.f.x.a.map(exprName), ...inner.middleware] };
        }
        const wrapped = expr.a.find((arg) => this.isHandlerLike(arg, value, frame, depth + 1));
        if (wrapped) {
          const inner = this.describeHandler(wrapped, value, frame, depth + 1);
          return { ...inner, middleware: [calleeName, ...inner.middleware] };
        }
        const callee = value(expr.f);
        if (callee.t === "func") return functionHandler(callee.fn, calleeName);
        if (callee.t === "closure") return { name: calleeName, file: callee.frame.file.path, startLine: callee.fn.line, endLine: callee.fn.endLine, bodyHash: callee.fn.bodyHash, middleware: [] };
        if (expr.f.k === "sel" && value(expr.f.x).t !== "pkg") {
          const byName = this.uniqueMethod(expr.f.n, frame);
          if (byName) return functionHandler(byName, calleeName);
        }
        return { name: calleeName, middleware: [] };
      }
      default:
        return { name: exprName(expr), middleware: [] };
    }
  }
  isHandlerLike(expr, value, frame, depth) {
    if (depth > 6) return false;
    switch (expr.k) {
      case "fn":
        return true;
      case "ref":
        return this.isHandlerLike(expr.x, value, frame, depth + 1);
      case "id":
      case "sel": {
        const v = value(expr);
        if (v.t === "func" || v.t === "closure") return true;
        if ((v.t === "obj" || v.t === "typed") && this.program.findMethod(v.type, "ServeHTTP")) return true;
        return expr.k === "sel" && v.t === "unknown" && value(expr.x).t !== "pkg" && this.uniqueMethod(expr.n, frame) !== void 0;
      }
      case "call": {
        const name = exprName(expr.f);
        const last = name.slice(name.lastIndexOf(".") + 1);
        if (last === "HandlerFunc" || last === "StripPrefix") return true;
        return expr.a.some((arg) => this.isHandlerLike(arg, value, frame, depth + 1));
      }
      default:
        return false;
    }
  }
  /** The only method of that name in the caller's module (a method value on a receiver we could not type). */
  uniqueMethod(name, frame) {
    const module = this.program.moduleRootOf(frame.file.dir);
    const candidates = (this.program.methodsByName.get(name) ?? []).filter((fn) => this.program.moduleRootOf(fn.file.dir) === module);
    return candidates.length === 1 ? candidates[0] : void 0;
  }
  // ---- types --------------------------------------------------------------------------------
  frameworkOfPath(path) {
    return this.frameworks.find((framework) => framework.isPackage(path));
  }
  routerTypeOf(type) {
    if (!type || type.local || type.slice) return void 0;
    const framework = this.frameworkOfPath(type.pkg);
    const info = framework?.routerTypes[type.name];
    if (!framework || !info) return void 0;
    return { framework, rootOnly: info.rootOnly, ...framework.routerKind(type.name) };
  }
};
function fieldKey(type, field) {
  return `field:${type.pkg}.${type.name}.${field}`;
}
function functionHandler(fn, written) {
  const direct = written === fn.facts.name || written.endsWith(`.${fn.facts.name}`);
  return {
    name: fn.facts.recv ? `${fn.facts.recv}.${fn.facts.name}` : direct ? written : fn.facts.name,
    file: fn.file.path,
    startLine: fn.facts.line,
    endLine: fn.facts.endLine,
    bodyHash: fn.facts.bodyHash,
    middleware: []
  };
}
function fallbackAssignment(previous, next, conditional) {
  if (!conditional || previous.t !== "str" || !previous.s.env) return next;
  if (!previous.s.partial) return previous;
  if (next.t !== "str" || next.s.partial) return next;
  return { t: "str", s: { text: next.s.text, notes: [`${previous.s.env} from the environment, fallback "${next.s.text}" in code`] } };
}
function mergeReturns(values) {
  const known = values.filter((value) => value.t !== "unknown");
  if (known.length === 0) return void 0;
  const strings = known.filter((value) => value.t === "str");
  if (strings.length > 1 && strings.length === known.length) {
    const fromDefault = strings.find((value) => value.s.env && !value.s.partial);
    if (fromDefault) return fromDefault;
    const unset = strings.find((value) => value.s.env && value.s.partial);
    const fallback = strings.find((value) => !value.s.env && !value.s.partial);
    if (unset && fallback) return { t: "str", s: { text: fallback.s.text, notes: [`${unset.s.env} from the environment, fallback "${fallback.s.text}" in code`] } };
  }
  return known.find((value) => value.t === "router") ?? known[0];
}
function exprName(expr) {
  switch (expr.k) {
    case "id":
      return expr.n;
    case "sel":
      return `${exprName(expr.x)}.${expr.n}`;
    case "call":
      return expr.t.length > MAX_NAME_LENGTH ? `${exprName(expr.f)}(\u2026)` : expr.t;
    case "fn":
      return expr.sig;
    case "str":
      return JSON.stringify(expr.v);
    case "ref":
      return exprName(expr.x);
    case "bin":
      return `${exprName(expr.l)} ${expr.op} ${exprName(expr.r)}`;
    case "lit":
      return `${expr.type?.name ?? ""}{\u2026}`;
    case "idx":
      return `${exprName(expr.x)}[\u2026]`;
    default:
      return expr.t;
  }
}

// src/core/routes/extractors/go/shared/go-program.ts
var GoProgram = class {
  constructor(files2, project, frameworks) {
    this.frameworks = frameworks;
    this.moduleRoots = project.paths.filter(isGoMod).map(moduleRootOfGoMod).sort((a, b) => b.length - a.length);
    for (const file of files2) this.addFile(file);
    for (const [path, text] of project.configFiles ?? []) {
      const modulePath = isGoMod(path) ? modulePathOf(text) : void 0;
      if (modulePath) this.modulePaths.set(moduleRootOfGoMod(path), modulePath);
    }
    this.inferModulePaths(files2);
  }
  frameworks;
  packages = /* @__PURE__ */ new Map();
  methodsByName = /* @__PURE__ */ new Map();
  functions = [];
  /** Module root directory ('' for the repository root) → inferred module path. */
  modulePaths = /* @__PURE__ */ new Map();
  moduleRoots;
  importCache = /* @__PURE__ */ new Map();
  addFile(file) {
    let pkg = this.packages.get(file.dir);
    if (!pkg) {
      pkg = { dir: file.dir, name: file.pkg, funcs: /* @__PURE__ */ new Map(), methods: /* @__PURE__ */ new Map(), types: /* @__PURE__ */ new Map(), vars: /* @__PURE__ */ new Map() };
      this.packages.set(file.dir, pkg);
    }
    for (const [name, struct] of Object.entries(file.types)) pkg.types.set(name, struct);
    for (const [name, decl] of Object.entries(file.vars)) pkg.vars.set(name, { decl, file });
    for (const facts of file.funcs) {
      const info = { facts, file, pkg, id: `${file.dir}.${facts.recv ? facts.recv + "." : ""}${facts.name}` };
      this.functions.push(info);
      if (facts.recv) {
        let methods = pkg.methods.get(facts.recv);
        if (!methods) pkg.methods.set(facts.recv, methods = /* @__PURE__ */ new Map());
        methods.set(facts.name, info);
        let byName = this.methodsByName.get(facts.name);
        if (!byName) this.methodsByName.set(facts.name, byName = []);
        byName.push(info);
      } else if (facts.name !== "init" && facts.name !== "_") {
        pkg.funcs.set(facts.name, info);
      }
    }
  }
  /** The module root directory a package directory belongs to. */
  moduleRootOf(dir) {
    for (const root of this.moduleRoots) if (root === "" || dir === root || dir.startsWith(root + "/")) return root;
    return "";
  }
  inferModulePaths(files2) {
    const relDirs = /* @__PURE__ */ new Map();
    for (const dir of this.packages.keys()) {
      const root = this.moduleRootOf(dir);
      const rel = root === "" ? dir : dir.slice(root.length + 1);
      if (rel === "" || dir === root) continue;
      let set = relDirs.get(root);
      if (!set) relDirs.set(root, set = /* @__PURE__ */ new Set());
      set.add(rel);
    }
    const votes = /* @__PURE__ */ new Map();
    for (const file of files2) {
      for (const { path } of file.imports) {
        const segments = path.split("/");
        for (const [root, rels] of relDirs) {
          for (let k = 1; k < segments.length; k++) {
            if (!rels.has(segments.slice(k).join("/"))) continue;
            const prefix = segments.slice(0, k).join("/");
            let counts = votes.get(root);
            if (!counts) votes.set(root, counts = /* @__PURE__ */ new Map());
            counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
          }
        }
      }
    }
    for (const [root, counts] of votes) {
      if (this.modulePaths.has(root)) continue;
      const best = [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0];
      if (best) this.modulePaths.set(root, best[0]);
    }
  }
  /** The package of the tree an import path names, if any. */
  resolveImport(path, from) {
    if (path.startsWith("./") || path.startsWith("../")) {
      const parts = from.dir === "" ? [] : from.dir.split("/");
      for (const segment of path.split("/")) {
        if (segment === "..") parts.pop();
        else if (segment !== ".") parts.push(segment);
      }
      return this.packages.get(parts.join("/"));
    }
    return this.resolveModuleImport(path);
  }
  resolveModuleImport(path) {
    for (const [root, modulePath] of this.modulePaths) {
      if (path !== modulePath && !path.startsWith(modulePath + "/")) continue;
      const rest = path === modulePath ? "" : path.slice(modulePath.length + 1);
      const found = this.packages.get([root, rest].filter((part) => part !== "").join("/"));
      if (found) return found;
    }
    return void 0;
  }
  /** A file's import names: alias (or package name) → the package it names. */
  importsOf(file) {
    let map = this.importCache.get(file);
    if (map) return map;
    map = /* @__PURE__ */ new Map();
    for (const spec of file.imports) {
      if (spec.alias === "_" || spec.alias === ".") continue;
      const local = this.resolveImport(spec.path, file);
      if (local) map.set(spec.alias ?? local.name, { local: true, pkg: local });
      else {
        const framework = this.frameworks.find((f) => f.isPackage(spec.path));
        map.set(spec.alias ?? framework?.packageName ?? defaultPackageName(spec.path), { local: false, path: spec.path });
      }
    }
    this.importCache.set(file, map);
    return map;
  }
  /** A type reference written in `file`, resolved to its package. */
  resolveType(type, file) {
    if (!type) return void 0;
    const slice = type.slice ? { slice: true } : {};
    if (!type.pkg) return { pkg: file.dir, local: true, name: type.name, ...slice };
    const local = this.resolveImport(type.pkg, file);
    return local ? { pkg: local.dir, local: true, name: type.name, ...slice } : { pkg: type.pkg, local: false, name: type.name, ...slice };
  }
  /** A method of a type of the tree, looking through embedded fields. */
  findMethod(type, name, depth = 0) {
    if (!type.local || depth > 3) return void 0;
    const pkg = this.packages.get(type.pkg);
    const direct = pkg?.methods.get(type.name)?.get(name);
    if (direct) return direct;
    const struct = pkg?.types.get(type.name);
    if (!struct || !pkg) return void 0;
    for (const embedded of struct.embedded) {
      const resolved = this.resolveTypeIn(embedded, pkg);
      const found = resolved ? this.findMethod(resolved, name, depth + 1) : void 0;
      if (found) return found;
    }
    return void 0;
  }
  /** A field's declared type, looking through embedded fields; embedded fields are reached by their type name. */
  findField(type, name, depth = 0) {
    if (!type.local || depth > 3) return void 0;
    const pkg = this.packages.get(type.pkg);
    const struct = pkg?.types.get(type.name);
    if (!struct || !pkg) return void 0;
    const direct = struct.fields[name];
    if (direct) return this.resolveTypeIn(direct, pkg);
    for (const embedded of struct.embedded) {
      const resolved = this.resolveTypeIn(embedded, pkg);
      if (!resolved) continue;
      if (resolved.name === name) return resolved;
      const found = this.findField(resolved, name, depth + 1);
      if (found) return found;
    }
    return void 0;
  }
  /** Whether a type is a struct of the tree, or one outside it (whose literals are structs unless they are slices). */
  isStruct(type) {
    if (!type.local) return true;
    return this.packages.get(type.pkg)?.types.has(type.name) ?? false;
  }
  /** A struct's field names in declaration order (positional literals). */
  fieldNames(type) {
    const struct = type.local ? this.packages.get(type.pkg)?.types.get(type.name) : void 0;
    return struct ? Object.keys(struct.fields) : [];
  }
  /** Embedded fields of a struct type, resolved. */
  embeddedOf(type) {
    if (!type.local) return [];
    const pkg = this.packages.get(type.pkg);
    const struct = pkg?.types.get(type.name);
    if (!struct || !pkg) return [];
    return struct.embedded.map((ref) => this.resolveTypeIn(ref, pkg)).filter((ref) => ref !== void 0);
  }
  /** Resolves a type written in some file of `pkg` (struct declarations keep their import paths). */
  resolveTypeIn(type, pkg) {
    const slice = type.slice ? { slice: true } : {};
    if (!type.pkg) return { pkg: pkg.dir, local: true, name: type.name, ...slice };
    const local = this.resolveModuleImport(type.pkg);
    return local ? { pkg: local.dir, local: true, name: type.name, ...slice } : { pkg: type.pkg, local: false, name: type.name, ...slice };
  }
};
function isGoMod(path) {
  return path === "go.mod" || path.endsWith("/go.mod");
}
function moduleRootOfGoMod(path) {
  return path === "go.mod" ? "" : path.slice(0, -"/go.mod".length);
}
function modulePathOf(goMod) {
  for (const line of goMod.split("\n")) {
    const match = /^\s*module\s+("?)([^\s"]+)\1/.exec(line);
    if (match) return match[2];
  }
  return void 0;
}

// src/core/routes/extractors/go/shared/create-go-route-extractor.ts
var linkCache = /* @__PURE__ */ new WeakMap();
function createGoRouteExtractor(framework, frameworks) {
  return {
    id: framework.id,
    languages: ["go"],
    collect: (file) => collectGoFacts(file, frameworks),
    link: (files2, project) => linkGoRoutes(files2, project, frameworks).filter((route) => route.framework === framework.id)
  };
}
function linkGoRoutes(files2, project, frameworks) {
  const first = files2[0]?.facts;
  if (!first) return [];
  const cached = linkCache.get(first);
  if (cached && cached.project === project && sameFacts(cached.files, files2)) return cached.routes;
  const program = new GoProgram(files2.map((file) => file.facts), project, frameworks);
  const routes = interpretGoProgram(program, frameworks, project);
  linkCache.set(first, { files: files2, project, routes });
  return routes;
}
function sameFacts(a, b) {
  return a.length === b.length && a.every((entry, i) => entry.facts === b[i].facts);
}

// src/core/routes/extractors/go/index.ts
var GO_FRAMEWORKS = [GIN, ECHO, CHI, NET_HTTP, GORILLA_MUX, FIBER];
var GO_EXTRACTORS = GO_FRAMEWORKS.map((framework) => createGoRouteExtractor(framework, GO_FRAMEWORKS));

// ../../tmp/goprof/entry.ts
function handlerFile(n) {
  let s = `package h${n}

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Handler${n} struct{ store Store; cache Cache }
`;
  for (let i = 0; i < 20; i++) s += `
func (h *Handler${n}) Get${i}(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	page := r.URL.Query().Get("page")
	if page == "" {
		http.Redirect(w, r, "/login", http.StatusFound)
	}
	if v, ok := h.cache.Get(r.Context(), "item:"+id); ok {
		w.Write([]byte(v))
		return
	}
	item, err := h.store.Find(r.Context(), id, page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	for _, x := range item.Children {
		if x.Name == "" {
			continue
		}
		item.Count += len(x.Values) * 2
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(map[string]interface{}{"item": item, "n": ${i}}); err != nil {
		h.log.Error("encode", "err", err)
	}
}
`;
  return s;
}
function serviceFile(n) {
  let s = `package s${n}

import (
	"context"
	"database/sql"
	"fmt"
)

type Model${n} struct {
	ID int64
	Name string
	Email string
	Tags []string
}

type Service${n} struct{ db *sql.DB }
`;
  for (let i = 0; i < 20; i++) s += `
func (s *Service${n}) Op${i}(ctx context.Context, id int64) (*Model${n}, error) {
	row := s.db.QueryRowContext(ctx, "SELECT id, name, email FROM t${n} WHERE id = $1", id)
	var m Model${n}
	if err := row.Scan(&m.ID, &m.Name, &m.Email); err != nil {
		return nil, fmt.Errorf("op${i}: %w", err)
	}
	for i := 0; i < len(m.Tags); i++ {
		m.Tags[i] = fmt.Sprintf("%s-%d", m.Tags[i], i)
	}
	return &m, nil
}
`;
  return s;
}
var files = [];
for (let i = 0; i < 300; i++) {
  files.push([`h${i}/h.go`, handlerFile(i)], [`s${i}/s.go`, serviceFile(i)]);
}
var cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
for (let round = 0; round < 3; round++) {
  let parse2 = 0, collect = 0;
  for (const [p, t] of files) {
    const a = cpu();
    const f = parseSource(p, t);
    const b = cpu();
    if (!isParsed(f)) continue;
    if (process.env.NOCOLLECT !== "1") collectGoFacts(f, GO_FRAMEWORKS);
    collect += cpu() - b;
    parse2 += b - a;
  }
  console.log(`parse ${parse2.toFixed(0)} collect ${collect.toFixed(0)}`);
}
