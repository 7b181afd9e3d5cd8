import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import { defineRule, type FileView, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts } from './support/call-parts.js';
import { isInside, spanOf, type IndexedCall } from './support/call-index.js';
import { kindOf } from './support/kind-of.js';
import { importsModule } from './support/read-imports.js';

/** Calls that open a database/cache client or pool. `modules` gates names that are common words. */
interface Creator {
  name: string;
  receiver?: string;
  isNew?: boolean;
  modules?: readonly string[];
}

const CREATORS: Record<RuleLanguage, readonly Creator[]> = {
  js: [
    { name: 'PrismaClient', isNew: true },
    { name: 'Pool', isNew: true, modules: ['pg', 'pg-pool', 'mysql2', 'generic-pool'] },
    { name: 'Client', isNew: true, modules: ['pg'] },
    { name: 'MongoClient', isNew: true },
    { name: 'connect', receiver: 'MongoClient' },
    { name: 'connect', receiver: 'mongoose' },
    { name: 'createConnection', receiver: 'mongoose' },
    { name: 'createConnection', modules: ['mysql', 'mysql2', 'mysql2/promise'] },
    { name: 'createPool', modules: ['mysql', 'mysql2', 'mysql2/promise'] },
    { name: 'Sequelize', isNew: true },
    { name: 'Redis', isNew: true, modules: ['ioredis'] },
    { name: 'createClient', modules: ['redis'] },
    { name: 'DataSource', isNew: true, modules: ['typeorm'] },
  ],
  python: [
    { name: 'connect', receiver: 'psycopg2' },
    { name: 'connect', receiver: 'psycopg' },
    { name: 'connect', receiver: 'pymysql' },
    { name: 'connect', receiver: 'mysql.connector' },
    { name: 'connect', receiver: 'asyncpg' },
    { name: 'create_pool', receiver: 'asyncpg' },
    { name: 'create_engine' },
    { name: 'create_async_engine' },
    { name: 'MongoClient' },
    { name: 'AsyncIOMotorClient' },
    { name: 'Redis', receiver: 'redis' },
    { name: 'StrictRedis', receiver: 'redis' },
    { name: 'from_url', receiver: 'redis' },
    { name: 'from_url', receiver: 'redis.Redis' },
    { name: 'from_url', receiver: 'redis.StrictRedis' },
    { name: 'from_url', receiver: 'redis.asyncio' },
    { name: 'from_url', receiver: 'Redis', modules: ['redis'] },
    { name: 'Redis', modules: ['redis'] },
  ],
  go: [
    { name: 'Open', receiver: 'sql' },
    { name: 'Open', receiver: 'sqlx' },
    { name: 'Connect', receiver: 'sqlx' },
    { name: 'Open', receiver: 'gorm' },
    { name: 'Connect', receiver: 'pgx' },
    { name: 'New', receiver: 'pgxpool' },
    { name: 'Connect', receiver: 'pgxpool' },
    { name: 'NewWithConfig', receiver: 'pgxpool' },
    { name: 'Connect', receiver: 'mongo' },
    { name: 'NewClient', receiver: 'mongo' },
    { name: 'NewClient', receiver: 'redis' },
    { name: 'NewClusterClient', receiver: 'redis' },
  ],
  java: [
    { name: 'getConnection', receiver: 'DriverManager' },
    { name: 'HikariDataSource', isNew: true },
    { name: 'create', receiver: 'MongoClients' },
    { name: 'MongoClient', isNew: true },
    { name: 'JedisPool', isNew: true },
    { name: 'Jedis', isNew: true },
  ],
};

/** Gate for one creator: its name, its receiver next to it, and its modules must be in the file. */
function mayCreate(file: FileView, creator: Creator): boolean {
  if (!file.mentionsCall(creator.name)) return false;
  if (creator.receiver && !(creator.receiver.includes('.') ? file.mentions(creator.receiver) : file.mentionsMember(creator.receiver, creator.name))) return false;
  return !creator.modules || file.importsAny(creator.modules);
}

