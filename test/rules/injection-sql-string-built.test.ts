import { sqlStringBuilt } from '../../src/core/rules/injection-sql-string-built.js';
import { testRule } from './rule-tester.js';

testRule(sqlStringBuilt, {
  valid: [
    { name: 'js placeholders', language: 'js', code: "app.get('/u', async (req, res) => {\n  await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);\n});\n" },
    { name: 'js tagged template (Prisma, slonik)', language: 'js', code: "app.get('/u', async (req, res) => {\n  await prisma.$queryRaw`SELECT * FROM users WHERE id = ${req.params.id}`;\n});\n" },
    { name: 'js constant table name', language: 'js', code: "const TABLE = 'users';\nexport async function byId(id) {\n  return pool.query(`SELECT * FROM ${TABLE} WHERE id = $1`, [id]);\n}\n" },
    { name: 'js whitelisted sort column looked up', language: 'js', code: "const SORTS = { new: 'created_at' };\napp.get('/u', async (req, res) => {\n  const column = SORTS[req.query.sort] ?? 'id';\n  await pool.query(`SELECT * FROM users ORDER BY ${column}`);\n});\n" },
    { name: 'js placeholders joined', language: 'js', code: "export async function byIds(ids) {\n  return pool.query(`SELECT * FROM users WHERE id IN (${ids.map((_, i) => '$' + (i + 1)).join(',')})`, ids);\n}\n" },
    { name: 'js template that is not SQL', language: 'js', code: "export function log(name) {\n  logger.query(`hello ${name}`);\n}\n" },
    { name: 'js built on an unchanged line', language: 'js', code: "export async function byName(name) {\n  return pool.query(`SELECT * FROM users WHERE name = '${name}'`);\n}\n", addedLines: [1] },
    { name: 'python parameters', language: 'python', code: '@app.get("/u")\ndef u(name: str):\n    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))\n' },
    { name: 'python sqlalchemy bound params', language: 'python', code: 'def u(session, name):\n    return session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})\n' },
    { name: 'go placeholders', language: 'go', code: 'func h(w http.ResponseWriter, r *http.Request) {\n\tdb.QueryRow("SELECT name FROM users WHERE id = $1", r.URL.Query().Get("id"))\n}\n' },
    { name: 'go numeric verb only', language: 'go', code: 'func page(db *sql.DB, limit int) {\n\tdb.Query(fmt.Sprintf("SELECT * FROM users LIMIT %d", limit))\n}\n' },
    { name: 'java prepared statement', language: 'java', code: 'class R {\n  List<User> find(String name) {\n    return jdbcTemplate.query("SELECT * FROM users WHERE name = ?", mapper, name);\n  }\n}\n' },
  ],
  invalid: [
    { name: 'js request input in template', language: 'js', code: "app.get('/u', async (req, res) => {\n  const rows = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);\n  res.json(rows);\n});\n", errors: [{ messageId: 'requestInput', line: 2 }] },
    { name: 'js destructured body, concatenation via variable', language: 'js', code: "router.post('/login', async (req, res) => {\n  const { email } = req.body;\n  const sql = \"SELECT * FROM users WHERE email = '\" + email + \"'\";\n  const user = await db.query(sql);\n});\n", errors: [{ messageId: 'requestInput', line: 4 }] },
    { name: 'js parameter in repository', language: 'js', code: "export class UserRepo {\n  async byName(name) {\n    return this.pool.query(`SELECT * FROM users WHERE name = '${name}'`);\n  }\n}\n", errors: [{ messageId: 'parameterInput', line: 3 }] },
    { name: 'js sequelize query with += clause', language: 'js', code: "export async function search(term) {\n  let sql = 'SELECT * FROM posts WHERE 1=1';\n  sql += ` AND title LIKE '%${term}%'`;\n  return sequelize.query(sql);\n}\n", errors: [{ messageId: 'parameterInput', line: 4 }] },
    { name: 'js knex whereRaw fragment', language: 'js', code: "app.get('/p', async (req, res) => {\n  await knex('posts').whereRaw(`author = '${req.query.author}'`);\n});\n", errors: [{ messageId: 'requestInput', line: 2 }] },
    { name: 'python f-string with FastAPI parameter', language: 'python', code: '@app.get("/u")\ndef u(name: str):\n    cursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n    return cursor.fetchall()\n', errors: [{ messageId: 'requestInput', line: 3 }] },
    { name: 'python % formatting of flask args', language: 'python', code: '@bp.route("/u")\ndef u():\n    name = request.args.get("name")\n    db.execute("SELECT * FROM users WHERE name = \'%s\'" % name)\n', errors: [{ messageId: 'requestInput', line: 4 }] },
    { name: 'python format with parameter', language: 'python', code: 'def find(conn, name):\n    sql = "SELECT * FROM users WHERE name = \'{}\'".format(name)\n    return conn.execute(sql)\n', errors: [{ messageId: 'parameterInput', line: 3 }] },
    { name: 'go Sprintf with gin query', language: 'go', code: 'func h(c *gin.Context) {\n\tname := c.Query("name")\n\trows, _ := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = \'%s\'", name))\n\tdefer rows.Close()\n}\n', errors: [{ messageId: 'requestInput', line: 3 }] },
    { name: 'go gorm Where with concatenated parameter', language: 'go', code: 'func (s *Store) ByName(name string) {\n\ts.db.Where("name = \'" + name + "\'").First(&u)\n}\n', errors: [{ messageId: 'parameterInput', line: 2 }] },
    { name: 'go QueryContext second argument', language: 'go', code: 'func h(w http.ResponseWriter, r *http.Request) {\n\tid := r.URL.Query().Get("id")\n\tdb.QueryRowContext(r.Context(), "SELECT * FROM t WHERE id = " + id)\n}\n', errors: [{ messageId: 'requestInput', line: 3 }] },
    { name: 'java concatenated request param', language: 'java', code: 'class C {\n  @GetMapping("/u")\n  public List<User> u(@RequestParam String name) {\n    return jdbcTemplate.query("SELECT * FROM users WHERE name = \'" + name + "\'", mapper);\n  }\n}\n', errors: [{ messageId: 'requestInput', line: 4 }] },
    { name: 'java JPQL with String.format on a parameter', language: 'java', code: 'class R {\n  List<User> find(String role) {\n    return em.createQuery(String.format("SELECT u FROM User u WHERE u.role = \'%s\'", role)).getResultList();\n  }\n}\n', errors: [{ messageId: 'parameterInput', line: 3 }] },
  ],
});
