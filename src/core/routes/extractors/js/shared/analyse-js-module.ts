import type { ParsedFile } from '../../../../source/language.js';
import { collectDecoratedControllers } from './collect-decorated-controllers.js';
import { collectNestFacts } from './collect-nest-facts.js';
import { collectNextFacts, isNextRouteModule } from './collect-next-facts.js';
import { collectRouterCalls } from './collect-router-calls.js';
import { Evaluator } from './evaluate.js';
import { record, type JsModuleFacts } from './facts.js';
import { summariseModule } from './summarise-module.js';

// Every JavaScript extractor reads the same facts; the first one to see a file computes them while its
// syntax tree is alive, the others reuse them (the tree scanner hands each extractor the same object).
const analysed = new WeakMap<ParsedFile, JsModuleFacts | null>();

/**
 * The facts of one JavaScript/TypeScript module: imports and exports, routing calls, NestJS
 * controllers and modules, Next.js route handlers, routing-controllers and tsoa controllers. Undefined
 * when the module has none of them.
 */
export function analyseJsModule(file: ParsedFile): JsModuleFacts | undefined {
  const known = analysed.get(file);
  if (known !== undefined) return known ?? undefined;
  const facts = readModule(file);
  analysed.set(file, facts ?? null);
  return facts;
}

function readModule(file: ParsedFile): JsModuleFacts | undefined {
  const facts: JsModuleFacts = {
    path: file.path, exports: record(), stars: [], frameworks: [], objs: [], fns: [], classes: [], calls: [], binds: [],
  };
  const ev = new Evaluator(file, facts);
  summariseModule(ev);
  collectRouterCalls(ev);
  if (facts.frameworks.includes('nestjs')) {
    const nest = collectNestFacts(ev);
    if (nest) facts.nest = nest;
  }
  if (isNextRouteModule(file.path)) facts.next = collectNextFacts(ev);
  if (facts.frameworks.includes('routing-controllers') || facts.frameworks.includes('tsoa')) {
    const decorated = collectDecoratedControllers(ev);
    if (decorated) facts.decorated = decorated;
  }
  ev.finish();
  const empty = Object.keys(facts.exports).length === 0 && facts.stars.length === 0 && facts.frameworks.length === 0 &&
    facts.calls.length === 0 && facts.binds.length === 0 && !facts.nest && !facts.next && !facts.decorated;
  return empty ? undefined : facts;
}