/** The client a call opens (`new PrismaClient()`, `sql.Open`), or undefined. */
function createdClient(call: SgNode, family: RuleLanguage, imports: readonly string[]): string | undefined {
  const parts = callParts(call, family);
  if (!parts) return undefined;
  const receiver = parts.receiver?.text();
  const match = CREATORS[family].find(
    (creator) =>
      creator.name === parts.name &&
      (creator.isNew === undefined || creator.isNew === parts.isNew) &&
      (creator.receiver === undefined ? !parts.receiver || !!creator.modules : creator.receiver === receiver) &&
      (!creator.modules || importsModule(imports, creator.modules)),
  );
  if (!match) return undefined;
  return `${parts.isNew ? 'new ' : ''}${receiver ? `${receiver}.` : ''}${parts.name}`;
}

/**
 * A creation assigned to a name the function does not declare (`pool ??= new Pool()`, `global engine`,
 * `db, err = sql.Open(…)`, `this.ds = …`) is a lazily initialised singleton, not a per-request client.
 */
function isSingletonAssignment(call: SgNode, fn: SgNode, family: RuleLanguage): boolean {
  let node: SgNode | null = call.parent();
  while (node && ['await_expression', 'await', 'parenthesized_expression', 'expression_list', 'as_expression'].includes(kindOf(node))) node = node.parent();
  if (!node) return false;
  const kind = kindOf(node);
  if (family === 'js') return kind === 'assignment_expression' || kind === 'augmented_assignment_expression';
  if (family === 'go') return kind === 'assignment_statement';
  if (family === 'java') return kind === 'assignment_expression';
  if (kind !== 'assignment') return false;
  const target = node.field('left');
  if (!target || kindOf(target) !== 'identifier') return true;
  return fn.findAll({ rule: { kind: 'global_statement' } }).some((g) => g.findAll({ rule: { kind: 'identifier' } }).some((id) => id.text() === target.text()));
}

/**
 * `new PrismaClient(…).$extends(withAccelerate())`: Prisma Accelerate pools the database connections
 * in its own proxy and the client speaks HTTP to it, which is how edge runtimes (Cloudflare Workers,
 * whose `env` exists only per request) are told to use Prisma: a client per request is the pattern there.
 */
function isPooledByAccelerate(call: SgNode): boolean {
  const member = call.parent();
  if (!member || kindOf(member) !== 'member_expression' || member.field('property')?.text() !== '$extends') return false;
  const extended = member.parent();
  if (!extended || kindOf(extended) !== 'call_expression') return false;
  return (extended.field('arguments')?.namedChildren() ?? []).some((argument) => kindOf(argument) === 'call_expression' && argument.field('function')?.text() === 'withAccelerate');
}

/** Top-level functions of a file by name, for one level of "called per request". */
function topLevelFunctions(root: SgNode, family: RuleLanguage): Map<string, SgNode> {
  const functions = new Map<string, SgNode>();
  const kind = family === 'python' ? 'function_definition' : family === 'go' ? 'function_declaration' : family === 'js' ? 'function_declaration' : undefined;
  if (!kind) return functions;
  for (const fn of root.findAll({ rule: { kind } })) {
    const name = fn.field('name')?.text();
    if (name) functions.set(name, fn);
  }
  return functions;
}

