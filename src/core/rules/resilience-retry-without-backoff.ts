import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import { defineRule, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts } from './support/call-parts.js';
import { kindOf } from './support/kind-of.js';

const LOOP_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['for_statement', 'while_statement', 'do_statement'],
  python: ['for_statement', 'while_statement'],
  go: ['for_statement'],
  java: ['for_statement', 'while_statement', 'do_statement'],
};
/** The keywords of the loop kinds (a gate: a loop needs its keyword in the text). */
const LOOP_KEYWORDS: Record<RuleLanguage, readonly string[]> = {
  js: ['for', 'while', 'do'],
  python: ['for', 'while'],
  go: ['for'],
  java: ['for', 'while', 'do'],
};
/** Calls that reach another system (worth retrying at all). */
const REMOTE_CALLS = new Set(['fetch', 'request', 'get', 'post', 'put', 'patch', 'delete', 'Do', 'Get', 'Post', 'send', 'publish', 'call', 'invoke', 'exchange', 'getForObject', 'postForObject', 'getForEntity', 'postForEntity', 'urlopen', 'connect', 'Connect', 'query', 'Query', 'execute']);
const RETRY_WORDS = ['retr', 'attempt', 'tries'];
const WAIT_WORDS = ['sleep', 'delay', 'wait', 'backoff', 'settimeout', 'after', 'pause', 'jitter'];

/** The loop's header (condition, counters, range), without its body. */
function headerNodes(loop: SgNode): SgNode[] {
  const body = loop.field('body');
  return loop.children().filter((child) => child.isNamed() && child.id() !== body?.id());
}

function mentionsRetry(nodes: readonly SgNode[]): boolean {
  return nodes.some((node) => [node, ...node.findAll({ rule: { kind: 'identifier' } })].some((id) => kindOf(id) === 'identifier' && RETRY_WORDS.some((word) => id.text().toLowerCase().includes(word))));
}

export const retryWithoutBackoff = defineRule({
  id: 'resilience/retry-without-backoff',
  meta: {
    checklist: 'service.resilience',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A retry loop (its counter or condition names retries/attempts) around a remote call with no pause between attempts.',
    rationale:
      'Retrying at once, in a tight loop, multiplies the load on a dependency exactly when it is struggling, and every client doing the same turns a blip into an outage (a retry storm). Wait between attempts with exponential backoff and jitter, cap the attempts, and retry only errors that can succeed on a second try.',
    messages: {
      noBackoff: {
        title: 'Retry loop without backoff',
        message: 'This loop retries a remote call with no wait between attempts. Sleep with exponential backoff and jitter between tries (or use a retry library that does), and cap the number of attempts.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "export async function charge(body) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await fetch('https://pay.example.com/charge', { method: 'POST', body, signal: AbortSignal.timeout(5000) });\n    } catch (err) {\n      if (attempt === 2) throw err;\n    }\n  }\n}\n",
        good: "export async function charge(body) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await fetch('https://pay.example.com/charge', { method: 'POST', body, signal: AbortSignal.timeout(5000) });\n    } catch (err) {\n      if (attempt === 2) throw err;\n      await sleep(2 ** attempt * 200 + Math.random() * 100);\n    }\n  }\n}\n",
      },
      python: {
        bad: 'def charge(body):\n    for attempt in range(3):\n        try:\n            return requests.post(URL, json=body, timeout=5)\n        except requests.RequestException:\n            continue\n',
        good: 'def charge(body):\n    for attempt in range(3):\n        try:\n            return requests.post(URL, json=body, timeout=5)\n        except requests.RequestException:\n            time.sleep(2 ** attempt + random.random())\n',
      },
      go: {
        bad: 'func charge(req *http.Request) (*http.Response, error) {\n\tvar err error\n\tfor attempt := 0; attempt < 3; attempt++ {\n\t\tresp, e := client.Do(req)\n\t\tif e == nil {\n\t\t\treturn resp, nil\n\t\t}\n\t\terr = e\n\t}\n\treturn nil, err\n}\n',
        good: 'func charge(req *http.Request) (*http.Response, error) {\n\tvar err error\n\tfor attempt := 0; attempt < 3; attempt++ {\n\t\tresp, e := client.Do(req)\n\t\tif e == nil {\n\t\t\treturn resp, nil\n\t\t}\n\t\terr = e\n\t\ttime.Sleep(backoff(attempt))\n\t}\n\treturn nil, err\n}\n',
      },
      java: {
        bad: 'class Payments {\n  Receipt charge(Order o) {\n    for (int attempt = 0; attempt < 3; attempt++) {\n      try {\n        return rest.postForObject(URL, o, Receipt.class);\n      } catch (RestClientException e) {\n        last = e;\n      }\n    }\n    throw last;\n  }\n}\n',
        good: 'class Payments {\n  Receipt charge(Order o) throws InterruptedException {\n    for (int attempt = 0; attempt < 3; attempt++) {\n      try {\n        return rest.postForObject(URL, o, Receipt.class);\n      } catch (RestClientException e) {\n        last = e;\n        Thread.sleep((long) Math.pow(2, attempt) * 200);\n      }\n    }\n    throw last;\n  }\n}\n',
      },
    },
  },
  plan(file) {
    if (!file.mentions('retr', 'Retr', 'RETR', 'attempt', 'Attempt', 'ATTEMPT', 'tries', 'Tries')) return false;
    return file.mentionsName(...LOOP_KEYWORDS[file.family]) ? LOOP_KINDS[file.family] : false;
  },
  checkFile(context) {
    const calls = { rule: { any: CALL_KINDS[context.family].map((kind) => ({ kind })) } };
    for (const loop of context.nodesOf(LOOP_KINDS[context.family])) {
      // The header's retry word is in the loop's text: most loops are ruled out without reading their parts.
      const text = loop.text().toLowerCase();
      if (!RETRY_WORDS.some((word) => text.includes(word))) continue;
      const line = lineOf(loop);
      if (!context.changedLines.has(line) || !mentionsRetry(headerNodes(loop))) continue;
      const body = loop.field('body');
      if (!body) continue;
      const parts = body.findAll(calls).map((call) => callParts(call, context.family)).filter((p) => p !== undefined);
      const remote = parts.some((p) => REMOTE_CALLS.has(p.name) && (p.receiver || p.name === 'fetch' || p.name === 'urlopen'));
      const waits = parts.some((p) => WAIT_WORDS.some((word) => p.name.toLowerCase().includes(word) || (p.receiver?.text().toLowerCase().includes(word) ?? false)));
      if (remote && !waits) context.report({ messageId: 'noBackoff', line });
    }
  },
});
