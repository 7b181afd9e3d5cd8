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
function parseSource(path, text2, limits = DEFAULT_PARSE_LIMITS) {
  const language = languageOf(path);
  if (!language) return { path, reason: "not a language we read" };
  if (text2.length > limits.maxBytes) return { path, reason: `larger than ${Math.round(limits.maxBytes / 1e3)} kB` };
  if (hasLineLongerThan(text2, limits.maxLineLength)) return { path, reason: "minified or generated (a line longer than " + limits.maxLineLength + " characters)" };
  ensureLanguages();
  try {
    const root2 = parse(astGrepLang(language), text2).root();
    return { path, language, text: text2, root: root2 };
  } catch (error) {
    return { path, reason: `does not parse: ${error.message}` };
  }
}
function isParsed(file) {
  return "root" in file;
}
function hasLineLongerThan(text2, max) {
  let start = 0;
  while (start < text2.length) {
    const end = text2.indexOf("\n", start);
    const stop = end === -1 ? text2.length : end;
    if (stop - start > max) return true;
    start = stop + 1;
  }
  return false;
}

// ../../tmp/goprof/rules2.ts
import { readFileSync } from "node:fs";
var text = readFileSync("/tmp/goprof/handler.go", "utf8");
var f = parseSource("a.go", text);
if (!isParsed(f)) throw new Error();
var root = f.root;
var time = (label, rule) => {
  root.findAll({ rule });
  const t = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < 40; i++) n = root.findAll({ rule }).length;
  console.log(`${label}: ${(Number(process.hrtime.bigint() - t) / 40 / 1e6).toFixed(3)} ms (${n})`);
};
var t0 = process.hrtime.bigint();
for (let i = 0; i < 20; i++) parseSource("a.go", text);
console.log("parse", (Number(process.hrtime.bigint() - t0) / 20 / 1e6).toFixed(3));
var M = "^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Handle|Match|Group|CONNECT|TRACE|Route|Mount|Method|MethodFunc|HandleFunc|PathPrefix|Subrouter|Methods|NewRoute)$";
var NAMES = "Default|New|NewRouter|NewMux|NewServeMux|Handle|HandleFunc|Engine|RouterGroup|IRouter|IRoutes|Echo|Group|Router|Mux|ServeMux|App";
var meth = { kind: "call_expression", has: { field: "function", kind: "selector_expression", has: { field: "field", regex: M } } };
var lit = { kind: "interpreted_string_literal", regex: '^"(/|[A-Z]+ /)' };
var q1 = { any: [{ kind: "selector_expression" }, { kind: "qualified_type" }], regex: `^(chi\\.(${NAMES})|http\\.(${NAMES}))$` };
var q2 = { any: [
  { kind: "selector_expression", has: { field: "field", regex: `^(${NAMES})$` } },
  { kind: "qualified_type", has: { field: "name", regex: `^(${NAMES})$` } }
], regex: `^(chi|http)\\.` };
var q3 = { any: [
  { kind: "selector_expression", has: { field: "field", regex: `^(${NAMES})$` }, regex: `^(chi|http)\\.` },
  { kind: "qualified_type", has: { field: "name", regex: `^(${NAMES})$` }, regex: `^(chi|http)\\.` }
] };
var q4 = { kind: "field_identifier", regex: `^(${NAMES})$` };
time("meth", meth);
time("lit", lit);
time("q1", q1);
time("q2", q2);
time("q3", q3);
time("all q1", { any: [meth, lit, q1] });
time("all q2", { any: [meth, lit, q2] });
time("meth+lit", { any: [meth, lit] });
time("kind-only string", { kind: "interpreted_string_literal" });
