import { retryWithoutBackoff } from '../../src/core/rules/resilience-retry-without-backoff.js';
import { testRule } from './rule-tester.js';

testRule(retryWithoutBackoff, {
  valid: [
    { name: 'js sleeps between attempts', language: 'js', code: "export async function f() {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try { return await fetch(URL); } catch { await new Promise((r) => setTimeout(r, 2 ** attempt * 100)); }\n  }\n}\n" },
    { name: 'js attempts without remote call (unique code)', language: 'js', code: "export function code() {\n  for (let attempt = 0; attempt < 5; attempt++) {\n    const c = random();\n    if (!taken.has(c)) return c;\n  }\n}\n" },
    { name: 'js loop over items', language: 'js', code: "export async function f(urls) {\n  for (let i = 0; i < urls.length; i++) {\n    await fetch(urls[i]);\n  }\n}\n" },
    { name: 'python sleeps', language: 'python', code: 'def f():\n    for attempt in range(3):\n        try:\n            return requests.get(URL, timeout=5)\n        except Exception:\n            time.sleep(2 ** attempt)\n' },
    { name: 'go sleeps', language: 'go', code: 'func f() {\n\tfor attempt := 0; attempt < 3; attempt++ {\n\t\tif _, err := client.Do(req); err == nil {\n\t\t\treturn\n\t\t}\n\t\ttime.Sleep(time.Second)\n\t}\n}\n' },
  ],
  invalid: [
    { name: 'js tight retry', language: 'js', code: "export async function f() {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try { return await fetch(URL); } catch (e) { if (attempt === 2) throw e; }\n  }\n}\n", errors: [{ messageId: 'noBackoff', line: 2 }] },
    { name: 'js while retries', language: 'js', code: "export async function f() {\n  let retries = 0;\n  while (retries < 5) {\n    try { return await client.post('/x', body); } catch { retries++; }\n  }\n}\n", errors: [{ messageId: 'noBackoff', line: 3 }] },
    { name: 'python continue', language: 'python', code: 'def f():\n    for attempt in range(3):\n        try:\n            return requests.post(URL, timeout=5)\n        except Exception:\n            continue\n', errors: [{ messageId: 'noBackoff', line: 2 }] },
    { name: 'go tight loop', language: 'go', code: 'func f() {\n\tfor attempt := 0; attempt < 3; attempt++ {\n\t\tif _, err := client.Do(req); err == nil {\n\t\t\treturn\n\t\t}\n\t}\n}\n', errors: [{ messageId: 'noBackoff', line: 2 }] },
    { name: 'java tight loop', language: 'java', code: 'class P {\n  R f() {\n    for (int attempt = 0; attempt < 3; attempt++) {\n      try { return rest.postForObject(URL, o, R.class); } catch (Exception e) { last = e; }\n    }\n    throw last;\n  }\n}\n', errors: [{ messageId: 'noBackoff', line: 3 }] },
  ],
});
