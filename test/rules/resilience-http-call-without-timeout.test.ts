import { expect, it } from '@jest/globals';
import { httpCallWithoutTimeout } from '../../src/core/rules/resilience-http-call-without-timeout.js';
import { runRuleCase, testRule } from './rule-tester.js';

testRule(httpCallWithoutTimeout, {
  valid: [
    { name: 'js call on the project axios instance that has a timeout', language: 'js', path: 'src/routes/pets.router.ts', code: "import { vetClient } from '../clients/vet-client.js';\n\nrouter.get('/:id/vaccinations', requireAuth, async (req, res) => {\n  const { data } = await vetClient.get(`/animals/${req.params.id}/vaccinations`);\n  res.json({ data });\n});\n", files: { 'src/clients/vet-client.ts': "import axios from 'axios';\n\nexport const vetClient = axios.create({\n  baseURL: process.env.VET_API_URL,\n  timeout: 3_000,\n});\n" } },
    { name: 'go DefaultClient.Do on a request with a context deadline', language: 'go', code: 'package notify\n\nimport (\n\t"context"\n\t"net/http"\n\t"time"\n)\n\nfunc Ping(ctx context.Context, url string) error {\n\tctx, cancel := context.WithTimeout(ctx, 3*time.Second)\n\tdefer cancel()\n\treq, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)\n\tif err != nil {\n\t\treturn err\n\t}\n\tresp, err := http.DefaultClient.Do(req)\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn resp.Body.Close()\n}\n' },
    { name: 'js axios with timeout', language: 'js', code: "import axios from 'axios';\nexport const r = () => axios.get('https://x', { timeout: 3000 });\n" },
    { name: 'js axios default timeout elsewhere in the service', language: 'js', code: "import axios from 'axios';\nexport const r = () => axios.get('https://x');\n", files: { 'src/http.ts': "import axios from 'axios';\naxios.defaults.timeout = 5000;\n" } },
    { name: 'js fetch with signal', language: 'js', code: "export const r = () => fetch('https://x', { signal: AbortSignal.timeout(3000) });\n" },
    { name: 'js fetch in a React component', language: 'js', code: "export const r = () => fetch('/api/x');\n", path: 'src/components/List.tsx' },
    { name: 'python timeout given', language: 'python', code: 'import requests\n\ndef r():\n    return requests.get("https://x", timeout=5)\n' },
    { name: 'python session (configured elsewhere)', language: 'python', code: 'import requests\n\ndef r(session):\n    return session.get("https://x")\n' },
    { name: 'go client with timeout', language: 'go', code: 'package x\n\nimport "net/http"\n\nvar c = &http.Client{Timeout: 5 * time.Second}\n' },
    { name: 'java builder with timeouts', language: 'java', code: 'class R {\n  RestTemplate r(RestTemplateBuilder b) { return b.setReadTimeout(Duration.ofSeconds(5)).build(); }\n}\n' },
  ],
  invalid: [
    { name: 'js bare axios call where only an axios.create instance has a timeout', language: 'js', path: 'src/routes/pets.router.ts', code: "import axios from 'axios';\n\nrouter.get('/:id/insurance', requireAuth, async (req, res) => {\n  const { data } = await axios.get(`${process.env.INSURANCE_API_URL}/policies`, {\n    params: { petId: req.params.id },\n  });\n  res.json({ data });\n});\n", files: { 'src/clients/vet-client.ts': "import axios from 'axios';\n\nexport const vetClient = axios.create({\n  baseURL: process.env.VET_API_URL,\n  timeout: 3_000,\n});\n" }, errors: [{ messageId: 'axiosWithoutTimeout', line: 4 }] },
    { name: 'go DefaultClient.Do on a request without a context', language: 'go', code: 'package notify\n\nimport (\n\t"bytes"\n\t"net/http"\n)\n\nfunc NewComment(body []byte) error {\n\treq, err := http.NewRequest(http.MethodPost, "https://slack.com/api/chat.postMessage", bytes.NewReader(body))\n\tif err != nil {\n\t\treturn err\n\t}\n\treq.Header.Set("Content-Type", "application/json")\n\tresp, err := http.DefaultClient.Do(req)\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn resp.Body.Close()\n}\n', errors: [{ messageId: 'goDefaultClient', line: 14 }] },
    { name: 'js axios without timeout', language: 'js', code: "import axios from 'axios';\n\nexport async function rates() {\n  const { data } = await axios.get('https://rates.example.com/latest');\n  return data;\n}\n", errors: [{ messageId: 'axiosWithoutTimeout', line: 4 }] },
    { name: 'js axios post with config lacking timeout', language: 'js', code: "import axios from 'axios';\nexport const send = (b) => axios.post('https://x', b, { headers: { a: '1' } });\n", errors: [{ messageId: 'axiosWithoutTimeout', line: 2 }] },
    { name: 'js fetch without options', language: 'js', code: "export async function rates() {\n  return (await fetch('https://rates.example.com')).json();\n}\n", errors: [{ messageId: 'fetchWithoutSignal', line: 2 }] },
    { name: 'python requests.get', language: 'python', code: 'import requests\n\ndef rates():\n    return requests.get("https://rates.example.com/latest").json()\n', errors: [{ messageId: 'requestsWithoutTimeout', line: 4 }] },
    { name: 'go http.Get', language: 'go', code: 'package rates\n\nimport "net/http"\n\nfunc Latest() (*http.Response, error) {\n\treturn http.Get("https://rates.example.com/latest")\n}\n', errors: [{ messageId: 'goDefaultClient', line: 6 }] },
    { name: 'go client literal without Timeout', language: 'go', code: 'package x\n\nimport "net/http"\n\nvar c = &http.Client{}\n', errors: [{ messageId: 'goClientWithoutTimeout', line: 5 }] },
    { name: 'java new RestTemplate()', language: 'java', code: 'class RatesClient {\n  private final RestTemplate rest = new RestTemplate();\n}\n', errors: [{ messageId: 'restTemplateWithoutTimeout', line: 2 }] },
  ],
});

it('suggests timeout=10 for a one-line requests call', async () => {
  const { findings } = await runRuleCase(httpCallWithoutTimeout, { language: 'python', code: 'import requests\n\ndef rates():\n    return requests.get("https://x", headers=h).json()\n' });
  expect(findings.map((f) => f.suggestion)).toEqual([{ line: 4, endLine: 4, replacement: '    return requests.get("https://x", headers=h, timeout=10).json()' }]);
});