export const clientPerRequest = defineRule({
  id: 'pooling/client-per-request',
  meta: {
    checklist: 'scale.connection-pooling',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A database or cache client, connection or pool created inside a request handler (or a function the handler calls), instead of once per process.',
    rationale:
      'Opening a connection costs a TCP and TLS handshake and authentication, and a pool created per request is never reused: under load the service opens connections faster than the database can accept them and exhausts its connection limit. Create the client or pool once at start-up, share it, and close it on shutdown.',
    messages: {
      perRequest: {
        title: '`{client}` is created on every request',
        message: '`{client}` opens a new client/connection each time this handler runs. Create it once at start-up (module scope or dependency injection) and reuse its pool.',
      },
      perCallHelper: {
        title: '`{client}` is created each time `{helper}` is called by a request handler',
        message: '`{helper}` opens `{client}` on every call, and request handlers call it. Create the client once at start-up and have `{helper}` reuse it.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import { PrismaClient } from '@prisma/client';\n\napp.get('/orders', async (req, res) => {\n  const prisma = new PrismaClient();\n  res.json(await prisma.order.findMany({ take: 50 }));\n});\n",
        good: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n\napp.get('/orders', async (req, res) => {\n  res.json(await prisma.order.findMany({ take: 50 }));\n});\n",
      },
      python: {
        bad: 'import psycopg2\n\n@app.route("/orders")\ndef orders():\n    conn = psycopg2.connect(DATABASE_URL)\n    return fetch_orders(conn)\n',
        good: 'from psycopg2.pool import SimpleConnectionPool\npool = SimpleConnectionPool(1, 10, DATABASE_URL)\n\n@app.route("/orders")\ndef orders():\n    conn = pool.getconn()\n    try:\n        return fetch_orders(conn)\n    finally:\n        pool.putconn(conn)\n',
      },
      go: {
        bad: 'func orders(w http.ResponseWriter, r *http.Request) {\n\tdb, _ := sql.Open("postgres", dsn)\n\tdefer db.Close()\n\tlistOrders(w, db)\n}\n',
        good: 'func (s *Server) orders(w http.ResponseWriter, r *http.Request) {\n\tlistOrders(w, s.db)\n}\n',
      },
      java: {
        bad: 'class OrderController {\n  @GetMapping("/orders")\n  public List<Order> list() throws SQLException {\n    Connection c = DriverManager.getConnection(url, user, password);\n    return load(c);\n  }\n}\n',
        good: 'class OrderController {\n  private final DataSource dataSource;\n\n  @GetMapping("/orders")\n  public List<Order> list() throws SQLException {\n    try (Connection c = dataSource.getConnection()) {\n      return load(c);\n    }\n  }\n}\n',
      },
    },
  },
  plan(file) {
    if (!file.mentions(...CREATOR_NAMES[file.family])) return false;
    return CREATORS[file.family].some((creator) => mayCreate(file, creator)) ? CALL_KINDS[file.family] : false;
  },
  checkFile(context) {
    // Creations first (few calls, judged without the handlers); handlers only for files that have one.
    const clients = new Map<IndexedCall, string>();
    for (const indexed of context.callsNamed(CREATOR_NAME_SETS[context.family])) {
      const client = createdClient(indexed.node, context.family, context.imports);
      if (client) clients.set(indexed, client);
    }
    if (clients.size === 0) return;
    const handlers = context.handlers();
    if (handlers.length === 0) return;
    const creations = [...clients.keys()];
    const acceleratable = context.family === 'js' && context.mentions('withAccelerate');
    for (const handler of handlers) {
      const body = spanOf(handler.body);
      for (const indexed of creations) {
        if (!isInside(indexed, body)) continue;
        const call = indexed.node;
        const client = clients.get(indexed)!;
        if (!isSingletonAssignment(call, handler.node, context.family) && !(acceleratable && isPooledByAccelerate(call))) context.report({ messageId: 'perRequest', data: { client }, line: lineOf(call) });
      }
    }
    // One level down: helpers of this file that open a client and that handlers call by name.
    const helpers = topLevelFunctions(context.root, context.family);
    if (helpers.size === 0) return;
    const helperCalls = context.callsNamed(new Set(helpers.keys()));
    const reported = new Set<string>();
    for (const handler of handlers) {
      const body = spanOf(handler.body);
      for (const indexed of helperCalls) {
        if (!isInside(indexed, body)) continue;
        const call = indexed.node;
        const parts = callParts(call, context.family);
        const helper = parts && !parts.receiver ? helpers.get(parts.name) : undefined;
        if (!helper || reported.has(parts!.name) || handlers.some((h) => h.node.id() === helper.id())) continue;
        reported.add(parts!.name);
        const helperSpan = spanOf(helper);
        for (const indexed of creations) {
          if (!isInside(indexed, helperSpan)) continue;
          const inner = indexed.node;
          const client = clients.get(indexed)!;
          if (!isSingletonAssignment(inner, helper, context.family) && !(acceleratable && isPooledByAccelerate(inner))) context.report({ messageId: 'perCallHelper', data: { client, helper: parts!.name }, line: lineOf(inner) });
        }
      }
    }
  },
});

const CREATOR_NAME_SETS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(CREATORS.js.map((creator) => creator.name)),
  python: new Set(CREATORS.python.map((creator) => creator.name)),
  go: new Set(CREATORS.go.map((creator) => creator.name)),
  java: new Set(CREATORS.java.map((creator) => creator.name)),
};
const CREATOR_NAMES: Record<RuleLanguage, readonly string[]> = {
  js: [...CREATOR_NAME_SETS.js],
  python: [...CREATOR_NAME_SETS.python],
  go: [...CREATOR_NAME_SETS.go],
  java: [...CREATOR_NAME_SETS.java],
};
