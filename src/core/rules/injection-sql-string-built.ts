import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { defineRule, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts } from './support/call-parts.js';
import { lineSpanOf } from './support/line-span.js';
import { looksLikeSql } from './support/built-string.js';
import { InsertedValueClassifier } from './support/inserted-value-classifier.js';

/** Query methods per family → index of the SQL argument. */
const SQL_SINKS: Record<RuleLanguage, Readonly<Record<string, number>>> = {
  js: { query: 0, execute: 0, raw: 0, $queryRawUnsafe: 0, $executeRawUnsafe: 0, unsafe: 0, whereRaw: 0, orWhereRaw: 0, havingRaw: 0, orderByRaw: 0, joinRaw: 0, literal: 0 },
  python: { execute: 0, executemany: 0, executescript: 0, raw: 0, text: 0, exec_driver_sql: 0, read_sql: 0, read_sql_query: 0, RawSQL: 0, fetch: 0, fetchrow: 0, fetchval: 0 },
  go: {
    Query: 0, QueryRow: 0, Exec: 0, QueryContext: 1, QueryRowContext: 1, ExecContext: 1, Prepare: 0, PrepareContext: 1, Raw: 0, Where: 0, Order: 0, Having: 0,
    Queryx: 0, QueryRowx: 0, MustExec: 0, Select: 1, Get: 1, SelectContext: 2, GetContext: 2, QueryxContext: 1,
  },
  java: {
    query: 0, queryForObject: 0, queryForList: 0, queryForMap: 0, queryForRowSet: 0, update: 0, execute: 0, executeQuery: 0, executeUpdate: 0,
    prepareStatement: 0, createQuery: 0, createNativeQuery: 0, batchUpdate: 0, addBatch: 0,
  },
};

/**
 * Position of the SQL argument. pgx (`pool.Query(ctx, sql, …)`, `Exec`, `QueryRow`) takes a context
 * first where database/sql's methods of the same names take the SQL: a context argument moves it one on.
 */
function sqlArgumentIndex(name: string, args: readonly SgNode[], family: RuleLanguage): number {
  const index = SQL_SINKS[family][name]!;
  const first = args[index];
  return family === 'go' && first && isGoContext(first) ? index + 1 : index;
}

/** `ctx`, `r.Context()`, `c.Request.Context()`, `context.Background()`, `context.TODO()`. */
function isGoContext(node: SgNode): boolean {
  const text = node.text();
  return /^(ctx|\w+Ctx|context\.(Background|TODO)\(\))$/.test(text) || /\.Context\(\)$/.test(text);
}

/** Sinks that take a fragment (a WHERE or ORDER BY clause), so the text need not read as a whole statement. */
const FRAGMENT_SINKS = new Set(['whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'joinRaw', 'Where', 'Order', 'Having', 'literal']);

export const sqlStringBuilt = defineRule({
  id: 'injection/sql-string-built',
  meta: {
    checklist: 'security.injection',
    severity: 'high',
    languages: ['js', 'python', 'go', 'java'],
    description: 'SQL assembled from strings (template literal, concatenation, f-string, `%`, `.format`, `fmt.Sprintf`, `String.format`) with a value from the request or from a parameter.',
    rationale:
      'A value spliced into SQL text is parsed as SQL: a quote in it ends the literal and the rest runs as the attacker writes it. Every driver offers placeholders (`$1`, `?`, `%s` parameters, `:name`, tagged templates) that send values apart from the statement. The rule reports only when an inserted value is client input or a parameter of the function; constants and whitelisted lookups are left alone.',
    messages: {
      requestInput: {
        title: 'SQL built from request input',
        message: 'The query passed to `{sink}` is assembled from `{value}`, which comes from the request. Pass it as a bound parameter (placeholders) instead of splicing it into the SQL text.',
        severity: 'critical',
      },
      parameterInput: {
        title: 'SQL built by string interpolation',
        message: 'The query passed to `{sink}` splices `{value}` into the SQL text. Any caller that passes user input makes this injectable; use placeholders and bound parameters.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "app.get('/users', async (req, res) => {\n  const rows = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);\n  res.json(rows);\n});\n",
        good: "app.get('/users', async (req, res) => {\n  const rows = await pool.query('SELECT * FROM users WHERE name = $1', [req.query.name]);\n  res.json(rows);\n});\n",
      },
      python: {
        bad: '@app.get("/users")\ndef list_users(name: str):\n    cursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n    return cursor.fetchall()\n',
        good: '@app.get("/users")\ndef list_users(name: str):\n    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))\n    return cursor.fetchall()\n',
      },
      go: {
        bad: 'func getUser(w http.ResponseWriter, r *http.Request) {\n\tname := r.URL.Query().Get("name")\n\trows, _ := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = \'%s\'", name))\n\tdefer rows.Close()\n}\n',
        good: 'func getUser(w http.ResponseWriter, r *http.Request) {\n\tname := r.URL.Query().Get("name")\n\trows, _ := db.Query("SELECT * FROM users WHERE name = $1", name)\n\tdefer rows.Close()\n}\n',
      },
      java: {
        bad: '@GetMapping("/users")\npublic List<User> find(@RequestParam String name) {\n    return jdbcTemplate.query("SELECT * FROM users WHERE name = \'" + name + "\'", mapper);\n}\n',
        good: '@GetMapping("/users")\npublic List<User> find(@RequestParam String name) {\n    return jdbcTemplate.query("SELECT * FROM users WHERE name = ?", mapper, name);\n}\n',
      },
    },
  },
  plan(file) {
    const names = SINK_NAMES[file.family];
    if (!file.mentions(...names) || !file.mentions('${', '+', '%', 'format', 'Sprintf', 'f"', "f'")) return false;
    return file.mentionsCall(...names) ? CALL_KINDS[file.family] : false;
  },
  checkFile(context) {
    const sinks = SQL_SINKS[context.family];
    const classifier = new InsertedValueClassifier(context.family, () => context.handlers());
    for (const { node: call } of context.callsNamed(SINK_NAME_SETS[context.family])) {
      const parts = callParts(call, context.family);
      if (!parts || parts.isTagged || !(parts.name in sinks)) continue;
      // `text(...)` in Python is SQLAlchemy's only when called bare or on sqlalchemy; anything else is a method call.
      if (!parts.receiver && context.family !== 'python' && parts.name !== 'literal') continue;
      const argument = parts.args[sqlArgumentIndex(parts.name, parts.args, context.family)];
      if (!argument) continue;
      const { line, endLine } = lineSpanOf(call);
      if (!context.isAdded(line, endLine)) continue;
      const inserted = classifier.classify(argument);
      if (!inserted) continue;
      if (!FRAGMENT_SINKS.has(parts.name) && !looksLikeSql(inserted.built.literal)) continue;
      context.report({
        messageId: inserted.origin === 'request' ? 'requestInput' : 'parameterInput',
        data: { sink: parts.name, value: inserted.text },
        line,
        endLine,
      });
    }
  },
});

const SINK_NAMES: Record<RuleLanguage, readonly string[]> = {
  js: Object.keys(SQL_SINKS.js),
  python: Object.keys(SQL_SINKS.python),
  go: Object.keys(SQL_SINKS.go),
  java: Object.keys(SQL_SINKS.java),
};
const SINK_NAME_SETS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(SINK_NAMES.js),
  python: new Set(SINK_NAMES.python),
  go: new Set(SINK_NAMES.go),
  java: new Set(SINK_NAMES.java),
};
