import { unvalidatedBodyWrite } from '../../src/core/rules/validation-unvalidated-body-write.js';
import { testRule } from './rule-tester.js';

testRule(unvalidatedBodyWrite, {
  valid: [
    { name: 'js zod parse first', language: 'js', code: "router.post('/p', async (req, res) => {\n  const input = productSchema.parse(req.body);\n  res.json(await Product.create(input));\n});\n" },
    { name: 'js validation middleware', language: 'js', code: "router.post('/p', validate(productSchema), async (req, res) => {\n  res.json(await Product.create(req.body));\n});\n" },
    { name: 'js picked fields', language: 'js', code: "router.post('/p', async (req, res) => {\n  const { name, price } = req.body;\n  res.json(await Product.create({ name, price }));\n});\n" },
    { name: 'js controller whose route validates', language: 'js', code: "export async function create(req, res) {\n  res.json(await Product.create(req.body));\n}\n", routes: [{ method: 'POST', path: '/p', line: 1, handler: [1, 3], middleware: ['celebrate(productSchema)'] }] },
    { name: 'python marshmallow load', language: 'python', code: '@app.route("/p", methods=["POST"])\ndef create():\n    data = ProductSchema().load(request.get_json())\n    db.session.add(Product(**data))\n' },
    { name: 'python FastAPI model', language: 'python', code: '@app.post("/p")\ndef create(p: ProductIn, db: Session = Depends(get_db)):\n    db.add(Product(**p.model_dump()))\n' },
    { name: 'js body handed to a service layer', language: 'js', code: "router.post('/p', async (req, res) => {\n  res.json(await productService.create(req.body));\n});\n" },
    { name: 'js fastify controller (schema lives in route options)', language: 'js', code: "async function createUser(request, reply) {\n  return this.db.users.create(request.body);\n}\n", routes: [{ method: 'POST', path: '/users', line: 1, handler: [1, 3], framework: 'fastify' }] },
    { name: 'java body handed to a service', language: 'java', code: 'class C {\n  private final CommentService comments;\n  @PostMapping("/c")\n  public C create(@RequestBody NewComment param) {\n    return comments.create(param);\n  }\n}\n' },
    { name: 'java @Valid', language: 'java', code: 'class C {\n  @PostMapping("/p")\n  public P create(@Valid @RequestBody P p) {\n    return productRepository.save(p);\n  }\n}\n' },
  ],
  invalid: [
    { name: 'js create(req.body)', language: 'js', code: "router.post('/products', async (req, res) => {\n  const product = await Product.create(req.body);\n  res.status(201).json(product);\n});\n", errors: [{ messageId: 'rawBodyWrite', line: 2 }] },
    { name: 'js prisma data: body local', language: 'js', code: "router.put('/p/:id', async (req, res) => {\n  const body = req.body;\n  res.json(await prisma.product.update({ where: { id: req.params.id }, data: body }));\n});\n", errors: [{ messageId: 'rawBodyWrite', line: 3 }] },
    { name: 'js controller function whose route has no validator', language: 'js', code: "export async function create(req, res) {\n  const doc = new Product({ ...req.body, owner: req.user.id });\n  await doc.save();\n  res.json(doc);\n}\n", routes: [{ method: 'POST', path: '/p', line: 1, handler: [1, 5], middleware: ['authenticate'] }], errors: [{ messageId: 'rawBodyWrite', line: 2 }] },
    { name: 'python Model(**request.get_json())', language: 'python', code: '@app.route("/products", methods=["POST"])\ndef create_product():\n    product = Product(**request.get_json())\n    db.session.add(product)\n    db.session.commit()\n', errors: [{ messageId: 'rawBodyWrite', line: 3 }] },
    { name: 'python django create(**request.POST)', language: 'python', code: 'def create(request):\n    Product.objects.create(**request.POST)\n    return HttpResponse(status=201)\n', errors: [{ messageId: 'rawBodyWrite', line: 2 }] },
    { name: 'java @RequestBody saved without @Valid', language: 'java', code: 'class ProductController {\n  @PostMapping("/products")\n  public Product create(@RequestBody Product product) {\n    return productRepository.save(product);\n  }\n}\n', errors: [{ messageId: 'rawBodyWrite', line: 4 }] },
  ],
});
