import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { endLineOf, lineOf } from '../source/language.js';
import { defineRule, routeNameOf, routeRefOf, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts, receiverNames } from './support/call-parts.js';
import { isInside, spanOf, type IndexedCall } from './support/call-index.js';
import { enclosingFunction } from './support/enclosing-function.js';
import { factsForRoute, type HandlerSpan } from './support/facts-for-route.js';
import { kindOf } from './support/kind-of.js';
import { endsWithParam, isOperationalPath } from './support/route-traits.js';
import { literalText, STRING_KINDS } from './support/string-literal.js';
import { routeKey } from '../routes/diff-routes.js';
import type { ChainStep } from '../services/types.js';

interface ListFacts extends HandlerSpan {
  unbounded: Array<{ line: number; endLine: number; call: string }>;
  /** The first pagination word the handler uses (`limit`, `page`, `Pageable`…), if any. */
  pagination?: string;
  /**
   * Set on the facts of a function that is not a handler (a service or repository method): its name,
   * so that a handler calling `.name(` one layer up can be judged by the query this function makes.
   */
  callee?: string;
}

const DEFAULT_PAGINATION_WORDS = ['limit', 'offset', 'page', 'pagesize', 'perpage', 'cursor', 'take', 'skip', 'pageable', 'pagerequest', 'paginate', 'paginator', 'pagination', 'pagenumber', 'pageindex', 'maxresults', 'setmaxresults', 'pagetoken', 'startafter', 'after'];
/** Calls in the chain that bound the result: paging, filtering, or reducing it (distinct values, counts). */
const BOUNDING_METHODS = new Set(['distinct', 'count', 'countDocuments', 'estimatedDocumentCount', 'exists', 'aggregate', 'sum', 'Count', 'Pluck', 'limit', 'take', 'skip', 'offset', 'paginate', 'Limit', 'Offset', 'Scopes', 'Where', 'Association', 'Related', 'where', 'filter', 'filter_by', 'setMaxResults', 'first', 'First', 'top', 'slice', 'exclude', 'get']);
const FILTER_KEYS = ['where', 'limit', 'take', 'skip', 'offset', 'cursor', 'filter'];

/** Methods that can read a whole collection, per family (the candidates `unboundedQuery` judges). */
const LIST_METHODS: Record<RuleLanguage, readonly string[]> = {
  js: ['findAll', 'findMany', 'find', 'query', 'execute', 'raw'],
  python: ['all', 'execute', 'fetch'],
  go: ['Find', 'Query', 'QueryContext'],
  java: ['findAll', 'getResultList', 'query', 'queryForList', 'listAll', 'streamAll'],
};

const LIST_METHOD_SETS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(LIST_METHODS.js),
  python: new Set(LIST_METHODS.python),
  go: new Set(LIST_METHODS.go),
  java: new Set(LIST_METHODS.java),
};

const IDENTIFIER_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['identifier', 'property_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern'],
  python: ['identifier'],
  go: ['identifier', 'field_identifier'],
  java: ['identifier', 'type_identifier'],
};

/**
 * SQL that reads a whole collection: SELECT … FROM with no LIMIT, TOP, FETCH or aggregate, and either
 * no WHERE (the whole table) or an ORDER BY (a filtered list the author expects to hold many rows, such
 * as a parent's children: `WHERE book = $1 ORDER BY inserted_at DESC`; a lookup by key needs no order).
 */
