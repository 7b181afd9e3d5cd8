import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { endLineOf, lineOf } from '../source/language.js';
import { defineRule, type FileRuleContext, type FileView, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts, keywordArgument } from './support/call-parts.js';
import { enclosingHandler, javaAnnotationName, javaAnnotations, type HandlerInfo } from './support/find-handlers.js';
import { functionParamNames } from './support/input-taint.js';
import { kindOf } from './support/kind-of.js';

type MessageId = 'internalMessage' | 'stackTrace';
type Exposure = 'message' | 'stack';

/** Status expressions that mean "server error" besides 5xx literals. */
const SERVER_ERROR_NAMES = ['INTERNAL_SERVER_ERROR', 'StatusInternalServerError', 'StatusBadGateway', 'StatusServiceUnavailable', 'StatusGatewayTimeout', 'HTTP_500', 'HTTP_502', 'HTTP_503', 'HTTP_504'];

/** True when an expression is a 5xx status: `500`, `http.StatusInternalServerError`, `HttpStatus.INTERNAL_SERVER_ERROR`. */
function isServerErrorStatus(node: SgNode | undefined | null): boolean {
  if (!node) return false;
  const text = node.text().trim();
  if (/^5\d\d$/.test(text)) return true;
  return SERVER_ERROR_NAMES.some((name) => text.endsWith(name) || text.includes(`.${name}`));
}

/** A catch/except block (or error middleware / exception handler) and the name its error has there. */
interface ErrorScope {
  body: SgNode;
  name: string;
}

/**
 * Catch/except blocks (and error middleware, exception handlers) that may send a response: a clause
 * whose text has none of `responseWords` cannot hold a response call, and is skipped before its parts
 * are read.
 */
function errorScopes(file: FileView, responseWords: readonly string[], mayHaveErrorMiddleware = false): ErrorScope[] {
  const scopes: ErrorScope[] = [];
  const family = file.family;
  const mayRespond = (node: SgNode) => {
    const text = node.text();
    return responseWords.some((word) => text.includes(word));
  };
  if (family === 'js') {
    for (const clause of file.nodes('catch_clause')) {
      if (!mayRespond(clause)) continue;
      const name = clause.field('parameter');
      const body = clause.field('body');
      if (name?.kind() === 'identifier' && body) scopes.push({ body, name: name.text() });
    }
    // Express error middleware: (err, req, res, next) => …
    // Parameter lists are read from JavaScript (first name, then count): cheaper than a structural rule.
    // Every error name starts with `e`, the first character after the parenthesis and spaces.
    const middleware = mayHaveErrorMiddleware
      ? file.nodes('formal_parameters').filter((list) => list.text().slice(1).trimStart().startsWith('e') && /^(err|error|e|ex|exception)$/.test(list.child(1)?.text() ?? '')).map((list) => list.parent())
      : [];
    for (const fn of middleware) {
      if (!fn || !['arrow_function', 'function_declaration', 'function_expression'].includes(kindOf(fn))) continue;
      const params = functionParamNames(fn, 'js');
      if (params.length === 4 && /^(err|error|e|ex|exception)$/.test(params[0]!) && /^(res|response|reply)$/.test(params[2]!)) {
        const body = fn.field('body');
        if (body && mayRespond(body)) scopes.push({ body, name: params[0]! });
      }
    }
  } else if (family === 'python') {
    for (const clause of file.nodes('except_clause')) {
      const target = clause.find({ rule: { kind: 'as_pattern_target' } });
      const body = clause.children().find((c) => c.kind() === 'block');
      if (target && body) scopes.push({ body, name: target.text() });
    }
  } else if (family === 'java') {
    for (const clause of file.nodes('catch_clause')) {
      if (!mayRespond(clause)) continue;
      const name = clause.find({ rule: { kind: 'catch_formal_parameter' } })?.field('name');
      const body = clause.field('body');
      if (name && body) scopes.push({ body, name: name.text() });
    }
    // Javalin exception handlers: `app.exception(Exception.class, (e, ctx) -> ctx.status(500).result(…))`.
    for (const { node: call } of file.mentions('.exception(') ? file.callsNamed(JAVA_EXCEPTION_HANDLER_CALLS) : []) {
      const handler = callParts(call, 'java')?.args.find((arg) => kindOf(arg) === 'lambda_expression');
      const first = handler && javaLambdaParamNames(handler)[0];
      const body = handler?.field('body');
      if (first && body && mayRespond(body)) scopes.push({ body, name: first });
    }
    for (const method of file.mentions('ExceptionHandler') ? file.nodes('method_declaration') : []) {
      if (!method.text().includes('ExceptionHandler') || !javaAnnotations(method).some((a) => javaAnnotationName(a) === 'ExceptionHandler')) continue;
      const first = functionParamNames(method, 'java')[0];
      const body = method.field('body');
      if (first && body && mayRespond(body)) scopes.push({ body, name: first });
    }
  }
  return scopes;
}

