import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import { defineRule, type FileView, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts, receiverNames } from './support/call-parts.js';
import { isInside, spanOf, type IndexedCall } from './support/call-index.js';
import { kindOf } from './support/kind-of.js';
import { isNonServicePath } from './support/path-kind.js';

const JS_DISTINCT = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findByPk', 'findById', 'findOneBy', 'findOneByOrFail', 'findOneOrFail', 'countDocuments', 'findOne']);
const JS_GENERIC = new Set(['query', 'execute', 'find', 'findAll', 'findMany', 'count', 'aggregate', 'first', 'select']);
const DB_RECEIVER = /^(db|database|pool|client|conn|connection|knex|sql|prisma|tx|trx|manager|entityManager|em|repo|repository|model|models|dataSource|session|cursor|collection)$/i;
const PY_ORM_METHODS = new Set(['get', 'filter', 'exclude', 'count', 'exists', 'first', 'last', 'get_or_create', 'update_or_create', 'aggregate', 'values', 'values_list']);
const PY_DB_METHODS = new Set(['query', 'get', 'execute', 'scalar', 'scalars', 'fetch', 'fetchrow', 'fetchval', 'fetchone', 'fetchall', 'find_one', 'find']);
/** Python database handles by name: `db_session` is what Litestar's SQLAlchemy plugin injects, `pool` an asyncpg pool. */
const PY_DB_ROOTS = new Set(['session', 'db', 'cursor', 'conn', 'connection', 'database', 'cur', 'db_session', 'pool']);
/** Go receivers of a data layer: `userRepo`, `store`, `repository`, `app.models.Reviews` (`models`, `BookModel`). */
const GO_REPOSITORY_RECEIVER = /(repo|store|repository|models?)$/i;
const GO_DB_METHODS = new Set(['Query', 'QueryRow', 'QueryContext', 'QueryRowContext', 'First', 'Find', 'Take', 'Get', 'Select', 'GetContext', 'SelectContext', 'FindOne']);
/**
 * Writes that run one statement per call: in a loop they are N round trips where one batch would do
 * (`saveAll`, `deleteMany`, `bulk_create`, a multi-row INSERT). Judged on database receivers only.
 */
const JS_WRITES = new Set(['save', 'delete', 'remove', 'update', 'insert', 'create', 'destroy', 'upsert']);
const PY_ORM_WRITES = new Set(['create', 'update', 'delete']);
const GO_DB_WRITES = new Set(['Create', 'Save', 'Delete', 'Update', 'Updates', 'Exec', 'ExecContext']);
const JAVA_WRITES = new Set(['save', 'saveAndFlush', 'delete', 'deleteById', 'update', 'insert']);
/** Receivers of JavaScript writes: repositories, ORM handles and transactions (not `client`, which is often HTTP). */
const JS_WRITE_RECEIVER = /^(db|database|knex|prisma|tx|trx|manager|entityManager|em|repo|repository|dataSource)$|(Repository|Repo|Dao)$/;

/** Receivers of a repository layer: `petRepository`, `this.ordersRepo`, `userDao`, `sessionStore`. */
const JS_REPOSITORY_RECEIVER = /^(repo|repository|dao|store)$|(Repository|Repo|Dao|Store)$/;
/** Read methods of a repository layer (`findById`, `listByOwner`, `getTotals`, `countFor`). */
const JS_REPOSITORY_READ = /^(find|get|list|count|load|fetch|search|query|select|exists)(?![a-z])/;

/**
 * A read through the project's own repository layer: each call is one query (or more) behind the method,
 * so one per element is N+1 whatever the method is called.
 */
function isJsRepositoryRead(name: string, receiver: readonly string[]): boolean {
  return JS_REPOSITORY_READ.test(name) && receiver.some((part) => JS_REPOSITORY_RECEIVER.test(part));
}

