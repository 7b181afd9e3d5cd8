import type { SgNode } from '@ast-grep/napi';
import { lineOf } from '../../source/language.js';
import { aliasCandidates, readJsModuleAliases } from '../../source/js-module-aliases.js';
import { dirOf, normalisePath } from '../../source/repo-paths.js';
import { topLevelStatements } from '../../source/top-level.js';
import { treeCache } from '../../source/tree-cache.js';
import type { SourceTree } from '../../change-source.js';
import type { FileView } from '../types.js';
import { assignedName } from './assigned-name.js';
import { callParts } from './call-parts.js';
import { enclosingFunction } from './enclosing-function.js';
import { importBindings } from './import-bindings.js';
import { kindOf } from './kind-of.js';

/**
 * A server start whose server is made in another file of the project: `import app from './app';
 * app.listen(PORT)`, `r := setupRouter(); r.Run()`. The call alone proves nothing (`emitter.listen`,
 * `cmd.Run()`): it is an entry point only when the file it points to makes a server (see
 * `serverMakers`), which the rules check once every file is collected.
 */
export interface LinkedEntryPoint {
  line: number;
  call: string;
  madeIn: ServerSource;
}

/** Where the server of a linked entry point must be made. */
export type ServerSource =
  /** A JS module, as imported by the entry file (resolved against the tree's paths and aliases). */
  | { family: 'js'; from: string; specifier: string }
  /** A Go function, method or struct field of the entry file's package (its directory) that yields a server `method` can start. */
  | { family: 'go'; dir: string; names: string[]; method: string };

/** What one file makes that a linked entry point can start (collected from every file of the tree). */
export interface ServerMakers {
  /** A JS module that creates an app or server (`express()`, `Fastify()`, `new Koa()`, `new Hono()`, `http.createServer`). */
  js?: true;
  /** Go functions, methods and struct fields typed as a server, with its framework. */
  go?: Array<{ name: string; framework: GoFramework }>;
}

type GoFramework = 'gin' | 'echo' | 'fiber' | 'http';

/**
 * JS modules that make servers, with the imports that do it (`default` and `*` stand for the module
 * itself: `express()`, `http.createServer()`). A module that only imports types or `Router` makes none.
 */
const JS_MAKERS: Record<string, readonly string[]> = {
  express: ['default', '*'],
  fastify: ['default', '*', 'fastify'],
  koa: ['default', '*'],
  hono: ['Hono'],
  '@hono/node-server': ['serve', 'createAdaptorServer'],
  http: ['default', '*', 'createServer'],
  https: ['default', '*', 'createServer'],
  'node:http': ['default', '*', 'createServer'],
  'node:https': ['default', '*', 'createServer'],
  restify: ['default', '*', 'createServer'],
  polka: ['default', '*'],
  '@hapi/hapi': ['default', '*', 'server', 'Server'],
  '@nestjs/core': ['NestFactory'],
};
const JS_MAKER_MODULES = Object.keys(JS_MAKERS);
/** Members of a maker's namespace that create the server (`http.createServer`, `Hapi.server`, `NestFactory.create`). */
const JS_MAKER_MEMBERS = ['createServer', 'server', 'Server', 'create'];

/** Go server types by the package that declares them, and the methods that start each. */
const GO_SERVER_TYPES: ReadonlyArray<{ module: readonly string[]; type: string; framework: GoFramework }> = [
  { module: ['github.com/gin-gonic/gin'], type: 'gin.Engine', framework: 'gin' },
  { module: ['github.com/labstack/echo/v4', 'github.com/labstack/echo'], type: 'echo.Echo', framework: 'echo' },
  { module: ['github.com/gofiber/fiber/v2', 'github.com/gofiber/fiber/v3', 'github.com/gofiber/fiber'], type: 'fiber.App', framework: 'fiber' },
  { module: ['net/http'], type: 'http.Server', framework: 'http' },
];
const GO_STARTS: Record<GoFramework, readonly string[]> = {
  gin: ['Run', 'RunTLS'],
  echo: ['Start', 'StartTLS', 'StartAutoTLS'],
  fiber: ['Listen', 'ListenTLS'],
  http: ['ListenAndServe', 'ListenAndServeTLS'],
};
const GO_START_NAMES: ReadonlySet<string> = new Set(Object.values(GO_STARTS).flat());
const JS_LISTEN: ReadonlySet<string> = new Set(['listen']);

/** Cheap gate: the file may start a server made elsewhere (text only). */
export function mayStartLinkedServer(file: FileView): boolean {
  if (file.family === 'js') return file.mentionsCall('listen');
  if (file.family === 'go') return file.mentionsCall(...GO_START_NAMES);
  return false;
}

