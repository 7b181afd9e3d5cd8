import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import { defineRule, type FileView, type RuleLanguage } from './types.js';
import { callParts } from './support/call-parts.js';
import type { HandlerInfo } from './support/find-handlers.js';
import { javaAnnotationName } from './support/find-handlers.js';
import { kindOf } from './support/kind-of.js';
import { isNonServicePath } from './support/path-kind.js';
import { statementText, topLevelStatements } from '../source/top-level.js';

const JS_MUTATORS = new Set(['set', 'push', 'add', 'delete', 'clear', 'splice', 'unshift', 'pop', 'shift']);
const PY_MUTATORS = new Set(['append', 'add', 'update', 'setdefault', 'pop', 'popitem', 'clear', 'extend', 'insert', 'remove', 'discard', 'appendleft']);
const PY_CONTAINER_CALLS = new Set(['dict', 'list', 'set', 'defaultdict', 'OrderedDict', 'Counter', 'deque']);
const GO_SYNC_MAP_MUTATORS = new Set(['Store', 'LoadOrStore', 'Delete', 'Swap', 'LoadAndDelete']);
const JAVA_CONTAINERS = new Set(['HashMap', 'ConcurrentHashMap', 'ArrayList', 'HashSet', 'LinkedHashMap', 'TreeMap', 'LinkedList', 'CopyOnWriteArrayList', 'ConcurrentLinkedQueue', 'ConcurrentSkipListMap', 'AtomicInteger', 'AtomicLong']);
const JAVA_MUTATORS = new Set(['put', 'putIfAbsent', 'computeIfAbsent', 'compute', 'merge', 'add', 'remove', 'clear', 'addAll', 'putAll', 'incrementAndGet', 'getAndIncrement', 'addAndGet', 'decrementAndGet', 'offer']);

/** Module-level (package-level, class-field) names that hold mutable containers or counters. */
function moduleState(file: FileView, family: RuleLanguage): Set<string> {
  const names = new Set<string>();
  const root = file.root;
  if (family === 'js') {
    for (const entry of topLevelStatements(root)) {
      const { node: statement, kind: statementKind } = entry;
      if (statementKind !== 'export_statement' && statementKind !== 'lexical_declaration' && statementKind !== 'variable_declaration') continue;
      // A container or counter needs empty brackets, `Map`/`Set` or `let` in the statement's text.
      const text = statementText(entry);
      if (!hasEmptyBrackets(text) && !text.includes('Map') && !text.includes('Set') && !text.includes('let')) continue;
      const declaration = statementKind === 'export_statement' ? statement.field('declaration') : statement;
      if (!declaration || !['lexical_declaration', 'variable_declaration'].includes(kindOf(declaration))) continue;
      for (const declarator of declaration.children().filter((c) => kindOf(c) === 'variable_declarator')) {
        const name = declarator.field('name');
        const value = declarator.field('value');
        if (name?.kind() !== 'identifier' || !value) continue;
        const kind = kindOf(value);
        // Caches and stores start empty; a filled object literal is configuration or a service object.
        const isContainer = ((kind === 'object' || kind === 'array') && value.namedChildren().length === 0) || (kind === 'new_expression' && ['Map', 'Set'].includes(value.field('constructor')?.text() ?? ''));
        const isCounter = kind === 'number' && declaration.child(0)?.text() === 'let';
        if (isContainer || isCounter) names.add(name.text());
      }
    }
  } else if (family === 'python') {
    for (const entry of topLevelStatements(root)) {
      if (entry.kind !== 'expression_statement') continue;
      const statement = entry.node;
      // An empty literal or a container call is in the statement's text.
      const text = statementText(entry);
      if (!hasEmptyBrackets(text) && ![...PY_CONTAINER_CALLS].some((name) => text.includes(name))) continue;
      const assignment = statement.child(0);
      if (!assignment || kindOf(assignment) !== 'assignment') continue;
      const left = assignment.field('left');
      const right = assignment.field('right');
      if (left?.kind() !== 'identifier' || !right) continue;
      const kind = kindOf(right);
      const emptyLiteral = ['dictionary', 'list'].includes(kind) && right.namedChildren().length === 0;
      if (emptyLiteral || (kind === 'call' && PY_CONTAINER_CALLS.has(right.field('function')?.text().split('.').pop() ?? ''))) names.add(left.text());
    }
  } else if (family === 'go') {
    for (const { node: statement } of topLevelStatements(root).filter((entry) => entry.kind === 'var_declaration')) {
      for (const spec of statement.findAll({ rule: { kind: 'var_spec' } })) {
        const name = spec.field('name')?.text();
        if (!name) continue;
        const type = spec.field('type')?.text();
        const value = spec.field('value')?.child(0);
        const isMap = value && ((kindOf(value) === 'composite_literal' && ['map_type', 'slice_type'].includes(value.field('type') ? kindOf(value.field('type')!) : '')) || (kindOf(value) === 'call_expression' && value.field('function')?.text() === 'make'));
        if (isMap || type === 'sync.Map') names.add(name);
      }
    }
  } else {
    for (const field of file.nodes('field_declaration')) {
      for (const declarator of field.children().filter((c) => kindOf(c) === 'variable_declarator')) {
        const value = declarator.field('value');
        const type = value && kindOf(value) === 'object_creation_expression' ? value.field('type') : undefined;
        const typeName = type ? (kindOf(type) === 'generic_type' ? type.child(0)?.text() : type.text()) : undefined;
        if (typeName && JAVA_CONTAINERS.has(typeName)) names.add(declarator.field('name')?.text() ?? '');
      }
    }
  }
  names.delete('');
  return names;
}

