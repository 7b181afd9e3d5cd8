import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import type { Suggestion } from '../finding.js';
import { defineRule, type FileView, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts, keywordArgument } from './support/call-parts.js';
import { lineSpanOf } from './support/line-span.js';
import { kindOf } from './support/kind-of.js';
import { isFrontendPath } from './support/path-kind.js';
import { importsModule } from './support/read-imports.js';

type MessageId = 'fetchWithoutSignal' | 'axiosWithoutTimeout' | 'requestsWithoutTimeout' | 'goDefaultClient' | 'goClientWithoutTimeout' | 'restTemplateWithoutTimeout';

interface AxiosCall {
  line: number;
  endLine: number;
}

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
/** Go's package-level helpers that use `http.DefaultClient`. */
const GO_DEFAULT_CLIENT_CALLS = ['Get', 'Post', 'PostForm', 'Head'];
/** True when a Go file may call the default client: `http.Get(…)` or `http.DefaultClient.Do(…)`. */
function mayUseGoDefaultClient(file: FileView): boolean {
  return (file.mentionsMember('http', ...GO_DEFAULT_CLIENT_CALLS) || file.mentions('http.DefaultClient')) && file.importsAny(['net/http']);
}

/**
 * The default-client method a Go call uses (`Get`, `DefaultClient.Do`), or undefined. `Do` on a
 * request built with a context is left alone: the context's deadline bounds the call.
 */
function goDefaultClientCall(receiver: string | undefined, name: string, file: FileView): string | undefined {
  if (receiver === 'http' && GO_DEFAULT_CLIENT_CALLS.includes(name)) return name;
  if (receiver !== 'http.DefaultClient') return undefined;
  if (GO_DEFAULT_CLIENT_CALLS.includes(name)) return `DefaultClient.${name}`;
  return name === 'Do' && !file.mentions('WithContext') ? 'DefaultClient.Do' : undefined;
}

/** Names of the calls each family judges. */
const CANDIDATES: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['fetch', ...HTTP_VERBS]),
  python: HTTP_VERBS,
  go: new Set(['Get', 'Post', 'PostForm', 'Head', 'Do']),
  java: new Set(['RestTemplate']),
};

