import { clientPerRequest } from '../../src/core/rules/pooling-client-per-request.js';
import { testRule } from './rule-tester.js';

testRule(clientPerRequest, {
  valid: [
    {
      name: 'js Prisma Accelerate client per request on an edge runtime (Accelerate pools)',
      language: 'js',
      code: "import { Hono } from 'hono';\nimport { PrismaClient } from '@prisma/client';\nimport { withAccelerate } from '@prisma/extension-accelerate';\n\nexport const blogRouter = new Hono<{ Bindings: { DATABASE_URL: string } }>();\n\nblogRouter.get('/bulk', async (c) => {\n  const prisma = new PrismaClient({ datasourceUrl: c.env.DATABASE_URL }).$extends(withAccelerate());\n  const posts = await prisma.post.findMany({ take: 20 });\n  return c.json({ posts });\n});\n",
    },
    { name: 'js module-level prisma', language: 'js', code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\napp.get('/o', async (req, res) => {\n  res.json(await prisma.order.findMany({ take: 10 }));\n});\n" },
    { name: 'js lazy singleton', language: 'js', code: "import { Pool } from 'pg';\nlet pool;\napp.get('/o', async (req, res) => {\n  if (!pool) pool = new Pool();\n  res.json(await pool.query('SELECT 1'));\n});\n" },
    { name: 'js Pool from another library', language: 'js', code: "import { Pool } from 'undici';\napp.get('/o', async (req, res) => {\n  const pool = new Pool('http://x');\n  res.json({});\n});\n" },
    { name: 'python engine at module level', language: 'python', code: 'engine = create_engine(URL)\n\n@app.get("/o")\ndef o():\n    with engine.connect() as c:\n        return c.execute(q).all()\n' },
    { name: 'python global lazy engine', language: 'python', code: 'engine = None\n\ndef get_engine():\n    global engine\n    if engine is None:\n        engine = create_engine(URL)\n    return engine\n\n@app.get("/o")\ndef o():\n    return get_engine().connect()\n' },
    { name: 'go db on the server struct', language: 'go', code: 'func (s *Server) orders(w http.ResponseWriter, r *http.Request) {\n\trows, _ := s.db.Query("SELECT 1")\n\tdefer rows.Close()\n}\n' },
    { name: 'java data source', language: 'java', code: 'class C {\n  @GetMapping("/o")\n  public List<O> list() throws SQLException {\n    try (Connection c = dataSource.getConnection()) { return load(c); }\n  }\n}\n' },
  ],
  invalid: [
    {
      name: 'js Prisma client extended with something else is still per request',
      language: 'js',
      code: "import { Hono } from 'hono';\nimport { PrismaClient } from '@prisma/client';\nimport { withAccelerate } from '@prisma/extension-accelerate';\nimport { withAudit } from './audit';\n\nexport const blogRouter = new Hono();\n\nblogRouter.get('/bulk', async (c) => {\n  const prisma = new PrismaClient().$extends(withAudit());\n  return c.json({ posts: await prisma.post.findMany({ take: 20 }) });\n});\n",
      errors: [{ messageId: 'perRequest', line: 9 }],
    },
    { name: 'js prisma per request', language: 'js', code: "import { PrismaClient } from '@prisma/client';\n\napp.get('/orders', async (req, res) => {\n  const prisma = new PrismaClient();\n  res.json(await prisma.order.findMany({ take: 50 }));\n});\n", errors: [{ messageId: 'perRequest', line: 4 }] },
    { name: 'js pg pool in controller', language: 'js', code: "import { Pool } from 'pg';\nexport async function list(req, res) {\n  const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  res.json((await pool.query('SELECT * FROM t LIMIT 10')).rows);\n}\n", errors: [{ messageId: 'perRequest', line: 3 }] },
    { name: 'js mongo helper called by handler', language: 'js', code: "import { MongoClient } from 'mongodb';\nasync function getDb() {\n  const client = new MongoClient(process.env.MONGO_URL);\n  await client.connect();\n  return client.db();\n}\napp.get('/o', async (req, res) => {\n  const db = await getDb();\n  res.json(await db.collection('o').find().limit(10).toArray());\n});\n", errors: [{ messageId: 'perCallHelper', line: 3 }] },
    { name: 'python psycopg2 in flask view', language: 'python', code: 'import psycopg2\n\n@app.route("/orders")\ndef orders():\n    conn = psycopg2.connect(DATABASE_URL)\n    return fetch_orders(conn)\n', errors: [{ messageId: 'perRequest', line: 5 }] },
    { name: 'go sql.Open in handler', language: 'go', code: 'func orders(w http.ResponseWriter, r *http.Request) {\n\tdb, _ := sql.Open("postgres", dsn)\n\tdefer db.Close()\n\tlistOrders(w, db)\n}\n', errors: [{ messageId: 'perRequest', line: 2 }] },
    { name: 'java DriverManager in controller', language: 'java', code: 'class OrderController {\n  @GetMapping("/orders")\n  public List<Order> list() throws SQLException {\n    Connection c = DriverManager.getConnection(url, user, password);\n    return load(c);\n  }\n}\n', errors: [{ messageId: 'perRequest', line: 4 }] },
    { name: 'python redis.Redis.from_url in a FastAPI handler', language: 'python', code: 'import os\n\nimport redis\n\n\n@app.get("/stock/{sku}")\ndef stock(sku: str):\n    r = redis.Redis.from_url(os.environ["REDIS_URL"])\n    return {"stock": int(r.get(f"stock:{sku}") or 0)}\n', errors: [{ messageId: 'perRequest', line: 8 }] },
    { name: 'python Redis.from_url imported from redis, in a handler', language: 'python', code: 'from redis import Redis\n\n\n@app.get("/stock/{sku}")\ndef stock(sku: str):\n    r = Redis.from_url(REDIS_URL)\n    return {"stock": int(r.get(sku) or 0)}\n', errors: [{ messageId: 'perRequest', line: 6 }] },
  ],
});