const JAVA_EXCEPTION_HANDLER_CALLS: ReadonlySet<string> = new Set(['exception']);

/** Parameter names of a Java lambda: `e -> …`, `(e, ctx) -> …`, `(Exception e, Context ctx) -> …`. */
function javaLambdaParamNames(lambda: SgNode): string[] {
  const params = lambda.field('parameters') ?? lambda.children()[0];
  if (!params) return [];
  if (kindOf(params) === 'identifier') return [params.text()];
  return params.children().filter((p) => p.isNamed()).map((p) => (kindOf(p) === 'identifier' ? p.text() : (p.field('name')?.text() ?? '')));
}

/** What of the error `name` an expression sends: its stack, its message, or nothing. */
function exposureIn(nodes: readonly SgNode[], name: string, family: RuleLanguage): Exposure | undefined {
  let found: Exposure | undefined;
  for (const node of nodes) {
    for (const identifier of [node, ...node.findAll({ rule: { kind: 'identifier' } })]) {
      if (identifier.kind() !== 'identifier' || identifier.text() !== name) continue;
      // `(err as Error).message`: look through casts and parentheses.
      let value: SgNode = identifier;
      let parent = identifier.parent();
      while (parent && ['as_expression', 'parenthesized_expression', 'non_null_expression', 'cast_expression', 'satisfies_expression'].includes(kindOf(parent))) {
        value = parent;
        parent = parent.parent();
      }
      const member = parent && memberName(parent, value, family);
      if (member === 'stack' || member === 'getStackTrace' || member === 'format_exception' || member === 'print_exc') return 'stack';
      if (member === undefined || ['message', 'sqlMessage', 'detail', 'getMessage', 'getLocalizedMessage', 'toString', 'args', 'Error', 'getCause'].includes(member ?? '')) found = 'message';
    }
    if (family === 'python' && node.findAll({ rule: { kind: 'call' } }).some((call) => call.field('function')?.text() === 'traceback.format_exc')) return 'stack';
    if (family === 'java' && node.findAll({ rule: { kind: 'method_invocation' } }).some((call) => call.field('name')?.text() === 'getStackTrace' && call.field('object')?.text() === 'ExceptionUtils')) return 'stack';
  }
  return found;
}

/** `err.message` → 'message'; `err` as a value → undefined; `err` as the object of something else → ''. */
function memberName(parent: SgNode, identifier: SgNode, family: RuleLanguage): string | undefined {
  const kind = kindOf(parent);
  const objectField = family === 'go' ? 'operand' : 'object';
  if (['member_expression', 'attribute', 'selector_expression', 'field_access', 'method_invocation'].includes(kind)) {
    if (parent.field(objectField)?.id() !== identifier.id()) return '';
    return (parent.field('property') ?? parent.field('attribute') ?? parent.field('field') ?? parent.field('name'))?.text() ?? '';
  }
  // str(e), repr(e), String(err): the whole error as text.
  return undefined;
}

function report(context: FileRuleContext<MessageId, unknown, unknown>, node: SgNode, exposure: Exposure | undefined, serverError: boolean): void {
  if (exposure === 'stack') context.report({ messageId: 'stackTrace', line: lineOf(node), endLine: endLineOf(node) });
  else if (exposure === 'message' && serverError) context.report({ messageId: 'internalMessage', line: lineOf(node), endLine: endLineOf(node) });
}

/**
 * Error middleware names its last parameter `next`, and its first (alone, before a comma) one of the
 * error names: without both in the text, no need to look for it.
 */
function mayHaveErrorMiddleware(file: FileView): boolean {
  return file.mentions('next') && file.mentionsLeadingParameter('err', 'error', 'e', 'ex', 'exception');
}

const JS_RESPONSE_CALLS = new Set(['json', 'send', 'end', 'write', 'InternalServerErrorException', 'HttpException']);
/**
 * What a Java response call is named: `ResponseEntity.status(…).body(…)`, `new ResponseEntity<>(…)`,
 * `new ResponseStatusException(…)`; Javalin `ctx.status(500).result(…)`/`.json(…)`; Vert.x
 * `ctx.response().setStatusCode(500).end(…)`.
 */
