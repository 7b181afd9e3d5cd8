import { queryInLoop } from '../../src/core/rules/database-query-in-loop.js';
import { testRule } from './rule-tester.js';

testRule(queryInLoop, {
  valid: [
    { name: 'js batched IN query', language: 'js', code: "export async function withAuthors(posts) {\n  const authors = await prisma.user.findMany({ where: { id: { in: posts.map((p) => p.authorId) } } });\n  return authors;\n}\n" },
    { name: 'js loop over a literal list', language: 'js', code: "export async function seedRoles() {\n  for (const name of ['admin', 'user']) {\n    await prisma.role.findUnique({ where: { name } });\n  }\n}\n" },
    { name: 'js array find in loop is not a query', language: 'js', code: "export function match(items, users) {\n  for (const item of items) {\n    item.user = users.find((u) => u.id === item.userId);\n  }\n}\n" },
    { name: 'python prefetch', language: 'python', code: 'def lines():\n    return Order.objects.select_related("customer").all()[:100]\n' },
    { name: 'python range loop (retry)', language: 'python', code: 'def ping(db):\n    for attempt in range(3):\n        db.execute("SELECT 1")\n' },
    { name: 'go single query', language: 'go', code: 'func (s *Store) Authors(ids []int64) {\n\ts.db.Query("SELECT id FROM users WHERE id = ANY($1)", pq.Array(ids))\n}\n' },
    { name: 'js Map delete in a loop is not a query', language: 'js', code: "export class SessionCache {\n  evict(keys) {\n    for (const key of keys) {\n      this.sessions.delete(key);\n    }\n  }\n}\n" },
    { name: 'js HTTP client delete in a loop is not a query', language: 'js', code: "export async function revokeAll(tokens) {\n  for (const token of tokens) {\n    await this.httpClient.delete(`/tokens/${token.id}`);\n  }\n}\n" },
    { name: 'js batched typeorm delete', language: 'js', code: "async deleteAllComments(slug) {\n  const article = await this.articleRepository.findOne({ slug });\n  await this.commentRepository.delete({ articleId: article.id });\n}\n" },
    { name: 'java findAllById', language: 'java', code: 'class S {\n  List<C> f(List<O> orders) {\n    return customerRepository.findAllById(ids(orders));\n  }\n}\n' },
  ],
  invalid: [
    { name: 'js prisma findUnique in for-of', language: 'js', code: "export async function withAuthors(posts) {\n  for (const post of posts) {\n    post.author = await prisma.user.findUnique({ where: { id: post.authorId } });\n  }\n  return posts;\n}\n", errors: [{ messageId: 'queryInLoop', line: 3 }] },
    { name: 'js mongoose model in Promise.all map', language: 'js', code: "export async function load(ids) {\n  return Promise.all(ids.map((id) => User.findById(id)));\n}\n", errors: [{ messageId: 'queryInLoop', line: 2 }] },
    { name: 'js repository in forEach', language: 'js', code: "export async function f(orders) {\n  orders.forEach(async (o) => {\n    o.items = await this.itemRepository.find({ where: { orderId: o.id } });\n  });\n}\n", errors: [{ messageId: 'queryInLoop', line: 3 }] },
    { name: 'python django get in loop', language: 'python', code: 'def order_lines(orders):\n    for order in orders:\n        order.customer = Customer.objects.get(id=order.customer_id)\n    return orders\n', errors: [{ messageId: 'queryInLoop', line: 3 }] },
    { name: 'python session in comprehension', language: 'python', code: 'def users(ids):\n    return [session.get(User, i) for i in ids]\n', errors: [{ messageId: 'queryInLoop', line: 2 }] },
    { name: 'go QueryRow in range', language: 'go', code: 'func (s *Store) Authors(posts []Post) {\n\tfor _, p := range posts {\n\t\ts.db.QueryRow("SELECT name FROM users WHERE id = $1", p.AuthorID).Scan(&p.Author)\n\t}\n}\n', errors: [{ messageId: 'queryInLoop', line: 3 }] },
    { name: 'js typeorm repository delete per element', language: 'js', code: "export class ArticleService {\n  async deleteAllComments(slug) {\n    let article = await this.articleRepository.findOne({slug});\n\n    for (const comment of article.comments) {\n      await this.commentRepository.delete(comment.id);\n    }\n\n    article.comments = [];\n    return this.articleRepository.save(article);\n  }\n}\n", errors: [{ messageId: 'queryInLoop', line: 6 }] },
    { name: 'python django create per element', language: 'python', code: 'def add_tags(article, names):\n    for name in names:\n        Tag.objects.create(article=article, tag=name)\n', errors: [{ messageId: 'queryInLoop', line: 3 }] },
    { name: 'go gorm Create per element', language: 'go', code: 'func (as *ArticleStore) AddTags(a *model.Article, tags []model.Tag) error {\n\tfor _, t := range tags {\n\t\tif err := as.db.Create(&t).Error; err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n\treturn nil\n}\n', errors: [{ messageId: 'queryInLoop', line: 3 }] },
    { name: 'java repository save per element', language: 'java', code: 'class VisitService {\n  void cancelAll(List<Visit> visits) {\n    for (Visit visit : visits) {\n      visit.setCancelled(true);\n      visitRepository.save(visit);\n    }\n  }\n}\n', errors: [{ messageId: 'queryInLoop', line: 5 }] },
    { name: 'java repository in enhanced for', language: 'java', code: 'class S {\n  List<C> f(List<O> orders) {\n    List<C> r = new ArrayList<>();\n    for (O o : orders) {\n      r.add(customerRepository.findById(o.getCustomerId()).orElseThrow());\n    }\n    return r;\n  }\n}\n', errors: [{ messageId: 'queryInLoop', line: 5 }] },
  ],
});