function isUnboundedSelect(sql: string): boolean {
  const lower = sql.toLowerCase().replace(/\s+/g, ' ');
  if (!/\bselect\b.*\bfrom\b/.test(lower) || /\b(limit|top|fetch first|fetch next|offset)\b/.test(lower) || /\b(count|sum|avg|min|max)\s*\(/.test(lower)) return false;
  return !/\bwhere\b/.test(lower) || /\border by\b/.test(lower);
}

/**
 * Method names of the chain a call is part of, its receivers' calls and the calls made on its result,
 * appended to `names`. Stops as soon as `stop` accepts a name (returning true): one bounding call is
 * enough, and each link costs native calls.
 */
function walkChain(call: SgNode, family: RuleLanguage, names: string[], stop: (name: string) => boolean): boolean {
  const add = (name: string): boolean => {
    names.push(name);
    return stop(name);
  };
  let receiver = callParts(call, family)?.receiver;
  while (receiver) {
    const kind = kindOf(receiver);
    if (CALL_KINDS[family].includes(kind)) {
      const parts = callParts(receiver, family);
      if (!parts) break;
      if (add(parts.name)) return true;
      for (const arg of parts.args) {
        if (!CALL_KINDS[family].includes(kindOf(arg))) continue;
        if (walkChain(arg, family, names, stop) || add(callParts(arg, family)?.name ?? '')) return true;
      }
      receiver = parts.receiver;
    } else if (['member_expression', 'attribute', 'selector_expression', 'field_access'].includes(kind)) {
      receiver = receiver.field('object') ?? receiver.field('operand') ?? undefined;
    } else if (family === 'python' && (kind === 'parenthesized_expression' || kind === 'await')) {
      // SQLAlchemy's async style: `(await session.scalars(select(Item))).all()`.
      receiver = receiver.children().find((c) => c.isNamed() && c.kind() !== 'comment');
    } else break;
  }
  // Calls made on the result: Model.find().limit(20), objects.all()[:20].
  let node: SgNode | null = call;
  for (let depth = 0; depth < 8 && node; depth++) {
    const parent: SgNode | null = node.parent();
    if (!parent) break;
    const kind = kindOf(parent);
    if ((kind === 'subscript' || kind === 'slice') && add('slice')) return true;
    if (['member_expression', 'attribute', 'selector_expression', 'field_access'].includes(kind)) {
      const property = parent.field('property') ?? parent.field('attribute') ?? parent.field('field');
      if (property && add(property.text())) return true;
    } else if (kind === 'method_invocation' && parent.field('object')?.id() === node.id()) {
      if (add(parent.field('name')?.text() ?? '')) return true;
    } else if (!CALL_KINDS[family].includes(kind) && kind !== 'await_expression') break;
    node = parent;
  }
  return false;
}

/** Option keys that page a result (a `where` alone filters it). */
const PAGE_KEYS = ['limit', 'take', 'skip', 'offset', 'cursor', 'first', 'top'];

/**
 * True when an ORM options object reads a whole collection: no filter or page key at all, or an order
 * with no page key (`find({ where: { ownerId }, order: { name: 'ASC' } })`: a filtered list the author
 * expects to hold many rows, like SQL `WHERE … ORDER BY` without `LIMIT`; a lookup by key needs no order).
 */
function objectLacksBounds(arg: SgNode | undefined): boolean {
  if (!arg) return true;
  if (kindOf(arg) !== 'object') return false;
  const keys = arg.children().filter((pair) => kindOf(pair) === 'pair').map((pair) => pair.field('key')?.text() ?? '');
  if (!keys.some((key) => FILTER_KEYS.includes(key))) return true;
  return keys.some((key) => key === 'order' || key === 'orderBy') && !keys.some((key) => PAGE_KEYS.includes(key));
}

/** Methods that take raw SQL: their SQL literal decides. */
const RAW_SQL_METHODS = new Set(['query', 'execute', 'Query', 'QueryContext', 'queryForList', 'raw', 'fetch']);

/**
 * Text gate before `unboundedQuery`: a raw-SQL call can only be unbounded when its text has `select`
 * and `from` (its SQL literal is part of it). Python joins adjacent literals, so only the tree decides there.
 */
function mayBeUnbounded(call: IndexedCall, family: RuleLanguage, fileSelects: boolean): boolean {
  if (family === 'python' || !RAW_SQL_METHODS.has(call.name)) return true;
  const lower = call.text.toLowerCase();
  // SQL kept in a local (`pool.query(sql)`) is in the file's text, not the call's.
  return (lower.includes('select') && lower.includes('from')) || (fileSelects && LOCAL_DECLARATIONS[family] !== undefined);
}

/** An unbounded list query made by `call`, described by its method name; undefined otherwise. */
function unboundedQuery(call: SgNode, family: RuleLanguage, repositories: () => ReadonlySet<string>): string | undefined {
  const parts = callParts(call, family);
  if (!parts || !parts.receiver) return undefined;
  // Raw SQL decides by its text; cheap checks first, the chain walk (costly) last.
  if (RAW_SQL_METHODS.has(parts.name)) {
    // The SQL is the first argument, or the second after a context (Go `QueryContext(ctx, sql)`);
    // SQLAlchemy wraps it: `session.execute(text("SELECT …"))`.
    const sqlArg = parts.args.slice(0, 2).map((arg) => literalText(arg, family) ?? sqlTextOf(arg, family) ?? builtSqlOf(arg, call, family)).find((text) => text !== undefined);
    if (sqlArg !== undefined) return isUnboundedSelect(sqlArg) ? parts.name : undefined;
    if (family !== 'python' && parts.name !== 'query') return undefined;
  }
  const names = receiverNames(parts.receiver, family);
  const candidate = candidateListQuery(parts, names, family, repositories);
  if (!candidate) return undefined;
  const chain: string[] = [];
  if (walkChain(call, family, chain, (name) => BOUNDING_METHODS.has(name))) return undefined;
  if (family === 'python' && candidate === 'all' && !(names.includes('objects') || names.includes('query') || chain.includes('query') || chain.includes('select'))) return undefined;
  return candidate;
}

/**
 * The names of the handle a call chain starts from: `['as', 'db']` for `as.db.Preload("Author").Order("id").Find(…)`
 * (GORM chains its scopes as calls; `names` already holds them when the receiver is a plain chain of names).
 */
function chainRootNames(receiver: SgNode | undefined, names: readonly string[]): readonly string[] {
  if (names.length > 0 || !receiver) return names;
  let node: SgNode | undefined = receiver;
  for (let depth = 0; depth < 12 && node && CALL_KINDS.go.includes(kindOf(node)); depth++) node = callParts(node, 'go')?.receiver;
  return node ? receiverNames(node, 'go') : [];
}

/** SQLAlchemy's `text("SELECT …")` (also `sa.text`, `sqlalchemy.text`): the SQL it wraps. */
function sqlTextOf(arg: SgNode, family: RuleLanguage): string | undefined {
  if (family !== 'python' || kindOf(arg) !== 'call') return undefined;
  const parts = callParts(arg, 'python');
  return parts?.name === 'text' && parts.args.length === 1 ? literalText(parts.args[0]!, 'python') : undefined;
}

/** Declarations and in-place appends of a local, per family (`let sql = '…'`, `sql += '…'`). */
const LOCAL_DECLARATIONS: Partial<Record<RuleLanguage, { declaration: string; append: string }>> = {
  js: { declaration: 'variable_declarator', append: 'augmented_assignment_expression' },
  python: { declaration: 'assignment', append: 'augmented_assignment' },
};

/** Statements that make what they hold conditional. */
const BRANCH_KINDS: ReadonlySet<string> = new Set(['if_statement', 'else_clause', 'elif_clause', 'switch_statement', 'ternary_expression', 'conditional_expression', 'for_statement', 'while_statement']);

/**
 * SQL built in a local of the calling function (`let sql = 'SELECT … FROM orders'; if (status) sql += ' WHERE …'`):
 * the initial literal with the appends every call runs; a conditional filter leaves the whole table on
 * the other path. A `LIMIT` appended anywhere, even conditionally, counts (the query is paged somehow).
 * Undefined when the local does not start as a literal.
 */
function builtSqlOf(arg: SgNode, call: SgNode, family: RuleLanguage): string | undefined {
  const kinds = LOCAL_DECLARATIONS[family];
  if (!kinds || kindOf(arg) !== 'identifier') return undefined;
  const name = arg.text();
  const fn = enclosingFunction(call, family);
  if (!fn) return undefined;
  let initial: string | undefined;
  const appended: string[] = [];
  for (const node of fn.findAll({ rule: { any: [{ kind: kinds.declaration }, { kind: kinds.append }] } })) {
    const target = node.field('name') ?? node.field('left');
    const value = node.field('value') ?? node.field('right');
    if (!target || !value || target.text() !== name) continue;
    if (kindOf(node) !== kinds.append) {
      if (initial === undefined) initial = literalText(value, family);
      continue;
    }
    const text = value.text();
    if (/\b(limit|fetch|top)\b/i.test(text) || !isConditional(node, fn)) appended.push(text);
  }
  return initial === undefined ? undefined : [initial, ...appended].join(' ');
}

function isConditional(node: SgNode, fn: SgNode): boolean {
  const fnId = fn.id();
  for (let parent = node.parent(); parent && parent.id() !== fnId; parent = parent.parent()) if (BRANCH_KINDS.has(kindOf(parent))) return true;
  return false;
}

/** Declared types of repositories: TypeORM's `Repository<Product>`, `ProductRepository`, `MongoRepository<…>`, Spring Data's `InvoiceRepository`. */
const REPOSITORY_TYPE = /(Repository|Repo)\b/;

/**
 * Names the file declares with a repository type, whatever they are called: constructor parameters
 * and fields (`private readonly products: Repository<Product>`, `private final InvoiceRepository invoices;`).
 */
function typedRepositories(root: SgNode, family: RuleLanguage): Set<string> {
  const names = new Set<string>();
  if (family === 'js') {
    for (const node of root.findAll({ rule: { any: [{ kind: 'required_parameter' }, { kind: 'optional_parameter' }, { kind: 'public_field_definition' }] } })) {
      if (!REPOSITORY_TYPE.test(node.field('type')?.text() ?? '')) continue;
      const name = node.field('pattern') ?? node.field('name');
      if (name && kindOf(name) !== 'object_pattern') names.add(name.text());
    }
  } else if (family === 'java') {
    for (const field of root.findAll({ rule: { any: [{ kind: 'field_declaration' }, { kind: 'formal_parameter' }] } })) {
      if (!REPOSITORY_TYPE.test(field.field('type')?.text() ?? '')) continue;
      const declarators = kindOf(field) === 'formal_parameter' ? [field] : field.children().filter((child) => kindOf(child) === 'variable_declarator');
      for (const declarator of declarators) {
        const name = declarator.field('name')?.text();
        if (name) names.add(name);
      }
    }
  }
  return names;
}

/** The list query a call may be, judged without walking its chain. */
function candidateListQuery(parts: NonNullable<ReturnType<typeof callParts>>, names: readonly string[], family: RuleLanguage, repositories: () => ReadonlySet<string>): string | undefined {
  // A repository by its name (`articleRepository`), or by the type it was declared with (`products: Repository<Product>`).
  const isTypedRepo = () => names.length > 0 && repositories().has(names[names.length - 1]!);
  if (family === 'js') {
    const isModel = names.length === 1 && /^[A-Z][a-z]/.test(names[0]!);
    const isRepo = names.some((n) => /(Repository|Repo|repository|repo)$/.test(n)) || (names.length > 0 && isTypedRepo());
    if (parts.name === 'findAll' && (isModel || isRepo) && objectLacksBounds(parts.args[0])) return 'findAll';
    if (parts.name === 'findMany' && objectLacksBounds(parts.args[0])) return 'findMany';
    if (parts.name === 'find' && (isModel || isRepo) && (parts.args.length === 0 || (kindOf(parts.args[0]!) === 'object' && parts.args[0]!.children().filter((c) => kindOf(c) === 'pair').length === 0) || (isRepo && objectLacksBounds(parts.args[0])))) return 'find';
    return undefined;
  }
  if (family === 'python') return parts.name === 'all' ? 'all' : undefined;
  if (family === 'go') {
    if (parts.name === 'Find' && parts.args.length === 1 && chainRootNames(parts.receiver, names).some((n) => /^(db|DB|tx|gormDB)$/.test(n))) return 'Find';
    if (parts.name === 'Find' && parts.args.length === 2 && ['bson.M{}', 'bson.D{}'].includes(parts.args[1]!.text().replace(/\s+/g, ''))) return 'Find';
    return undefined;
  }
  if (parts.name === 'findAll' && parts.args.length === 0 && (names.some((n) => /(Repository|repository|Repo|repo)$/.test(n)) || isTypedRepo())) return 'findAll';
  if (parts.name === 'getResultList') return 'getResultList';
  // Quarkus Panache: `Item.listAll()` on the entity, `itemRepository.listAll()` on a repository.
  if ((parts.name === 'listAll' || parts.name === 'streamAll') && parts.args.length === 0) {
    const entity = names.length === 1 && /^[A-Z][a-z]/.test(names[0]!);
    if (entity || names.some((n) => /(Repository|repository|Repo|repo)$/.test(n)) || isTypedRepo()) return parts.name;
  }
  return undefined;
}

export const unboundedList = defineRule({
  id: 'pagination/unbounded-list',
  meta: {
    checklist: 'api.pagination',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A collection endpoint (GET without a trailing path parameter) whose handler returns a whole table (`findAll()`, `find({})`, `objects.all()`, `SELECT` without `LIMIT`) and reads no page, limit or cursor parameter.',
    rationale:
      'A list endpoint that returns every row works in development and fails in production: response size, memory and query time grow with the table, one client can load the database with a single request, and the contract cannot add paging later without breaking clients. Accept `limit` plus a cursor or page, cap the limit on the server, and return the next cursor.',
    messages: {
      unboundedList: {
        title: '{route} returns an unbounded collection',
        message: '`{call}` loads every matching row and the handler reads no `limit`/`page`/`cursor` parameter. Paginate: accept a limit (capped on the server) and a cursor or page, and return the next cursor.',
      },
    },
    options: z
      .object({ paginationParams: z.array(z.string()).default([]).describe('Extra words that count as pagination parameters (e.g. `size`).') })
      .strict(),
    examples: {
      js: {
        bad: "router.get('/articles', async (req, res) => {\n  const articles = await Article.findAll();\n  res.json(articles);\n});\n",
        good: "router.get('/articles', async (req, res) => {\n  const limit = Math.min(Number(req.query.limit ?? 20), 100);\n  const articles = await Article.findAll({ limit, offset: Number(req.query.offset ?? 0) });\n  res.json(articles);\n});\n",
        badRoutes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 4] }],
        goodRoutes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 5] }],
      },
      python: {
        bad: '@router.get("/articles")\ndef list_articles(db: Session = Depends(get_db)):\n    return db.query(Article).all()\n',
        good: '@router.get("/articles")\ndef list_articles(limit: int = 20, offset: int = 0, db: Session = Depends(get_db)):\n    return db.query(Article).offset(offset).limit(min(limit, 100)).all()\n',
        badRoutes: [{ method: 'GET', path: '/articles', line: 1 }],
        goodRoutes: [{ method: 'GET', path: '/articles', line: 1 }],
      },
      go: {
        bad: 'func listArticles(c *gin.Context) {\n\tvar articles []Article\n\tdb.Find(&articles)\n\tc.JSON(http.StatusOK, articles)\n}\n',
        good: 'func listArticles(c *gin.Context) {\n\tlimit, _ := strconv.Atoi(c.DefaultQuery("limit", "20"))\n\tvar articles []Article\n\tdb.Limit(limit).Find(&articles)\n\tc.JSON(http.StatusOK, articles)\n}\n',
        badRoutes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 5] }],
        goodRoutes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 6] }],
      },
      java: {
        bad: 'class ArticleController {\n  @GetMapping("/articles")\n  public List<Article> list() {\n    return articleRepository.findAll();\n  }\n}\n',
        good: 'class ArticleController {\n  @GetMapping("/articles")\n  public Page<Article> list(Pageable pageable) {\n    return articleRepository.findAll(pageable);\n  }\n}\n',
        badRoutes: [{ method: 'GET', path: '/articles', line: 2 }],
        goodRoutes: [{ method: 'GET', path: '/articles', line: 2 }],
      },
    },
  },
  plan(file) {
    return file.mentionsCall(...LIST_METHODS[file.family]) ? CALL_KINDS[file.family] : false;
  },
  checkFile(context) {
    const words = new Set([...DEFAULT_PAGINATION_WORDS, ...context.options.paginationParams.map((w) => w.toLowerCase().replace(/[^a-z]/g, ''))]);
    const family = context.family;
    let repositories: Set<string> | undefined;
    const typedRepos = () => (repositories ??= context.mentions('Repo') ? typedRepositories(context.root, family) : new Set());
    const fileSelects = context.mentionsAnyCase('select');
    // Unbounded queries first (few calls to judge); handlers only for files that have one.
    const unboundedCalls = context
      .callsNamed(LIST_METHOD_SETS[family])
      .filter((indexed) => mayBeUnbounded(indexed, family, fileSelects) && context.changedLines.has(lineOf(indexed.node)))
      .map((indexed) => ({ indexed, call: unboundedQuery(indexed.node, family, typedRepos) }))
      .filter((entry) => entry.call !== undefined);
    if (unboundedCalls.length === 0) return;
    const gateWords = [...words].map((word) => word.slice(0, 4));
    /** The first pagination word a function uses: in its parameters, identifiers or strings. */
    const paginationIn = (fn: SgNode, params: readonly string[]): string | undefined => {
      const candidates = [...params];
      // The identifier scan is costly: run it only when the function's text can contain a pagination word.
      const lower = fn.text().toLowerCase();
      if (gateWords.some((word) => lower.includes(word))) {
        for (const node of fn.findAll({ rule: { any: [...IDENTIFIER_KINDS[family], ...STRING_KINDS[family].filter((k) => k !== 'concatenated_string')].map((kind) => ({ kind })) } })) {
          candidates.push(literalText(node, family) ?? node.text());
        }
      }
      return candidates.find((word) => words.has(word.toLowerCase().replace(/[^a-z]/g, '')));
    };
    const inHandler = new Set<number>();
    for (const handler of context.handlers()) {
      const body = spanOf(handler.body);
      const inside = unboundedCalls.filter((entry) => isInside(entry.indexed, body));
      if (inside.length === 0) continue;
      for (const entry of inside) inHandler.add(entry.indexed.node.id());
      const unbounded: ListFacts['unbounded'] = inside.map((entry) => ({ line: lineOf(entry.indexed.node), endLine: endLineOf(entry.indexed.node), call: entry.call! }));
      const pagination = paginationIn(handler.node, [...handler.params, ...handler.inputParams]);
      context.keep({ startLine: handler.startLine, endLine: handler.endLine, unbounded, ...(pagination ? { pagination } : {}) } satisfies ListFacts);
    }
    // Layered code: the query sits in a service or repository method the handler calls. Keep each such
    // named method that reads no pagination word itself; `checkProject` links it to the handlers that call it.
    const byFunction = new Map<number, { fn: SgNode; name: string; unbounded: ListFacts['unbounded'] }>();
    for (const entry of unboundedCalls) {
      if (inHandler.has(entry.indexed.node.id())) continue;
      const fn = enclosingFunction(entry.indexed.node, family);
      const name = fn?.field('name')?.text();
      if (!fn || !name) continue;
      const group = byFunction.get(fn.id()) ?? { fn, name, unbounded: [] };
      group.unbounded.push({ line: lineOf(entry.indexed.node), endLine: endLineOf(entry.indexed.node), call: entry.call! });
      byFunction.set(fn.id(), group);
    }
    for (const { fn, name, unbounded } of byFunction.values()) {
      if (paginationIn(fn, [])) continue;
      context.keep({ startLine: lineOf(fn), endLine: endLineOf(fn), unbounded, callee: name } satisfies ListFacts);
    }
  },
  async checkProject(context) {
    const sources = await readHandlerSources(context);
    paginationEvidence.set(context, paginationWordsIn(sources, context.options.paginationParams));
    const handlerFacts = (path: string) => (context.kept(path) as readonly ListFacts[]).filter((facts) => !facts.callee);
    const callees = [...context.changedLines.keys()].flatMap((path) => (context.kept(path) as readonly ListFacts[]).filter((facts) => facts.callee).map((facts) => ({ path, facts })));
    for (const change of context.routeChanges) {
      if ((change.kind !== 'added' && change.kind !== 'modified') || !isCollectionGet(change.route)) continue;
      const ref = routeRefOf(change.route);
      const facts = factsForRoute(change.route, handlerFacts);
      if (facts?.pagination) continue;
      if (facts && facts.unbounded.length > 0) {
        const first = facts.unbounded[0]!;
        context.report({ path: change.route.handler?.file ?? change.route.file, messageId: 'unboundedList', data: { route: routeNameOf(change.route), call: first.call }, line: first.line, endLine: first.endLine, routeRef: ref });
        continue;
      }
      // Layers down: a method this handler calls (`this.articles.findAll(`) that reads a whole table, or
      // one deeper in the route's call chain (route → service → repository), as the service map links it.
      const source = sources.get(ref);
      if (!source || paginationEvidence.get(context)?.has(ref)) continue;
      const callee = callees.find(({ facts: f }) => source.includes(`.${f.callee}(`)) ?? calleeInChain(context.services.chains.find((chain) => chain.route === routeKey(change.route))?.chain, callees);
      if (!callee) continue;
      const first = callee.facts.unbounded[0]!;
      context.report({ path: callee.path, messageId: 'unboundedList', data: { route: routeNameOf(change.route), call: first.call }, line: first.line, endLine: first.endLine, routeRef: ref });
    }
  },
  assess(change, context) {
    if (!isCollectionGet(change.route)) return { status: 'not-applicable', evidence: change.route.method === 'GET' ? 'single resource' : 'not a listing' };
    const facts = factsForRoute(change.route, (path) => (context.kept(path) as readonly ListFacts[]).filter((f) => !f.callee));
    const word = facts?.pagination ?? paginationEvidence.get(context)?.get(routeRefOf(change.route));
    return word ? { status: 'satisfied', evidence: `pagination: ${word} param` } : undefined;
  },
});