const JAVA_RESPONSE_WORDS = ['body', 'ResponseEntity', 'ResponseStatusException', 'result', 'json', 'end'];
/** Javalin and Vert.x calls that write a response body, and the calls that set its status. */
const JAVA_CONTEXT_BODY_CALLS = new Set(['result', 'json', 'end']);
const JAVA_STATUS_CALLS = new Set(['status', 'setStatusCode']);

function checkJs(context: FileRuleContext<MessageId, unknown, unknown>): void {
  const words = [...JS_RESPONSE_CALLS].filter((name) => context.mentionsCall(name));
  if (words.length === 0) return;
  // Error middleware names its last parameter `next`: without the word, no need to look for it.
  for (const scope of errorScopes(context, words, mayHaveErrorMiddleware(context))) {
    for (const indexed of context.callsWithin(scope.body, JS_RESPONSE_CALLS)) {
      const call = indexed.node;
      const parts = callParts(call, 'js');
      if (!parts) continue;
      if (parts.isNew && ['InternalServerErrorException', 'HttpException'].includes(parts.name)) {
        const serverError = parts.name === 'InternalServerErrorException' || isServerErrorStatus(parts.args[1]);
        report(context, call, exposureIn(parts.args.slice(0, 1), scope.name, 'js'), serverError);
        continue;
      }
      if (!['json', 'send', 'end', 'write'].includes(parts.name) || parts.isNew) continue;
      const statusCall = parts.receiver && parts.receiver.kind() === 'call_expression' ? callParts(parts.receiver, 'js') : undefined;
      let serverError = !!statusCall && ['status', 'code'].includes(statusCall.name) && isServerErrorStatus(statusCall.args[0]);
      // Hono c.json(body, 500); NextResponse.json(body, { status: 500 }).
      const second = parts.args[1];
      if (second && (isServerErrorStatus(second) || second.findAll({ rule: { kind: 'pair' } }).some((pair) => pair.field('key')?.text() === 'status' && isServerErrorStatus(pair.field('value'))))) serverError = true;
      report(context, call, exposureIn(parts.args.slice(0, 1), scope.name, 'js'), serverError);
    }
  }
}

function checkPython(context: FileRuleContext<MessageId, unknown, unknown>): void {
  for (const scope of errorScopes(context, [])) {
    if (!scope.body.text().includes(scope.name) && !scope.body.text().includes('traceback')) continue;
    for (const statement of scope.body.findAll({ rule: { any: [{ kind: 'return_statement' }, { kind: 'raise_statement' }, { kind: 'expression_statement' }] } })) {
      const exposure = exposureIn([statement], scope.name, 'python');
      if (!exposure) continue;
      const serverError =
        statement.findAll({ rule: { kind: 'keyword_argument' } }).some((kw) => ['status_code', 'status'].includes(kw.field('name')?.text() ?? '') && isServerErrorStatus(kw.field('value'))) ||
        statement.findAll({ rule: { any: [{ kind: 'expression_list' }, { kind: 'tuple' }] } }).some((tuple) => tuple.children().some((c) => isServerErrorStatus(c))) ||
        statement.findAll({ rule: { kind: 'call' } }).some((call) => {
          const parts = callParts(call, 'python');
          return !!parts && ['abort', 'HTTPException'].includes(parts.name) && (isServerErrorStatus(parts.args[0]) || isServerErrorStatus(keywordArgument(parts.args, 'status_code')));
        });
      const isResponse = statement.kind() !== 'expression_statement' || statement.findAll({ rule: { kind: 'call' } }).some((call) => callParts(call, 'python')?.name === 'abort');
      if (isResponse) report(context, statement, exposure, serverError);
    }
  }
}

/** Go calls that send an error status: `http.Error`, gin/echo `c.JSON(…)`, `echo.NewHTTPError`, fiber `SendString`. */
const GO_RESPONSE_NAMES = ['Error', 'JSON', 'String', 'AbortWithStatusJSON', 'IndentedJSON', 'XML', 'NewHTTPError', 'SendString'];