/** A call that runs one database query, judged by method name and receiver. */
function isQueryCall(call: SgNode, family: RuleLanguage, typedRepositories: () => ReadonlySet<string> = () => NO_NAMES): string | undefined {
  const parts = callParts(call, family);
  if (!parts || !parts.receiver) return undefined;
  const names = receiverNames(parts.receiver, family);
  const last = names[names.length - 1] ?? '';
  const dbish = names.some((name) => DB_RECEIVER.test(name) || /(Repository|Repo|Model|Dao)$/.test(name));
  if (family === 'js') {
    if (JS_DISTINCT.has(parts.name)) return parts.name;
    if (isJsRepositoryRead(parts.name, names)) return parts.name;
    const isModel = /^[A-Z][a-z]/.test(names[0] ?? '') && names.length === 1 && !['Promise', 'Object', 'Array', 'JSON', 'Math', 'Reflect', 'Number', 'String', 'Date', 'Map', 'Set', 'URL', 'Intl'].includes(names[0]!);
    if (JS_WRITES.has(parts.name)) return isModel || names.some((name) => JS_WRITE_RECEIVER.test(name)) ? parts.name : undefined;
    return JS_GENERIC.has(parts.name) && (dbish || isModel || names.includes('prisma')) ? parts.name : undefined;
  }
  if (family === 'python') {
    if (names.includes('objects') && (PY_ORM_METHODS.has(parts.name) || PY_ORM_WRITES.has(parts.name))) return parts.name;
    if (last === 'query' && ['get', 'filter_by', 'filter', 'first', 'get_or_404', 'first_or_404'].includes(parts.name)) return parts.name;
    return names.some((name) => PY_DB_ROOTS.has(name)) && PY_DB_METHODS.has(parts.name) ? parts.name : undefined;
  }
  if (family === 'go') {
    if ((GO_DB_METHODS.has(parts.name) || GO_DB_WRITES.has(parts.name)) && names.some((name) => /^(db|tx|conn|pool|database|DB|sqlDB|gormDB)$/.test(name))) return parts.name;
    // Repository layers: `s.userRepo.FindByID`, and the `app.models.Movies.Get` layer of net/http and httprouter services.
    return names.some((name) => GO_REPOSITORY_RECEIVER.test(name)) && /^(Get|Find|Fetch|Load|Count)/.test(parts.name) ? parts.name : undefined;
  }
  const javaDb =
    names.some((name) => /(Repository|repository|Repo|repo|Dao|dao|Mapper)$/.test(name) || /^(jdbcTemplate|namedParameterJdbcTemplate|entityManager|em)$/.test(name)) ||
    (names.length > 0 && typedRepositories().has(names[names.length - 1]!));
  return javaDb && (/^(find|get|count|exists|query|load|select|read)/.test(parts.name) || JAVA_WRITES.has(parts.name)) && parts.name !== 'getClass' ? parts.name : undefined;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Java fields declared with a repository type, whatever they are called (`private final OwnerRepository owners;`). */
function javaRepositoryFields(root: SgNode): Set<string> {
  const names = new Set<string>();
  for (const field of root.findAll({ rule: { kind: 'field_declaration' } })) {
    const type = (field.field('type')?.text() ?? '').replace(/<.*$/, '');
    if (!/(Repository|Repo|Dao|Mapper)$/.test(type)) continue;
    for (const declarator of field.children()) {
      if (kindOf(declarator) !== 'variable_declarator') continue;
      const name = declarator.field('name')?.text();
      if (name) names.add(name);
    }
  }
  return names;
}

/** Cheap name test before the receiver is read: could a call of this name be a query? */
function mightQuery(name: string, family: RuleLanguage): boolean {
  if (family === 'js') return JS_QUERY_NAMES.has(name);
  if (family === 'python') return PY_QUERY_NAMES.has(name);
  if (family === 'go') return GO_DB_METHODS.has(name) || GO_DB_WRITES.has(name) || /^(Get|Find|Fetch|Load|Count)/.test(name);
  return /^(find|get|count|exists|query|load|select|read)/.test(name) || JAVA_WRITES.has(name);
}

const PY_QUERY_NAMES = new Set([...PY_ORM_METHODS, ...PY_ORM_WRITES, ...PY_DB_METHODS, 'filter_by', 'get_or_404', 'first_or_404']);
const JS_QUERY_NAMES = new Set([...JS_DISTINCT, ...JS_GENERIC, ...JS_WRITES]);
/** Words a call on a repository receiver contains (the call index's text gate). */
const JS_REPOSITORY_WORDS = ['Repository', 'Repo', 'repo', 'repository', 'Dao', 'dao', 'Store', 'store'];
/** Words every query name of a family contains (Go and Java judge names by prefix). */
const QUERY_WORDS: Record<RuleLanguage, readonly string[]> = {
  js: [...JS_QUERY_NAMES],
  python: [...PY_QUERY_NAMES],
  go: ['Query', 'First', 'Find', 'Take', 'Get', 'Select', 'Fetch', 'Load', 'Count', ...GO_DB_WRITES],
  java: ['find', 'get', 'count', 'exists', 'query', 'load', 'select', 'read', ...JAVA_WRITES],
};
/** Text gates: a query needs its receiver's or method's word. */
const GATES: Record<RuleLanguage, readonly string[]> = {
  js: [...JS_QUERY_NAMES, 'Repository', 'Repo', 'repo', 'Dao', 'dao', 'Store', 'store'],
  python: ['objects', 'query', 'session', 'cursor', 'execute', 'db.', 'conn', 'fetch'],
  go: ['Query', 'First', 'Find', 'Get', 'Select', 'Take', 'Fetch', 'Load', 'Count', ...GO_DB_WRITES],
  java: ['Repository', 'repository', 'Repo', 'repo', 'Dao', 'dao', 'jdbcTemplate', 'entityManager', 'Mapper'],
};
const LOOP_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['for_in_statement'],
  python: ['for_statement', 'for_in_clause'],
  go: ['for_statement'],
  java: ['enhanced_for_statement'],
};
/** Calls whose callback runs per element. */
const CALLBACK_LOOPS: Partial<Record<RuleLanguage, ReadonlySet<string>>> = { js: new Set(['forEach', 'map', 'flatMap']), java: new Set(['forEach', 'map']) };

