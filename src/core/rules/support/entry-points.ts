import type { SgNode } from '@ast-grep/napi';
import { lineOf } from '../../source/language.js';
import type { FileView, RuleLanguage } from '../types.js';
import { callParts } from './call-parts.js';
import { importsModule } from './read-imports.js';
import { literalText } from './string-literal.js';
import { treeCache } from '../../source/tree-cache.js';
import { confirmLinked, findLinkedEntryPoints, mayStartLinkedServer, serverMakers, type LinkedEntryPoint, type ServerMakers } from './linked-entry-points.js';
import type { SourceTree } from '../../change-source.js';

/** Where a process starts serving HTTP: `app.listen`, `http.ListenAndServe`, `uvicorn.run`, `SpringApplication.run`. */
export interface EntryPoint {
  line: number;
  call: string;
}

const JS_SERVERS = ['express', 'fastify', 'koa', 'http', 'https', 'node:http', 'node:https', '@nestjs/core', '@hapi/hapi', 'restify', '@hono/node-server', 'polka'];

/** Per file, by its root node (rule contexts of one file share it). */
const entryPoints = treeCache<object, EntryPoint[]>('entry points');

/** Cheap gate before `findEntryPoints`: the words and imports a server start needs. */
export function mayStartServer(file: FileView): boolean {
  const family = file.family;
  if (!file.mentions('listen', 'ListenAndServe', 'run(', 'Run(', 'Start(', 'Listen(', 'serve(', 'run_app')) return false;
  if (family === 'js') return file.importsAny(JS_SERVERS);
  if (family === 'python') return file.importsAny(PY_SERVERS);
  if (family === 'go') return file.importsAny(GO_SERVERS);
  return file.importsAny(['org.springframework.boot']);
}

const PY_SERVERS = ['uvicorn', 'flask', 'aiohttp', 'waitress', 'hypercorn'];
const GO_SERVERS = ['net/http', 'github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/labstack/echo/v4', 'github.com/gofiber/fiber', 'github.com/gofiber/fiber/v2'];
/** Words of the calls that start a server (a gate on each call's text). */
const START_WORDS: Record<RuleLanguage, readonly string[]> = {
  js: ['listen', 'serve'],
  python: ['run'],
  go: ['ListenAndServe', 'Run', 'Start', 'Listen'],
  java: ['run'],
};

/** Entry points a file declares (computed once per file: two rules ask). */
export function findEntryPoints(file: FileView): EntryPoint[] {
  let found = entryPoints.get(file.root);
  if (!found) entryPoints.set(file.root, (found = readEntryPoints(file)));
  return found;
}

function readEntryPoints(file: FileView): EntryPoint[] {
  const found: EntryPoint[] = [];
  const push = (call: SgNode, name: string) => found.push({ line: lineOf(call), call: name });
  const family = file.family;
  if (!mayStartServer(file)) return found;
  for (const { node: call } of file.callsMatching(START_WORDS[family])) {
    const parts = callParts(call, family);
    if (!parts) continue;
    const receiver = parts.receiver?.text();
    if (family === 'js' && ((parts.name === 'listen' && parts.receiver && parts.args.length > 0) || (parts.name === 'serve' && !parts.receiver && importsModule(file.imports, ['@hono/node-server'])))) push(call, `${receiver ? `${receiver}.` : ''}${parts.name}`);
    else if (family === 'python' && ((receiver === 'uvicorn' && parts.name === 'run') || (parts.name === 'run' && receiver === 'app' && importsModule(file.imports, ['flask'])) || (receiver === 'web' && parts.name === 'run_app'))) push(call, `${receiver}.${parts.name}`);
    else if (family === 'go' && (['ListenAndServe', 'ListenAndServeTLS'].includes(parts.name) || (parts.name === 'Run' && importsModule(file.imports, ['github.com/gin-gonic/gin'])) || (parts.name === 'Start' && importsModule(file.imports, ['github.com/labstack/echo/v4', 'github.com/labstack/echo'])) || (parts.name === 'Listen' && importsModule(file.imports, ['github.com/gofiber/fiber/v2', 'github.com/gofiber/fiber'])))) push(call, `${receiver ? `${receiver}.` : ''}${parts.name}`);
    else if (family === 'java' && receiver === 'SpringApplication' && parts.name === 'run') push(call, 'SpringApplication.run');
  }
  return found;
}

/** Cheap gate for the rules that judge entry points: a server start here, or on a server made in another file. */
export function mayStartAnyServer(file: FileView): boolean {
  return mayStartServer(file) || mayStartLinkedServer(file);
}

/** The entry points of a file, direct and linked (a linked one is a candidate until `judgedEntryPoints` confirms it). */
export function entryCandidates(file: FileView): Array<EntryPoint | LinkedEntryPoint> {
  const direct = findEntryPoints(file);
  const lines = new Set(direct.map((entry) => entry.line));
  return [...direct, ...findLinkedEntryPoints(file).filter((entry) => !lines.has(entry.line))];
}

/** Servers made per file, from the operational facts collected over the tree (built once per collection). */
const makersByCollection = new WeakMap<object, Map<string, ServerMakers>>();