/** The module-level name a statement inside a handler writes to, if it writes one of `names`. */
function writtenName(node: SgNode, family: RuleLanguage, names: ReadonlySet<string>): string | undefined {
  const kind = kindOf(node);
  const rootName = (target: SgNode | null | undefined): string | undefined => {
    let current = target;
    while (current && ['subscript_expression', 'member_expression', 'subscript', 'index_expression', 'field_access'].includes(kindOf(current))) {
      current = current.field('object') ?? current.field('value') ?? current.field('operand');
    }
    if (current && kindOf(current) === 'this' && target && kindOf(target) === 'field_access') return target.field('field')?.text();
    return current && kindOf(current) === 'identifier' && names.has(current.text()) ? current.text() : undefined;
  };
  if (family === 'js') {
    if (kind === 'call_expression') {
      const parts = callParts(node, 'js');
      return parts && JS_MUTATORS.has(parts.name) && parts.receiver && kindOf(parts.receiver) === 'identifier' && names.has(parts.receiver.text()) ? parts.receiver.text() : undefined;
    }
    if (kind === 'assignment_expression' || kind === 'augmented_assignment_expression') {
      const left = node.field('left');
      if (left && kindOf(left) === 'identifier') return kind === 'augmented_assignment_expression' && names.has(left.text()) ? left.text() : undefined;
      return rootName(left);
    }
    if (kind === 'update_expression') return rootName(node.field('argument'));
    if (kind === 'unary_expression' && node.child(0)?.text() === 'delete') return rootName(node.field('argument'));
    return undefined;
  }
  if (family === 'python') {
    if (kind === 'call') {
      const parts = callParts(node, 'python');
      return parts && PY_MUTATORS.has(parts.name) && parts.receiver && kindOf(parts.receiver) === 'identifier' && names.has(parts.receiver.text()) ? parts.receiver.text() : undefined;
    }
    if (kind === 'assignment' || kind === 'augmented_assignment') {
      const left = node.field('left');
      return left && kindOf(left) === 'subscript' ? rootName(left) : undefined;
    }
    if (kind === 'delete_statement') return rootName(node.child(1));
    return undefined;
  }
  if (family === 'go') {
    if (kind === 'inc_statement' || kind === 'dec_statement') return rootName(node.child(0));
    if (kind === 'assignment_statement') {
      const left = node.field('left')?.child(0);
      if (left && kindOf(left) === 'index_expression') return rootName(left);
      // xs = append(xs, …)
      const right = node.field('right')?.child(0);
      if (left && kindOf(left) === 'identifier' && names.has(left.text()) && right?.field('function')?.text() === 'append') return left.text();
      return undefined;
    }
    if (kind === 'call_expression') {
      const parts = callParts(node, 'go');
      if (parts?.name === 'delete' && !parts.receiver && parts.args[0] && names.has(parts.args[0].text())) return parts.args[0].text();
      if (parts && GO_SYNC_MAP_MUTATORS.has(parts.name) && parts.receiver && names.has(parts.receiver.text())) return parts.receiver.text();
    }
    return undefined;
  }
  if (kind === 'method_invocation') {
    const parts = callParts(node, 'java');
    if (!parts || !JAVA_MUTATORS.has(parts.name) || !parts.receiver) return undefined;
    const receiver = kindOf(parts.receiver) === 'field_access' && parts.receiver.field('object')?.text() === 'this' ? parts.receiver.field('field')?.text() : parts.receiver.text();
    return receiver && names.has(receiver) ? receiver : undefined;
  }
  return undefined;
}

