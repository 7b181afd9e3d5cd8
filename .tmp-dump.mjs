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
function parseSnippet(language, text, path = `snippet.${language === "python" ? "py" : language === "javascript" ? "js" : language === "tsx" ? "tsx" : language === "typescript" ? "ts" : language}`) {
  ensureLanguages();
  return { path, language, text, root: parse(astGrepLang(language), text).root() };
}

// ../../tmp/pyx/dump.mts
var src = process.argv[2];
var f = parseSnippet("python", src);
function dump(n, d, field = "") {
  const kids = n.children();
  console.log("  ".repeat(d) + (field ? field + ": " : "") + n.kind() + (kids.length === 0 ? " " + JSON.stringify(n.text()) : ""));
  for (const k of kids) dump(k, d + 1);
}
dump(f.root, 0);