function checkGo(context: FileRuleContext<MessageId, unknown, unknown>): void {
  const words = GO_RESPONSE_NAMES.filter((name) => context.mentionsCall(name));
  let handlers: readonly HandlerInfo[] | undefined;
  for (const { node: call } of context.callsMatching(words)) {
    const parts = callParts(call, 'go');
    if (!parts) continue;
    let status: SgNode | undefined;
    let body: SgNode[] = [];
    if (parts.receiver?.text() === 'http' && parts.name === 'Error') {
      status = parts.args[2];
      body = parts.args.slice(1, 2);
    } else if (['JSON', 'String', 'AbortWithStatusJSON', 'IndentedJSON', 'XML', 'NewHTTPError', 'SendString'].includes(parts.name) && (parts.name === 'NewHTTPError' || enclosingHandler(call, (handlers ??= context.handlers())))) {
      const statusCall = parts.receiver?.kind() === 'call_expression' ? callParts(parts.receiver, 'go') : undefined;
      if (statusCall?.name === 'Status') {
        status = statusCall.args[0];
        body = parts.args;
      } else {
        status = parts.args[0];
        body = parts.args.slice(1);
      }
    } else continue;
    if (!isServerErrorStatus(status)) continue;
    const exposes = body.some((arg) => [arg, ...arg.findAll({ rule: { kind: 'call_expression' } })].some((inner) => {
      const innerParts = inner.kind() === 'call_expression' ? callParts(inner, 'go') : undefined;
      return innerParts?.name === 'Error' && innerParts.args.length === 0 && !!innerParts.receiver;
    }));
    if (exposes) context.report({ messageId: 'internalMessage', line: lineOf(call), endLine: endLineOf(call) });
  }
}

/**
 * Writers a Java catch block prints the exception's stack into: `e.printStackTrace(new PrintWriter(sw))`
 * makes `sw` (and `sw.toString()`) the stack trace.
 */
function javaStackWriters(calls: readonly SgNode[], name: string): Set<string> {
  const writers = new Set<string>();
  for (const call of calls) {
    const parts = callParts(call, 'java');
    if (parts?.name !== 'printStackTrace' || parts.receiver?.text() !== name) continue;
    const printer = parts.args[0] && callParts(parts.args[0], 'java');
    const target = printer?.isNew && ['PrintWriter', 'PrintStream'].includes(printer.name) ? printer.args[0] : undefined;
    if (target && kindOf(target) === 'identifier') writers.add(target.text());
  }
  return writers;
}

/** True when a response body sends one of the stack writers (`sw`, `sw.toString()`). */
function sendsStackWriter(body: readonly SgNode[], writers: ReadonlySet<string>): boolean {
  if (writers.size === 0) return false;
  return body.some((node) => [node, ...node.findAll({ rule: { kind: 'identifier' } })].some((id) => kindOf(id) === 'identifier' && writers.has(id.text())));
}

/** True when a call is a statement of its own (`ctx.status(500);`), not part of another expression. */
function isStatementCall(call: SgNode): boolean {
  const parent = call.parent();
  return !!parent && kindOf(parent) === 'expression_statement';
}

/** True when a Java call chain sets a 5xx status on the way: `ctx.status(500)`, `res.setStatusCode(503).putHeader(…)`. */
function javaChainSetsServerError(node: SgNode): boolean {
  let current: SgNode | null | undefined = node;
  for (let depth = 0; current && kindOf(current) === 'method_invocation' && depth < 8; depth++) {
    const parts = callParts(current, 'java');
    if (parts && JAVA_STATUS_CALLS.has(parts.name) && isServerErrorStatus(parts.args[0])) return true;
    current = parts?.receiver;
  }
  return false;
}

function checkJava(context: FileRuleContext<MessageId, unknown, unknown>): void {
  for (const scope of errorScopes(context, JAVA_RESPONSE_WORDS)) {
    const calls = scope.body.findAll({ rule: { any: CALL_KINDS.java.map((kind) => ({ kind })) } });
    const stackWriters = scope.body.text().includes('printStackTrace') ? javaStackWriters(calls, scope.name) : new Set<string>();
    for (const call of calls) {
      const parts = callParts(call, 'java');
      if (!parts) continue;
      let serverError = false;
      let body: SgNode[] = [];
      if (parts.name === 'body' && parts.receiver?.kind() === 'method_invocation') {
        const statusCall = callParts(parts.receiver, 'java');
        serverError = statusCall?.name === 'internalServerError' || (statusCall?.name === 'status' && isServerErrorStatus(statusCall.args[0]));
        body = parts.args;
      } else if (parts.isNew && parts.name === 'ResponseEntity') {
        serverError = isServerErrorStatus(parts.args[parts.args.length - 1]);
        body = parts.args.slice(0, -1);
      } else if (parts.isNew && parts.name === 'ResponseStatusException') {
        serverError = isServerErrorStatus(parts.args[0]);
        body = parts.args.slice(1);
      } else if (!parts.isNew && JAVA_CONTEXT_BODY_CALLS.has(parts.name) && parts.receiver) {
        // Javalin `ctx.status(500).result(…)` / Vert.x `….setStatusCode(500).end(…)`, or the status set
        // by an earlier statement of the same block (`ctx.status(500); ctx.result(…)`).
        serverError = javaChainSetsServerError(parts.receiver) || calls.some((other) => other.range().start.index < call.range().start.index && isStatementCall(other) && javaChainSetsServerError(other));
        body = parts.args;
      } else continue;
      report(context, call, sendsStackWriter(body, stackWriters) ? 'stack' : exposureIn(body, scope.name, 'java'), serverError);
    }
  }
}