const WRITE_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['call_expression', 'assignment_expression', 'augmented_assignment_expression', 'update_expression', 'unary_expression'],
  python: ['call', 'assignment', 'augmented_assignment', 'delete_statement'],
  go: ['assignment_statement', 'call_expression', 'inc_statement', 'dec_statement'],
  java: ['method_invocation'],
};

/** Names a handler declares itself (they shadow module-level ones). */
function localNames(handler: HandlerInfo, family: RuleLanguage): Set<string> {
  const locals = new Set(handler.params);
  const kinds = family === 'js' ? ['variable_declarator'] : family === 'go' ? ['short_var_declaration'] : family === 'java' ? ['variable_declarator'] : [];
  for (const declaration of kinds.length ? handler.body.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } }) : []) {
    const target = declaration.field('name') ?? declaration.field('left');
    for (const name of target ? [target, ...target.findAll({ rule: { kind: 'identifier' } })] : []) if (kindOf(name) === 'identifier') locals.add(name.text());
  }
  return locals;
}

function isJavaStatefulBean(file: FileView): boolean {
  return file.nodes('class_declaration').some((c) =>
    c.children().some((m) => kindOf(m) === 'modifiers' && m.children().some((a) => ['RestController', 'Controller'].includes(javaAnnotationName(a)))),
  );
}

