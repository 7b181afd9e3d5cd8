import { unboundedList } from '../../src/core/rules/pagination-unbounded-list.js';
import { testRule } from './rule-tester.js';

const expressList = (body: string) => `router.get('/articles', async (req, res) => {\n${body}\n});\n`;

testRule(unboundedList, {
  valid: [
    { name: 'js limit from query', language: 'js', code: expressList("  const limit = Math.min(Number(req.query.limit ?? 20), 100);\n  res.json(await Article.findAll({ limit }));"), routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 4] }] },
    { name: 'js mongoose find with .limit()', language: 'js', code: expressList("  res.json(await Article.find({}).sort({ createdAt: -1 }).limit(50));"), routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 3] }] },
    { name: 'js filtered findMany', language: 'js', code: expressList("  res.json(await prisma.article.findMany({ where: { authorId: req.user.id } }));"), routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 3] }] },
    { name: 'js distinct values are not the collection', language: 'js', code: "router.get('/tags', function (req, res, next) {\n  Article.find().distinct('tagList').then((tags) => res.json({ tags }));\n});\n", routes: [{ method: 'GET', path: '/tags', line: 1, handler: [1, 3] }] },
    { name: 'js single resource route', language: 'js', code: "router.get('/articles/:id', async (req, res) => {\n  res.json(await Article.findAll());\n});\n", routes: [{ method: 'GET', path: '/articles/{id}', line: 1, handler: [1, 3] }] },
    { name: 'js unchanged route', language: 'js', code: expressList('  res.json(await Article.findAll());'), routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 3], change: 'unchanged' }], addedLines: [] },
    { name: 'js option adds a pagination word', language: 'js', code: expressList('  const size = req.query.size;\n  res.json(await Article.findAll());'), routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 4] }], options: { paginationParams: ['size'] } },
    { name: 'python limit/offset', language: 'python', code: '@router.get("/articles")\ndef list_articles(limit: int = 20, offset: int = 0, db: Session = Depends(get_db)):\n    return db.query(Article).offset(offset).limit(limit).all()\n', routes: [{ method: 'GET', path: '/articles', line: 1 }] },
    { name: 'python sliced queryset', language: 'python', code: 'def articles(request):\n    return render(request, "a.html", {"a": Article.objects.all()[:20]})\n', routes: [{ method: 'GET', path: '/articles', line: 1 }] },
    { name: 'go Limit in chain', language: 'go', code: 'func list(c *gin.Context) {\n\tvar a []Article\n\tdb.Limit(20).Find(&a)\n\tc.JSON(200, a)\n}\n', routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 5] }] },
    { name: 'java pageable', language: 'java', code: 'class C {\n  @GetMapping("/articles")\n  public Page<Article> list(Pageable pageable) {\n    return articleRepository.findAll(pageable);\n  }\n}\n', routes: [{ method: 'GET', path: '/articles', line: 2 }] },
  ],
  invalid: [
    { name: 'js sequelize findAll', language: 'js', code: expressList('  const articles = await Article.findAll();\n  res.json(articles);'), routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 4] }], errors: [{ messageId: 'unboundedList', line: 2 }] },
    { name: 'js controller in another file', language: 'js', code: "export async function list(req, res) {\n  res.json(await prisma.article.findMany({ orderBy: { id: 'desc' } }));\n}\n", path: 'src/controllers/articles.ts', files: { 'src/routes/articles.ts': "router.get('/articles', list);\n" }, routes: [{ method: 'GET', path: '/api/articles', line: 1, file: 'src/routes/articles.ts', handlerFile: 'src/controllers/articles.ts', handler: [1, 3] }], errors: [{ messageId: 'unboundedList', line: 2 }] },
    { name: 'js raw SELECT without LIMIT', language: 'js', code: expressList("  const { rows } = await pool.query('SELECT * FROM articles ORDER BY id DESC');\n  res.json(rows);"), routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 4] }], errors: [{ messageId: 'unboundedList', line: 2 }] },
    { name: 'python sqlalchemy query all', language: 'python', code: '@router.get("/articles")\ndef list_articles(db: Session = Depends(get_db)):\n    return db.query(Article).all()\n', routes: [{ method: 'GET', path: '/articles', line: 1 }], errors: [{ messageId: 'unboundedList', line: 3 }] },
    { name: 'python django objects.all', language: 'python', code: 'def article_list(request):\n    articles = Article.objects.all()\n    return JsonResponse({"articles": list(articles.values())})\n', routes: [{ method: 'GET', path: '/articles', line: 1 }], errors: [{ messageId: 'unboundedList', line: 2 }] },
    { name: 'go gorm Find', language: 'go', code: 'func listArticles(c *gin.Context) {\n\tvar articles []Article\n\tdb.Find(&articles)\n\tc.JSON(http.StatusOK, articles)\n}\n', routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 5] }], errors: [{ messageId: 'unboundedList', line: 3 }] },
    { name: 'java repository findAll()', language: 'java', code: 'class ArticleController {\n  @GetMapping("/articles")\n  public List<Article> list() {\n    return articleRepository.findAll();\n  }\n}\n', routes: [{ method: 'GET', path: '/articles', line: 2 }], errors: [{ messageId: 'unboundedList', line: 4 }] },
  ],
});