function queryCandidates(file: FileView): readonly IndexedCall[] {
  const family = file.family;
  if (family === 'js') {
    const named = file.callsNamed(JS_QUERY_NAMES);
    if (!file.mentions(...JS_REPOSITORY_WORDS)) return named;
    // Repository methods are named by the project: judged by their verb, on repository receivers only.
    const repository = file.callsMatching(JS_REPOSITORY_WORDS, (name) => !JS_QUERY_NAMES.has(name) && JS_REPOSITORY_READ.test(name));
    return repository.length === 0 ? named : [...named, ...repository];
  }
  if (family === 'python') return file.callsNamed(PY_QUERY_NAMES);
  return file.callsMatching(QUERY_WORDS[family], (name) => mightQuery(name, family));
}


/** Bodies that run once per element of a data-driven collection. */
function loopBodies(file: FileView): SgNode[] {
  const family = file.family;
  const bodies: SgNode[] = [];
  const literalCollections = ['array', 'list', 'tuple', 'composite_literal', 'array_creation_expression'];
  const loops = file.mentionsName('for') ? file.nodesOf(LOOP_KINDS[family]) : [];
  if (family === 'js') {
    for (const loop of loops) {
      const right = loop.field('right');
      if (!right || literalCollections.includes(kindOf(right))) continue;
      const body = loop.field('body');
      if (body) bodies.push(body);
    }
    for (const { node: call } of file.callsNamed(CALLBACK_LOOPS.js!)) {
      const parts = callParts(call, 'js');
      const callback = parts?.args[0];
      if (parts && ['forEach', 'map', 'flatMap'].includes(parts.name) && callback && ['arrow_function', 'function_expression'].includes(kindOf(callback))) {
        if (parts.receiver && literalCollections.includes(kindOf(parts.receiver))) continue;
        const body = callback.field('body');
        if (body) bodies.push(body);
      }
    }
  } else if (family === 'python') {
    for (const loop of loops) {
      const right = loop.field('right');
      if (!right || literalCollections.includes(kindOf(right)) || (kindOf(right) === 'call' && right.field('function')?.text() === 'range')) continue;
      const body = kindOf(loop) === 'for_statement' ? loop.field('body') : loop.parent()?.field('body');
      if (body) bodies.push(body);
    }
  } else if (family === 'go') {
    for (const loop of loops) {
      const range = loop.children().find((c) => kindOf(c) === 'range_clause');
      const right = range?.field('right');
      if (!right || literalCollections.includes(kindOf(right))) continue;
      const body = loop.field('body');
      if (body) bodies.push(body);
    }
  } else {
    for (const loop of loops) {
      const body = loop.field('body');
      if (body) bodies.push(body);
    }
    for (const { node: call } of file.callsNamed(CALLBACK_LOOPS.java!)) {
      const parts = callParts(call, 'java');
      const lambda = parts?.args[0];
      if (!parts || !['forEach', 'map'].includes(parts.name) || !lambda || kindOf(lambda) !== 'lambda_expression') continue;
      const body = lambda.field('body');
      if (body) bodies.push(body);
    }
  }
  return bodies;
}