/**
 * The entry points kept for a file, in line order: direct ones, and linked ones whose server another
 * file of the tree is seen to make (`collected` are the rule's `OperationalFacts`).
 */
export async function judgedEntryPoints(kept: ReadonlyArray<EntryPoint | LinkedEntryPoint>, collected: ReadonlyArray<{ path: string; facts: unknown }>, tree: SourceTree): Promise<EntryPoint[]> {
  const linked = kept.filter((entry): entry is LinkedEntryPoint => 'madeIn' in entry);
  const entries: EntryPoint[] = kept.filter((entry) => !('madeIn' in entry)).map(({ line, call }) => ({ line, call }));
  if (linked.length > 0) {
    let makers = makersByCollection.get(collected);
    if (!makers) {
      makers = new Map();
      for (const { path, facts } of collected) {
        const made = (facts as OperationalFacts).makers;
        if (made) makers.set(path, made);
      }
      makersByCollection.set(collected, makers);
    }
    for (const { line, call } of await confirmLinked(linked, makers, tree)) entries.push({ line, call });
  }
  return entries.sort((a, b) => a.line - b.line);
}

const JS_SHUTDOWN_LIBRARIES = ['@godaddy/terminus', 'lightship', 'http-terminator', 'stoppable', 'close-with-grace', 'fastify-graceful-shutdown', '@nestjs/terminus', 'http-graceful-shutdown'];
const HEALTH_LIBRARIES: Record<RuleLanguage, readonly string[]> = {
  js: ['@godaddy/terminus', '@nestjs/terminus', 'lightship', 'express-healthcheck', 'express-actuator', '@cloudnative/health-connect', 'fastify-healthcheck'],
  python: ['fastapi_health', 'healthcheck', 'health_check', 'flask_healthz', 'django_health_check'],
  go: ['google.golang.org/grpc/health', 'github.com/heptiolabs/healthcheck', 'github.com/hellofresh/health-go', 'github.com/alexliesenfeld/health', 'github.com/InVisionApp/go-health'],
  java: ['org.springframework.boot.actuate'],
};

/** Calls that install a signal listener (`process.on('SIGTERM', …)`) or Nest's shutdown hooks. */
const JS_SIGNAL_CALLS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'enableShutdownHooks']);

/** SIGTERM or SIGINT: the signals a service must stop on. */
export function isStopSignal(name: string | undefined): boolean {
  return name === 'SIGTERM' || name === 'SIGINT';
}

/** Facts about a service's operational plumbing that one file shows. */
export interface OperationalFacts {
  signals: boolean;
  health: boolean;
  /** The servers the file makes, for entry points in other files that start them (`linked-entry-points.ts`). */
  makers?: ServerMakers;
}

/** Per file, by its root node (rule contexts of one file share it). */
const operational = treeCache<object, OperationalFacts | null>('operational facts');

/** Signal handling (SIGTERM/SIGINT) and health-check libraries a file shows (computed once per file: two rules ask). */
export function operationalFacts(file: FileView): OperationalFacts | undefined {
  let facts = operational.get(file.root);
  if (facts === undefined) operational.set(file.root, (facts = readOperationalFacts(file) ?? null));
  return facts ?? undefined;
}

function readOperationalFacts(file: FileView): OperationalFacts | undefined {
  const health = file.importsAny(HEALTH_LIBRARIES[file.family]);
  let signals = false;
  if (file.family === 'go') signals = file.importsAny(['os/signal']);
  else if (file.family === 'js') {
    signals = file.importsAny(JS_SHUTDOWN_LIBRARIES);
    // Cheap gate on the text before a tree query; the decision is made on the tree.
    if (!signals && (file.text.includes('SIGTERM') || file.text.includes('SIGINT') || file.text.includes('enableShutdownHooks'))) {
      let listsSignals: boolean | undefined;
      signals = file.callsNamed(JS_SIGNAL_CALLS).some(({ node: call, kind }) => {
        if (kind !== 'call_expression') return false;
        const parts = callParts(call, 'js');
        if (!parts) return false;
        if (parts.name === 'enableShutdownHooks') return true;
        const first = parts.args[0];
        if (!first) return false;
        const signal = literalText(first, 'js');
        if (signal !== undefined) return isStopSignal(signal);
        // `for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, stop)`, `signals.forEach((s) => process.on(s, stop))`.
        return first.kind() === 'identifier' && (listsSignals ??= file.nodes('string').some((node) => isStopSignal(literalText(node, 'js'))));
      });
    }
  }
  const makers = serverMakers(file);
  return health || signals || makers ? { signals, health, ...(makers ? { makers } : {}) } : undefined;
}

const HEALTH_SEGMENTS = new Set(['health', 'healthz', 'healthcheck', 'health-check', 'ready', 'readyz', 'readiness', 'live', 'livez', 'liveness', 'ping', 'status']);

/**
 * Paths that are health or readiness probes. A segment is compared without the marks that keep a
 * probe out of the application's namespace (`/_healthz`, `/__health`, `/health_check`).
 */
export function isHealthPath(path: string): boolean {
  return path
    .toLowerCase()
    .split('/')
    .some((segment) => HEALTH_SEGMENTS.has(segment.replace(/^[_.~-]+|[_.~-]+$/g, '').replace(/_/g, '-')));
}