/** True when an object literal has a key named `key`. */
function hasKey(object: SgNode, key: string): boolean {
  return object.children().some((child) => {
    const kind = kindOf(child);
    if (kind === 'pair') return (child.field('key')?.text() ?? '').replace(/['"]/g, '') === key;
    if (kind === 'shorthand_property_identifier') return child.text() === key;
    return kind === 'spread_element';
  });
}

/**
 * Files that set the global axios timeout (`axios.defaults.timeout = …`). An instance made with
 * `axios.create({ timeout })` does not count: its timeout is its own, and a call on `axios` itself
 * still waits forever (the project's client having one is why the bare call stands out).
 */
function configuresAxiosTimeout(file: FileView): boolean {
  if (!file.importsAny(['axios'])) return false;
  for (const assignment of file.mentions('defaults.timeout') ? file.nodes('assignment_expression') : []) {
    if (assignment.field('left')?.text().endsWith('defaults.timeout')) return true;
  }
  return false;
}

/** A suggestion adding `timeout=10` to a one-line `requests` call, when that is a mechanical edit. */
function requestsSuggestion(call: SgNode, text: string): Suggestion | undefined {
  const args = call.field('arguments');
  if (!args) return undefined;
  const start = args.range().start;
  const end = args.range().end;
  if (start.line !== end.line) return undefined;
  const lineText = text.split('\n')[end.line];
  if (lineText === undefined) return undefined;
  const close = end.column - 1;
  const before = lineText.slice(0, close).trimEnd();
  const insertion = before.endsWith(',') ? ' timeout=10' : ', timeout=10';
  return { line: end.line + 1, endLine: end.line + 1, replacement: `${before}${insertion}${lineText.slice(close)}` };
}

export const httpCallWithoutTimeout = defineRule({
  id: 'resilience/http-call-without-timeout',
  meta: {
    checklist: 'service.resilience',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'An outbound HTTP call with no timeout: `requests.*` without `timeout=`, Go\'s default client (`http.Get`) or an `http.Client{}` without `Timeout`, `axios` without a timeout (and no default set), `new RestTemplate()`, `fetch` without an abort signal.',
    rationale:
      'Without a timeout, a slow or hung dependency holds the caller\'s request, worker and connection until the operating system gives up, minutes later. Under load the stuck calls pile up and the service fails along with its dependency. Every outbound call needs a deadline shorter than the caller\'s own, so failure is fast and can be retried, degraded or reported.',
    messages: {
      requestsWithoutTimeout: {
        title: '`requests.{method}` without a timeout',
        message: '`requests` waits forever by default. Pass `timeout=` (seconds, or a (connect, read) tuple) so a slow dependency cannot hang this worker.',
      },
      goDefaultClient: {
        title: '`http.{method}` uses the default client, which has no timeout',
        message: '`http.DefaultClient` never times out. Use an `http.Client` with `Timeout` set (or a request built with a context that has a deadline).',
      },
      goClientWithoutTimeout: {
        title: '`http.Client` without `Timeout`',
        message: 'This client has no `Timeout`, so a hung server blocks the caller indefinitely. Set `Timeout` (and keep it below the caller\'s own deadline).',
      },
      axiosWithoutTimeout: {
        title: '`axios` call without a timeout',
        message: 'axios has no timeout by default (`timeout: 0`), and this project sets none. Pass `timeout` here or create an instance with `axios.create({ timeout })`.',
      },
      restTemplateWithoutTimeout: {
        title: '`new RestTemplate()` has no connect or read timeout',
        message: 'The default request factory waits forever. Build it with `RestTemplateBuilder` and set connect and read timeouts (or pass a configured request factory).',
      },
      fetchWithoutSignal: {
        title: '`fetch` without a timeout signal',
        message: 'Server-side `fetch` waits up to the runtime\'s defaults (minutes). Pass `signal: AbortSignal.timeout(ms)` so a slow dependency fails fast.',
        severity: 'low',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import axios from 'axios';\n\nexport async function rates() {\n  const { data } = await axios.get('https://rates.example.com/latest');\n  return data;\n}\n",
        good: "import axios from 'axios';\n\nexport async function rates() {\n  const { data } = await axios.get('https://rates.example.com/latest', { timeout: 3000 });\n  return data;\n}\n",
      },
      python: {
        bad: 'import requests\n\ndef rates():\n    return requests.get("https://rates.example.com/latest").json()\n',
        good: 'import requests\n\ndef rates():\n    return requests.get("https://rates.example.com/latest", timeout=5).json()\n',
      },
      go: {
        bad: 'package rates\n\nimport "net/http"\n\nfunc Latest() (*http.Response, error) {\n\treturn http.Get("https://rates.example.com/latest")\n}\n',
        good: 'package rates\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nvar client = &http.Client{Timeout: 5 * time.Second}\n\nfunc Latest() (*http.Response, error) {\n\treturn client.Get("https://rates.example.com/latest")\n}\n',
      },
      java: {
        bad: 'class RatesClient {\n  private final RestTemplate rest = new RestTemplate();\n}\n',
        good: 'class RatesClient {\n  private final RestTemplate rest;\n\n  RatesClient(RestTemplateBuilder builder) {\n    this.rest = builder.setConnectTimeout(Duration.ofSeconds(2)).setReadTimeout(Duration.ofSeconds(5)).build();\n  }\n}\n',
      },
    },
  },
  collect(file): boolean | undefined {
    return file.family === 'js' && configuresAxiosTimeout(file) ? true : undefined;
  },
  plan(file) {
    const { family } = file;
    if (family === 'js' && isFrontendPath(file.path)) return false;
    if (!file.mentions('fetch', 'axios', 'requests', 'http.', 'RestTemplate')) return false;
    // Each kind of call needs its library (or, for `fetch` and `http.Client{}`, its name) in the file.
    if (family === 'js') return file.mentionsCall('fetch') || (file.mentionsMember('axios', ...HTTP_VERBS) && file.importsAny(['axios'])) ? CALL_KINDS.js : false;
    if (family === 'python') return file.mentionsMember('requests', ...HTTP_VERBS) && file.importsAny(['requests']) ? CALL_KINDS.python : false;
    if (family === 'java') return file.mentionsCall('RestTemplate') ? CALL_KINDS.java : false;
    const client = file.mentions('http.Client');
    const calls = mayUseGoDefaultClient(file);
    if (!client && !calls) return false;
    return [...(calls ? CALL_KINDS.go : []), ...(client ? ['composite_literal'] : [])];
  },
  checkFile(context) {
    const { family } = context;
    const report = (messageId: MessageId, span: { line: number; endLine: number }, data: Record<string, string> = {}, suggestion?: Suggestion) =>
      context.report({ messageId, data, line: span.line, endLine: span.endLine, ...(suggestion ? { suggestion } : {}) });
    // Added lines are checked last: a call's position costs a native call of its own.
    const added = (call: SgNode) => {
      const span = lineSpanOf(call);
      return context.isAdded(span.line, span.endLine) ? span : undefined;
    };
    let setsTimeouts: boolean | undefined;
    const javaFileSetsTimeouts = () => (setsTimeouts ??= context.callsMatching(['Timeout', 'equestFactory']).some(({ node: call, kind }) => kind === 'method_invocation' && /^(setConnectTimeout|setReadTimeout|setRequestFactory|connectTimeout|readTimeout|requestFactory)$/.test(call.field('name')?.text() ?? '')));
    const judgeCalls = family !== 'go' || mayUseGoDefaultClient(context);
    for (const { node: call } of judgeCalls ? context.callsNamed(CANDIDATES[family]) : []) {
      const parts = callParts(call, family);
      if (!parts) continue;
      const receiver = parts.receiver?.text();
      if (family === 'python') {
        if (receiver !== 'requests' || !HTTP_VERBS.has(parts.name) || !importsModule(context.imports, ['requests'])) continue;
        if (keywordArgument(parts.args, 'timeout') || parts.args.some((a) => kindOf(a) === 'dictionary_splat')) continue;
        const span = added(call);
        if (span) report('requestsWithoutTimeout', span, { method: parts.name }, requestsSuggestion(call, context.text));
      } else if (family === 'go') {
        if (!importsModule(context.imports, ['net/http'])) continue;
        const method = goDefaultClientCall(receiver, parts.name, context);
        const span = method ? added(call) : undefined;
        if (span && method) report('goDefaultClient', span, { method });
      } else if (family === 'java') {
        const span = parts.isNew && parts.name === 'RestTemplate' && parts.args.length === 0 && !javaFileSetsTimeouts() ? added(call) : undefined;
        if (span) report('restTemplateWithoutTimeout', span);
      } else if (!parts.receiver && parts.name === 'fetch' && !parts.isNew) {
        const options = parts.args[1];
        const span = parts.args.length === 1 || (options && kindOf(options) === 'object' && !hasKey(options, 'signal')) ? added(call) : undefined;
        if (span) report('fetchWithoutSignal', span);
      } else if (receiver === 'axios' && HTTP_VERBS.has(parts.name) && importsModule(context.imports, ['axios'])) {
        const config = parts.args[['get', 'delete', 'head', 'options'].includes(parts.name) ? 1 : parts.name === 'request' ? 0 : 2];
        if (config && (kindOf(config) !== 'object' || hasKey(config, 'timeout'))) continue;
        const span = added(call);
        if (span) context.keep(span satisfies AxiosCall);
      }
    }
    if (family === 'go' && context.mentions('http.Client')) {
      for (const literal of context.nodes('composite_literal')) {
        if (literal.field('type')?.text() !== 'http.Client' || !context.isAdded(lineOf(literal))) continue;
        const keys = literal.field('body')?.findAll({ rule: { kind: 'keyed_element' } }).map((element) => element.child(0)?.text()) ?? [];
        if (!keys.includes('Timeout') && !keys.includes('Transport')) report('goClientWithoutTimeout', lineSpanOf(literal));
      }
    }
  },
  checkProject(context) {
    const configured = new Set(context.collected.map(({ path }) => context.serviceRootOf(path)));
    for (const [path] of context.changedLines) {
      if (configured.has(context.serviceRootOf(path))) continue;
      for (const call of context.kept(path) as readonly AxiosCall[]) context.report({ path, messageId: 'axiosWithoutTimeout', line: call.line, endLine: call.endLine });
    }
  },
});