export const internalErrorExposed = defineRule({
  id: 'errors/internal-error-exposed',
  meta: {
    checklist: 'api.error-handling',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A 5xx response that sends the caught error\'s message, or any response that sends its stack trace.',
    rationale:
      'The message of an unexpected error is written for developers: driver errors name tables, columns and constraint names, file paths and host names, and stack traces map the code. Sent to clients they help an attacker and confuse a user, and they make the error format depend on whichever library failed. Log the error with the request id, answer with a stable, generic error body (and that id), and keep specific messages for errors you raise on purpose (4xx).',
    messages: {
      internalMessage: {
        title: 'A server error sends the internal error message to the client',
        message: 'This 5xx response includes the caught error\'s message. Log the error (with the request id) and return a generic error body instead; driver and library messages leak internals.',
      },
      stackTrace: {
        title: 'A response sends a stack trace to the client',
        message: 'The response includes the error\'s stack trace. Log it server-side and return a generic error body with a request id.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "app.get('/orders', async (req, res) => {\n  try {\n    res.json(await orders.list());\n  } catch (err) {\n    res.status(500).json({ error: err.message });\n  }\n});\n",
        good: "app.get('/orders', async (req, res, next) => {\n  try {\n    res.json(await orders.list());\n  } catch (err) {\n    req.log.error({ err }, 'listing orders failed');\n    res.status(500).json({ error: 'internal_error', requestId: req.id });\n  }\n});\n",
      },
      python: {
        bad: '@app.get("/orders")\ndef list_orders():\n    try:\n        return repo.list()\n    except Exception as e:\n        raise HTTPException(status_code=500, detail=str(e))\n',
        good: '@app.get("/orders")\ndef list_orders():\n    try:\n        return repo.list()\n    except Exception:\n        logger.exception("listing orders failed")\n        raise HTTPException(status_code=500, detail="internal error")\n',
      },
      go: {
        bad: 'func listOrders(c *gin.Context) {\n\torders, err := repo.List(c)\n\tif err != nil {\n\t\tc.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})\n\t\treturn\n\t}\n\tc.JSON(http.StatusOK, orders)\n}\n',
        good: 'func listOrders(c *gin.Context) {\n\torders, err := repo.List(c)\n\tif err != nil {\n\t\tlog.Error("listing orders", "err", err)\n\t\tc.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})\n\t\treturn\n\t}\n\tc.JSON(http.StatusOK, orders)\n}\n',
      },
      java: {
        bad: 'class C {\n  @GetMapping("/orders")\n  public ResponseEntity<?> list() {\n    try {\n      return ResponseEntity.ok(service.list());\n    } catch (Exception e) {\n      return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(e.getMessage());\n    }\n  }\n}\n',
        good: 'class C {\n  @GetMapping("/orders")\n  public ResponseEntity<?> list() {\n    try {\n      return ResponseEntity.ok(service.list());\n    } catch (Exception e) {\n      log.error("listing orders failed", e);\n      return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ErrorBody("internal_error"));\n    }\n  }\n}\n',
      },
    },
  },
  plan(file) {
    const family = file.family;
    if (!file.mentions(...(family === 'python' ? ['except'] : family === 'go' ? ['.Error()'] : ['catch', 'err', 'Exception']))) return false;
    if (family === 'js') return file.mentionsCall(...JS_RESPONSE_CALLS) ? ['catch_clause', ...(mayHaveErrorMiddleware(file) ? ['formal_parameters'] : [])] : false;
    if (family === 'python') return ['except_clause'];
    if (family === 'go') return file.mentionsCall(...GO_RESPONSE_NAMES) ? CALL_KINDS.go : false;
    return ['catch_clause', ...(file.mentions('ExceptionHandler') ? ['method_declaration'] : []), ...(file.mentions('.exception(') ? CALL_KINDS.java : [])];
  },
  checkFile(context) {
    if (context.family === 'js') checkJs(context);
    else if (context.family === 'python') checkPython(context);
    else if (context.family === 'go') checkGo(context);
    else checkJava(context);
  },
});