export const queryInLoop = defineRule({
  id: 'database/query-in-loop',
  meta: {
    checklist: 'scale.database',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A database query inside a loop over a collection (N+1 queries): `findOne`/`findUnique`/`objects.get`/`QueryRow`/`repository.findById` per element.',
    rationale:
      'One query per element turns a page of 100 items into 101 round trips: latency grows with the data and the database does 100 times the work under load. Fetch the related rows in one query (`WHERE id IN (…)`, a join, `include`/`select_related`/`prefetch_related`, `findAllById`) and match them in memory.',
    messages: {
      queryInLoop: {
        title: 'Query `{call}` runs once per loop iteration (N+1)',
        message: '`{call}` runs inside a loop over a collection, so the number of queries grows with the data. Load the rows for all elements in one query (IN list, join, eager loading) before the loop.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "export async function withAuthors(posts) {\n  for (const post of posts) {\n    post.author = await prisma.user.findUnique({ where: { id: post.authorId } });\n  }\n  return posts;\n}\n",
        good: "export async function withAuthors(posts) {\n  const authors = await prisma.user.findMany({ where: { id: { in: posts.map((p) => p.authorId) } } });\n  const byId = new Map(authors.map((a) => [a.id, a]));\n  return posts.map((post) => ({ ...post, author: byId.get(post.authorId) }));\n}\n",
      },
      python: {
        bad: 'def order_lines(orders):\n    for order in orders:\n        order.customer = Customer.objects.get(id=order.customer_id)\n    return orders\n',
        good: 'def order_lines():\n    return Order.objects.select_related("customer").all()[:100]\n',
      },
      go: {
        bad: 'func (s *Store) Authors(posts []Post) {\n\tfor _, p := range posts {\n\t\ts.db.QueryRow("SELECT name FROM users WHERE id = $1", p.AuthorID).Scan(&p.Author)\n\t}\n}\n',
        good: 'func (s *Store) Authors(ids []int64) (*sql.Rows, error) {\n\treturn s.db.Query("SELECT id, name FROM users WHERE id = ANY($1)", pq.Array(ids))\n}\n',
      },
      java: {
        bad: 'class OrderService {\n  List<Customer> customers(List<Order> orders) {\n    List<Customer> result = new ArrayList<>();\n    for (Order o : orders) {\n      result.add(customerRepository.findById(o.getCustomerId()).orElseThrow());\n    }\n    return result;\n  }\n}\n',
        good: 'class OrderService {\n  List<Customer> customers(List<Order> orders) {\n    return customerRepository.findAllById(orders.stream().map(Order::getCustomerId).toList());\n  }\n}\n',
      },
    },
  },
  plan(file) {
    if (isNonServicePath(file.path) || !file.mentions(...GATES[file.family])) return false;
    // A loop needs its keyword or a per-element callback; a query needs its method's name.
    const callbacks = CALLBACK_LOOPS[file.family];
    const loops = file.mentionsName('for');
    if (!loops && !(callbacks && file.mentionsCall(...callbacks))) return false;
    const family = file.family;
    const queryNamed = family === 'js' || family === 'python' ? file.mentionsCall(...QUERY_WORDS[family]) : file.mentions(...QUERY_WORDS[family]);
    if (!queryNamed && !(family === 'js' && file.mentions(...JS_REPOSITORY_WORDS))) return false;
    return [...CALL_KINDS[family], ...(loops ? LOOP_KINDS[family] : [])];
  },
  checkFile(context) {
    const candidates = queryCandidates(context);
    if (candidates.length === 0) return;
    let repositories: Set<string> | undefined;
    const typedRepositories = () => (repositories ??= context.family === 'java' ? javaRepositoryFields(context.root) : new Set());
    const seen = new Set<number>();
    for (const body of loopBodies(context)) {
      const span = spanOf(body);
      for (const indexed of candidates) {
        if (!isInside(indexed, span)) continue;
        const call = indexed.node;
        const line = lineOf(call);
        if (seen.has(call.id()) || !context.changedLines.has(line)) continue;
        const name = isQueryCall(call, context.family, typedRepositories);
        if (!name) continue;
        seen.add(call.id());
        context.report({ messageId: 'queryInLoop', data: { call: name }, line });
      }
    }
  },
});