const linkedByRoot = treeCache<object, LinkedEntryPoint[]>('linked entry points');

/** Server starts on a server made in another file (computed once per file: two rules ask). */
export function findLinkedEntryPoints(file: FileView): LinkedEntryPoint[] {
  let found = linkedByRoot.get(file.root);
  if (!found) linkedByRoot.set(file.root, (found = mayStartLinkedServer(file) ? (file.family === 'js' ? readJs(file) : file.family === 'go' ? readGo(file) : []) : []));
  return found;
}

function readJs(file: FileView): LinkedEntryPoint[] {
  // Names the file imports from modules that are not server libraries (those are read directly).
  const sources = new Map<string, string>();
  for (const binding of importBindings(file)) if (!JS_MAKER_MODULES.includes(binding.source) && !binding.source.startsWith('node:')) sources.set(binding.local, binding.source);
  if (sources.size === 0) return [];
  let factories: Map<string, string> | undefined;
  /** `const app = createApp()`, `const app = await buildServer(opts)`: the names factory results are kept in. */
  const madeByFactory = (name: string): string | undefined => {
    if (!factories) {
      factories = new Map();
      for (const { node: call } of file.callsNamed(new Set(sources.keys()))) {
        const parts = callParts(call, 'js');
        if (!parts || parts.receiver) continue;
        const kept = assignedName(call, 'js');
        if (kept && !kept.includes('.')) factories.set(kept, sources.get(parts.name)!);
      }
    }
    return factories.get(name);
  };
  const found: LinkedEntryPoint[] = [];
  for (const { node: call } of file.callsNamed(JS_LISTEN)) {
    const parts = callParts(call, 'js');
    const receiver = parts?.receiver;
    if (!receiver) continue;
    const kind = kindOf(receiver);
    let specifier: string | undefined;
    if (kind === 'identifier') specifier = sources.get(receiver.text()) ?? madeByFactory(receiver.text());
    else if (kind === 'call_expression') {
      // `createApp().listen(3000)`
      const inner = callParts(receiver, 'js');
      if (inner && !inner.receiver) specifier = sources.get(inner.name);
    }
    if (specifier !== undefined) found.push({ line: lineOf(call), call: `${kind === 'identifier' ? receiver.text() : `${receiver.text().split('(')[0]}()`}.listen`, madeIn: { family: 'js', from: file.path, specifier } });
  }
  return found;
}

function readGo(file: FileView): LinkedEntryPoint[] {
  const found: LinkedEntryPoint[] = [];
  const dir = dirOf(file.path);
  for (const { node: call } of file.callsNamed(GO_START_NAMES)) {
    const parts = callParts(call, 'go');
    const receiver = parts?.receiver;
    if (!parts || !receiver) continue;
    const kind = kindOf(receiver);
    let names: string[] = [];
    if (kind === 'call_expression') {
      // `setupRouter().Run()`, `s.routes().Start(addr)`
      const name = sameMemberName(receiver.field('function'));
      if (name) names = [name];
    } else if (kind === 'selector_expression') {
      // `s.router.Run()`: a field of a struct of the package.
      const field = receiver.field('field')?.text();
      if (field) names = [field];
    } else if (kind === 'identifier') names = goFactoriesOf(receiver.text(), call);
    if (names.length > 0) found.push({ line: lineOf(call), call: `${receiver.text()}.${parts.name}`, madeIn: { family: 'go', dir, names, method: parts.name } });
  }
  return found;
}

/** The name a call's callee has in the package: `setupRouter` or the method of `s.routes` (a package-qualified `pkg.New` is not). */
function sameMemberName(callee: SgNode | null): string | undefined {
  if (!callee) return undefined;
  const kind = kindOf(callee);
  if (kind === 'identifier') return callee.text();
  if (kind === 'selector_expression' && kindOf(callee.field('operand')!) === 'identifier') {
    // `s.routes()` on a receiver variable; `gin.Default()` also has this shape, but no package
    // function of the entry's own package is named after an import, so the lookup finds nothing.
    return callee.field('field')?.text();
  }
  return undefined;
}

/**
 * The functions whose results `name` is given in the function around `call`: `r := setupRouter()`,
 * `e, err := newServer(cfg)`, `var srv = s.httpServer()`. Searched in that function only (a candidate's
 * own subtree, not the file).
 */