export const moduleStateInHandler = defineRule({
  id: 'stateless/module-state-in-handler',
  meta: {
    checklist: 'scale.stateless',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A request handler writes to module-level (package-level, singleton-field) state: a map, list, set or counter used as cache, session store or tally.',
    rationale:
      'State kept in a process\'s memory exists once per instance: behind a load balancer each replica sees a different cache, sessions and counters, a restart or deploy loses them, and nothing bounds their growth. Put shared state in a shared store (Redis, the database) or make it explicitly per-instance and bounded (an LRU with a TTL) when only a local cache is meant.',
    messages: {
      moduleState: {
        title: 'Request handler writes to in-memory state `{name}`',
        message: '`{name}` lives in the process, and this handler writes to it: every replica holds a different copy, restarts lose it and nothing bounds its size. Keep shared state in Redis or the database, or use a bounded per-instance cache if that is the intent.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "const sessions = {};\n\napp.post('/login', async (req, res) => {\n  const user = await users.verify(req.body);\n  sessions[user.id] = { at: Date.now() };\n  res.json({ ok: true });\n});\n",
        good: "app.post('/login', async (req, res) => {\n  const user = await users.verify(req.body);\n  await redis.set(`session:${user.id}`, JSON.stringify({ at: Date.now() }), 'EX', 3600);\n  res.json({ ok: true });\n});\n",
      },
      python: {
        bad: 'cache = {}\n\n@app.get("/rates/{code}")\ndef rate(code: str):\n    if code not in cache:\n        cache[code] = fetch_rate(code)\n    return cache[code]\n',
        good: '@app.get("/rates/{code}")\ndef rate(code: str):\n    cached = redis.get(f"rate:{code}")\n    if cached is None:\n        cached = fetch_rate(code)\n        redis.setex(f"rate:{code}", 300, cached)\n    return cached\n',
      },
      go: {
        bad: 'package api\n\nvar visits = map[string]int{}\n\nfunc track(w http.ResponseWriter, r *http.Request) {\n\tvisits[r.URL.Path]++\n}\n',
        good: 'package api\n\nfunc track(w http.ResponseWriter, r *http.Request) {\n\trdb.Incr(r.Context(), "visits:"+r.URL.Path)\n}\n',
      },
      java: {
        bad: '@RestController\nclass CartController {\n  private final Map<String, Cart> carts = new ConcurrentHashMap<>();\n\n  @PostMapping("/carts")\n  public Cart create(@RequestBody Cart cart) {\n    carts.put(cart.id(), cart);\n    return cart;\n  }\n}\n',
        good: '@RestController\nclass CartController {\n  private final CartRepository carts;\n\n  @PostMapping("/carts")\n  public Cart create(@RequestBody Cart cart) {\n    return carts.save(cart);\n  }\n}\n',
      },
    },
  },
  plan(file) {
    const family = file.family;
    if (isNonServicePath(file.path) || !file.mentions(...GATES[family])) return false;
    // Module state needs an empty container literal, a container constructor, a `let` counter or a `var`.
    if (family === 'js' && !file.mentionsName('Map', 'Set', 'let') && !hasEmptyBrackets(file.text)) return false;
    if (family === 'python' && !file.mentionsCall(...PY_CONTAINER_CALLS) && !hasEmptyBrackets(file.text)) return false;
    if (family === 'go' && !file.mentionsName('var')) return false;
    return family === 'java' ? ['class_declaration', 'field_declaration'] : [];
  },
  checkFile(context) {
    if (context.family === 'java' && !isJavaStatefulBean(context)) return;
    const names = moduleState(context, context.family);
    if (names.size === 0) return;
    const reported = new Set<string>();
    for (const handler of context.handlers()) {
      const locals = localNames(handler, context.family);
      const visible = new Set([...names].filter((name) => !locals.has(name)));
      if (visible.size === 0) continue;
      for (const node of handler.body.findAll({ rule: { any: WRITE_KINDS[context.family].map((kind) => ({ kind })) } })) {
        const name = writtenName(node, context.family, visible);
        const line = lineOf(node);
        if (!name || reported.has(name) || !context.changedLines.has(line)) continue;
        reported.add(name);
        context.report({ messageId: 'moduleState', data: { name }, line });
      }
    }
  },
});

const GATES: Record<RuleLanguage, readonly string[]> = {
  js: ['{}', '[]', 'new Map', 'new Set', 'let ', '= {', '= ['],
  python: ['= {', '= [', 'dict(', 'set(', 'list(', 'defaultdict', 'Counter(', 'deque(', 'OrderedDict'],
  go: ['map[', 'make(', 'sync.Map', '[]'],
  java: [...JAVA_CONTAINERS].map((name) => `new ${name}`),
};

/**
 * True when the text has an empty `{}` or `[]` (spaces, line breaks and commas inside allowed): an
 * empty container literal has nothing else between its brackets.
 */
function hasEmptyBrackets(text: string): boolean {
  if (text.includes('{}') || text.includes('[]')) return true;
  for (const [open, close] of [['{', 125], ['[', 93]] as const) {
    for (let at = text.indexOf(open); at !== -1; at = text.indexOf(open, at + 1)) {
      let next = at + 1;
      while (next < text.length && isBlankOrComma(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) === close) return true;
    }
  }
  return false;
}

/** Characters a grammar skips between tokens (Unicode spaces, line continuations) and commas. */
function isBlankOrComma(code: number): boolean {
  return code <= 32 || code === 44 || code === 92 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x2060 || code === 0x3000 || code === 0xfeff;
}
