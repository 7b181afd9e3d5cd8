import { missingRouteAuth } from '../../src/core/rules/auth-missing-route-auth.js';
import { testRule } from './rule-tester.js';

const code = "router.get('/orders', authenticate, list);\nrouter.get('/orders/:id', authenticate, get);\nrouter.delete('/orders/:id', remove);\n";
const existing = [
  { method: 'GET', path: '/orders', line: 1, middleware: ['authenticate'], change: 'unchanged' as const },
  { method: 'GET', path: '/orders/{id}', line: 2, middleware: ['authenticate'], change: 'unchanged' as const },
];

testRule(missingRouteAuth, {
  valid: [
    { name: 'new route has the guard', language: 'js', code, routes: [...existing, { method: 'DELETE', path: '/orders/{id}', line: 3, middleware: ['authenticate'] }] },
    { name: 'siblings are not all protected', language: 'js', code, routes: [existing[0]!, { ...existing[1]!, middleware: [] }, { method: 'DELETE', path: '/orders/{id}', line: 3 }] },
    { name: 'one sibling in the file, a public router beside it', language: 'js', code: "router.get('/:id', authenticate, get);\nrouter.get('/', list);\n", path: 'src/routes/customers.ts', routes: [
      { method: 'GET', path: '/customers/{id}', line: 1, middleware: ['authenticate'], change: 'unchanged', file: 'src/routes/customers.ts' },
      { method: 'GET', path: '/customers', line: 2, file: 'src/routes/customers.ts' },
      { method: 'GET', path: '/products', line: 1, change: 'unchanged', file: 'src/routes/products.ts' },
    ], files: { 'src/routes/products.ts': "router.get('/', list);\n" } },
    { name: 'only one sibling', language: 'js', code, routes: [existing[0]!, { method: 'DELETE', path: '/orders/{id}', line: 3 }] },
    { name: 'login is public by nature', language: 'js', code, routes: [...existing, { method: 'POST', path: '/auth/login', line: 3 }] },
    { name: 'sibling in another file does not count', language: 'js', code, routes: [...existing.map((r) => ({ ...r, file: 'src/other.ts' })), { method: 'DELETE', path: '/orders/{id}', line: 3 }], files: { 'src/other.ts': '\n\n' } },
    { name: 'python dependency on the new route', language: 'python', code: '@r.get("/a")\ndef a(u=Depends(get_current_user)): ...\n@r.get("/b")\ndef b(u=Depends(get_current_user)): ...\n@r.post("/c")\ndef c(u=Depends(get_current_user)): ...\n', routes: [
      { method: 'GET', path: '/a', line: 1, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
      { method: 'GET', path: '/b', line: 3, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
      { method: 'POST', path: '/c', line: 5, middleware: ['Depends(get_current_user)'] },
    ] },
    { name: 'js next.js route handler checks the session in its body like its siblings', language: 'js', path: 'app/api/v1/posts/[id]/route.ts', code: "import { NextResponse, type NextRequest } from 'next/server';\nimport { auth } from '@/lib/auth';\nimport { prisma } from '@/lib/prisma';\n\nexport async function GET(_request: NextRequest, { params }: { params: { id: string } }) {\n  const session = await auth();\n  if (!session?.user) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });\n  return NextResponse.json(await prisma.post.findUnique({ where: { id: params.id } }));\n}\n\nexport async function PATCH(request: NextRequest, { params }: { params: { id: string } }) {\n  const session = await auth();\n  if (!session?.user) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });\n  const data = schema.parse(await request.json());\n  return NextResponse.json(await prisma.post.update({ where: { id: params.id }, data }));\n}\n\nexport async function DELETE(_request: NextRequest, { params }: { params: { id: string } }) {\n  const session = await auth();\n  if (!session?.user) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });\n  await prisma.post.delete({ where: { id: params.id } });\n  return new NextResponse(null, { status: 204 });\n}\n", routes: [{ method: 'GET', path: '/api/v1/posts/{id}', line: 5, handler: [5, 9], framework: 'nextjs', change: 'unchanged' }, { method: 'PATCH', path: '/api/v1/posts/{id}', line: 11, handler: [11, 16], framework: 'nextjs', change: 'unchanged' }, { method: 'DELETE', path: '/api/v1/posts/{id}', line: 18, handler: [18, 23], framework: 'nextjs' }] },
    { name: 'go gin route added where the app is wired (no route beside it in main.go): not judged by the routes under its prefix elsewhere (public catalogs, second servers)', language: 'go', path: 'main.go', code: "package main\n\nfunc main() {\n\tr := gin.New()\n\tv1 := r.Group(\"/api/v1\")\n\tregister(v1, requireAuth())\n\tv1.GET(\"/admin/tasks\", allTasks)\n\tr.Run()\n}\n", files: { 'routes.go': "package main\n\nfunc register(r *gin.RouterGroup, auth gin.HandlerFunc) {\n\tr.GET(\"/tasks\", auth, listTasks)\n\tr.GET(\"/tasks/:id\", auth, getTask)\n\tr.POST(\"/tasks\", auth, createTask)\n}\n" }, routes: [{ method: 'GET', path: '/api/v1/tasks', line: 4, file: 'routes.go', middleware: ['requireAuth()'], change: 'unchanged' }, { method: 'GET', path: '/api/v1/tasks/{id}', line: 5, file: 'routes.go', middleware: ['requireAuth()'], change: 'unchanged' }, { method: 'POST', path: '/api/v1/tasks', line: 6, file: 'routes.go', middleware: ['requireAuth()'], change: 'unchanged' }, { method: 'GET', path: '/api/v1/admin/tasks', line: 7, file: 'main.go' }] },
  ],
  invalid: [
    { name: 'js new route without the guard', language: 'js', code, routes: [...existing, { method: 'DELETE', path: '/orders/{id}', line: 3 }], errors: [{ messageId: 'missingAuth', line: 3 }] },
    { name: 'js one sibling in the file, routers beside it agree', language: 'js', code: "router.get('/:id', authenticate, get);\nrouter.get('/', list);\n", path: 'src/routes/customers.ts', routes: [
      { method: 'GET', path: '/customers/{id}', line: 1, middleware: ['authenticate'], change: 'unchanged', file: 'src/routes/customers.ts' },
      { method: 'GET', path: '/customers', line: 2, file: 'src/routes/customers.ts' },
      { method: 'GET', path: '/orders', line: 1, middleware: ['authenticate'], change: 'unchanged', file: 'src/routes/orders.ts' },
    ], files: { 'src/routes/orders.ts': "router.get('/', authenticate, list);\n" }, errors: [{ messageId: 'missingAuth', line: 2, path: 'src/routes/customers.ts' }] },
    { name: 'js guard removed from a route', language: 'js', code, routes: [existing[0]!, { method: 'GET', path: '/orders/{id}', line: 2 }], baseRoutes: [{ method: 'GET', path: '/orders/{id}', line: 2, middleware: ['authenticate'] }], errors: [{ messageId: 'authRemoved', line: 2 }] },
    { name: 'python FastAPI dependency missing', language: 'python', code: '@r.get("/a")\ndef a(u=Depends(get_current_user)): ...\n@r.get("/b")\ndef b(u=Depends(get_current_user)): ...\n@r.delete("/c")\ndef c(): ...\n', routes: [
      { method: 'GET', path: '/a', line: 1, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
      { method: 'GET', path: '/b', line: 3, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
      { method: 'DELETE', path: '/c', line: 5 },
    ], errors: [{ messageId: 'missingAuth', line: 5 }] },
    { name: 'go middleware', language: 'go', code: 'package r\n\nfunc routes(r *gin.Engine) {\n\tr.GET("/a", auth, a)\n\tr.GET("/b", auth, b)\n\tr.POST("/c", c)\n}\n', routes: [
      { method: 'GET', path: '/a', line: 4, middleware: ['AuthRequired()'], change: 'unchanged' },
      { method: 'GET', path: '/b', line: 5, middleware: ['AuthRequired()'], change: 'unchanged' },
      { method: 'POST', path: '/c', line: 6 },
    ], errors: [{ messageId: 'missingAuth', line: 6 }] },
    { name: 'java PreAuthorize', language: 'java', code: 'class C {\n  @PreAuthorize("hasRole(\'A\')") @GetMapping("/a") A a() { return null; }\n  @PreAuthorize("hasRole(\'A\')") @GetMapping("/b") B b() { return null; }\n  @DeleteMapping("/c") void c() {}\n}\n', routes: [
      { method: 'GET', path: '/a', line: 2, middleware: ['@PreAuthorize("hasRole(\'A\')")'], change: 'unchanged' },
      { method: 'GET', path: '/b', line: 3, middleware: ['@PreAuthorize("hasRole(\'A\')")'], change: 'unchanged' },
      { method: 'DELETE', path: '/c', line: 4 },
    ], errors: [{ messageId: 'missingAuth', line: 4 }] },
    { name: 'js next.js route handler without the session check its sibling handlers make', language: 'js', path: 'app/api/v1/posts/[id]/route.ts', code: "import { NextResponse, type NextRequest } from 'next/server';\nimport { auth } from '@/lib/auth';\nimport { prisma } from '@/lib/prisma';\n\nexport async function GET(_request: NextRequest, { params }: { params: { id: string } }) {\n  const session = await auth();\n  if (!session?.user) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });\n  return NextResponse.json(await prisma.post.findUnique({ where: { id: params.id } }));\n}\n\nexport async function PATCH(request: NextRequest, { params }: { params: { id: string } }) {\n  const session = await auth();\n  if (!session?.user) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });\n  const data = schema.parse(await request.json());\n  return NextResponse.json(await prisma.post.update({ where: { id: params.id }, data }));\n}\n\nexport async function DELETE(_request: NextRequest, { params }: { params: { id: string } }) {\n  await prisma.post.delete({ where: { id: params.id } });\n  return new NextResponse(null, { status: 204 });\n}\n", routes: [{ method: 'GET', path: '/api/v1/posts/{id}', line: 5, handler: [5, 9], framework: 'nextjs', change: 'unchanged' }, { method: 'PATCH', path: '/api/v1/posts/{id}', line: 11, handler: [11, 16], framework: 'nextjs', change: 'unchanged' }, { method: 'DELETE', path: '/api/v1/posts/{id}', line: 18, handler: [18, 21], framework: 'nextjs' }], errors: [{ messageId: 'missingAuth', line: 18 }] },
  ],
});
