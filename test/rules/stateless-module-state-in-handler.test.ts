import { moduleStateInHandler } from '../../src/core/rules/stateless-module-state-in-handler.js';
import { testRule } from './rule-tester.js';

testRule(moduleStateInHandler, {
  valid: [
    { name: 'js state in redis', language: 'js', code: "app.post('/login', async (req, res) => {\n  await redis.set(`s:${req.body.id}`, '1');\n  res.json({ ok: true });\n});\n" },
    { name: 'js module map only read in handler', language: 'js', code: "const ROLES = new Map([['admin', 1]]);\napp.get('/roles/:r', (req, res) => {\n  res.json(ROLES.get(req.params.r));\n});\n" },
    { name: 'js handler-local shadow', language: 'js', code: "const items = [];\napp.get('/x', (req, res) => {\n  const items = [];\n  items.push(1);\n  res.json(items);\n});\n" },
    { name: 'js module map filled at start-up, not in handler', language: 'js', code: "const registry = new Map();\nexport function register(name, fn) {\n  registry.set(name, fn);\n}\n" },
    { name: 'python module dict read only', language: 'python', code: 'PRICES = {"a": 1}\n\n@app.get("/p/{k}")\ndef p(k: str):\n    return PRICES.get(k)\n' },
    { name: 'go package map read only', language: 'go', code: 'package api\n\nvar names = map[string]string{"a": "b"}\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\t_ = names["a"]\n}\n' },
    { name: 'java service field (not a controller)', language: 'java', code: '@Service\nclass Cache {\n  private final Map<String, String> m = new HashMap<>();\n  void put(String k) { m.put(k, k); }\n}\n' },
  ],
  invalid: [
    { name: 'js object as session store', language: 'js', code: "const sessions = {};\n\napp.post('/login', async (req, res) => {\n  const user = await users.verify(req.body);\n  sessions[user.id] = { at: Date.now() };\n  res.json({ ok: true });\n});\n", errors: [{ messageId: 'moduleState', line: 5 }] },
    { name: 'js Map cache in controller function', language: 'js', code: "const cache = new Map();\nexport async function getRate(req, res) {\n  if (!cache.has(req.params.code)) cache.set(req.params.code, await fetchRate(req.params.code));\n  res.json(cache.get(req.params.code));\n}\n", errors: [{ messageId: 'moduleState', line: 3 }] },
    { name: 'js counter', language: 'js', code: "let hits = 0;\nrouter.get('/ping', (req, res) => {\n  hits++;\n  res.send('pong');\n});\n", errors: [{ messageId: 'moduleState', line: 3 }] },
    { name: 'python dict cache in view', language: 'python', code: 'cache = {}\n\n@app.get("/rates/{code}")\ndef rate(code: str):\n    if code not in cache:\n        cache[code] = fetch_rate(code)\n    return cache[code]\n', errors: [{ messageId: 'moduleState', line: 6 }] },
    { name: 'python list append in django view', language: 'python', code: 'events = []\n\ndef track(request):\n    events.append(request.GET.get("e"))\n    return HttpResponse("ok")\n', errors: [{ messageId: 'moduleState', line: 4 }] },
    { name: 'go package map written in handler', language: 'go', code: 'package api\n\nvar visits = map[string]int{}\n\nfunc track(w http.ResponseWriter, r *http.Request) {\n\tvisits[r.URL.Path]++\n}\n', errors: [{ messageId: 'moduleState', line: 6 }] },
    { name: 'go package map assigned in gin handler', language: 'go', code: 'package api\n\nvar sessions = make(map[string]string)\n\nfunc login(c *gin.Context) {\n\tsessions[c.PostForm("user")] = "ok"\n}\n', errors: [{ messageId: 'moduleState', line: 6 }] },
    { name: 'java controller field map', language: 'java', code: '@RestController\nclass CartController {\n  private final Map<String, Cart> carts = new ConcurrentHashMap<>();\n\n  @PostMapping("/carts")\n  public Cart create(@RequestBody Cart cart) {\n    carts.put(cart.id(), cart);\n    return cart;\n  }\n}\n', errors: [{ messageId: 'moduleState', line: 7 }] },
  ],
});