function goFactoriesOf(name: string, call: SgNode): string[] {
  const scope = enclosingFunction(call, 'go');
  if (!scope) return [];
  const names: string[] = [];
  for (const assignment of scope.findAll({ rule: { any: [{ kind: 'short_var_declaration' }, { kind: 'assignment_statement' }, { kind: 'var_spec' }] } })) {
    const left = assignment.field('left') ?? assignment.field('name');
    const right = assignment.field('right') ?? assignment.field('value');
    if (!left || !right) continue;
    const first = kindOf(left) === 'expression_list' ? left.child(0) : left;
    if (first?.text() !== name) continue;
    const value = kindOf(right) === 'expression_list' ? right.child(0) : right;
    if (!value || kindOf(value) !== 'call_expression') continue;
    const factory = sameMemberName(value.field('function'));
    if (factory) names.push(factory);
  }
  return names;
}

const makersByRoot = treeCache<object, ServerMakers | null>('server makers');

/** What a file makes that linked entry points start (cheap for files that make nothing: text and imports first). */
export function serverMakers(file: FileView): ServerMakers | undefined {
  let makers = makersByRoot.get(file.root);
  if (makers === undefined) makersByRoot.set(file.root, (makers = readMakers(file) ?? null));
  return makers ?? undefined;
}

function readMakers(file: FileView): ServerMakers | undefined {
  if (file.family === 'js') return jsMakesServer(file) ? { js: true } : undefined;
  if (file.family !== 'go') return undefined;
  const types = GO_SERVER_TYPES.filter(({ type, module }) => file.mentions(type) && file.importsAny(module));
  if (types.length === 0) return undefined;
  const go: Array<{ name: string; framework: GoFramework }> = [];
  const frameworkOf = (text: string | undefined) => (text ? types.find(({ type }) => text.includes(type))?.framework : undefined);
  // Functions, methods and types are top-level declarations: no walk of the tree.
  for (const { node, kind } of topLevelStatements(file.root)) {
    if (kind === 'function_declaration' || kind === 'method_declaration') {
      const framework = frameworkOf(node.field('result')?.text());
      const name = node.field('name')?.text();
      if (framework && name) go.push({ name, framework });
    } else if (kind === 'type_declaration' && frameworkOf(node.text())) {
      for (const field of node.findAll({ rule: { kind: 'field_declaration' } })) {
        const framework = frameworkOf(field.field('type')?.text());
        if (!framework) continue;
        for (const fieldName of field.children()) if (kindOf(fieldName) === 'field_identifier') go.push({ name: fieldName.text(), framework });
      }
    }
  }
  return go.length > 0 ? { go } : undefined;
}

function jsMakesServer(file: FileView): boolean {
  if (!file.importsAny(JS_MAKER_MODULES)) return false;
  for (const binding of importBindings(file)) {
    const makers = JS_MAKERS[binding.source];
    if (!makers?.includes(binding.imported)) continue;
    if (file.mentionsCall(binding.local) || file.mentionsMember(binding.local, ...JS_MAKER_MEMBERS)) return true;
  }
  return false;
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts'];

/**
 * The linked entry points whose server the tree's collected makers confirm. `makers` are the
 * `serverMakers` of every file that has some, by path.
 */
export async function confirmLinked(entries: readonly LinkedEntryPoint[], makers: ReadonlyMap<string, ServerMakers>, tree: SourceTree): Promise<LinkedEntryPoint[]> {
  const confirmed: LinkedEntryPoint[] = [];
  for (const entry of entries) {
    const source = entry.madeIn;
    if (source.family === 'js') {
      if ((await jsModuleFiles(source.from, source.specifier, tree)).some((path) => makers.get(path)?.js)) confirmed.push(entry);
    } else if ([...makers].some(([path, made]) => dirOf(path) === source.dir && made.go?.some(({ name, framework }) => source.names.includes(name) && GO_STARTS[framework].includes(source.method)))) {
      confirmed.push(entry);
    }
  }
  return confirmed;
}

/** The files a JS import may name: a relative path, or a tsconfig alias / workspace package of the tree. */
async function jsModuleFiles(from: string, specifier: string, tree: SourceTree): Promise<string[]> {
  const bases = specifier.startsWith('.') ? [normalisePath(`${dirOf(from)}/${specifier}`)] : aliasCandidates(await readJsModuleAliases(tree), from, specifier);
  const files: string[] = [];
  for (const base of bases) {
    const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
    files.push(base, ...JS_EXTENSIONS.map((ext) => `${stem}${ext}`), ...JS_EXTENSIONS.map((ext) => `${stem}/index${ext}`));
  }
  return files;
}