/** The first function below the handler in a route's call chain that is a kept unbounded callee (by file and line). */
function calleeInChain(chain: ChainStep | undefined, callees: ReadonlyArray<{ path: string; facts: ListFacts }>, depth = 0): { path: string; facts: ListFacts } | undefined {
  if (!chain || depth > 4) return undefined;
  for (const step of chain.calls) {
    const found = callees.find(({ path, facts }) => path === step.file && facts.startLine <= step.line && step.line <= facts.endLine) ?? calleeInChain(step, callees, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Matrix evidence per changed collection route, found in the handler's source text (trees are gone by now). */
const paginationEvidence = new WeakMap<object, Map<string, string>>();

/** The source text of each changed collection route's handler, by route reference. */
async function readHandlerSources(context: Parameters<NonNullable<typeof unboundedList.checkProject>>[0]): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  const texts = new Map<string, string[] | undefined>();
  for (const change of context.routeChanges) {
    if ((change.kind !== 'added' && change.kind !== 'modified') || !isCollectionGet(change.route) || !change.route.handler) continue;
    const { file, startLine, endLine } = change.route.handler;
    if (!texts.has(file)) texts.set(file, (await context.headTree.read(file))?.split('\n'));
    const lines = texts.get(file);
    if (lines) sources.set(routeRefOf(change.route), lines.slice(startLine - 1, endLine).join('\n'));
  }
  return sources;
}

/** The first pagination word each handler's source contains, by route reference. */
function paginationWordsIn(sources: ReadonlyMap<string, string>, extra: readonly string[]): Map<string, string> {
  const evidence = new Map<string, string>();
  const words = [...DEFAULT_PAGINATION_WORDS, ...extra.map((w) => w.toLowerCase())].filter((w) => w.length > 4 || ['page', 'take', 'skip'].includes(w));
  for (const [ref, source] of sources) {
    const lower = source.toLowerCase();
    const word = words.find((w) => lower.includes(w));
    if (word) evidence.set(ref, word);
  }
  return evidence;
}

function isCollectionGet(route: { method: string; path: string; framework: string }): boolean {
  return route.method === 'GET' && !endsWithParam(route.path) && !isOperationalPath(route.path) && !['grpc', 'graphql', 'openapi'].includes(route.framework);
}
