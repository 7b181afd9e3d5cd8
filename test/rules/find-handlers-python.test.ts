import { describe, expect, it } from '@jest/globals';
import { languageFamily, parseSnippet } from '../../src/core/source/language.js';
import { FileFacts } from '../../src/core/rules/support/file-facts.js';
import { findHandlers } from '../../src/core/rules/support/find-handlers.js';

/** Each handler's name, method, request names and client-input parameters, in document order. */
function handlersOf(code: string): Array<{ name?: string; method?: string; requestNames: string[]; inputParams: string[]; lines: [number, number] }> {
  const file = new FileFacts(parseSnippet('python', code), languageFamily('python'));
  file.plan(['function_definition']);
  return findHandlers(file).map((h) => ({ name: h.name, ...(h.method ? { method: h.method } : {}), requestNames: h.requestNames, inputParams: h.inputParams, lines: [h.startLine, h.endLine] }));
}

describe('findHandlers (Python frameworks)', () => {
  it('reads Litestar bare decorators, `route(http_method=…)` and Controller methods', () => {
    const code = [
      'from litestar import Controller, Request, get, post, route',
      'from litestar.enums import HttpMethod',
      '',
      'class ItemController(Controller):',
      '    path = "/items"',
      '',
      '    @get()',
      '    async def list_items(self, db_session: AsyncSession, limit: int = 20) -> list[ItemOut]:',
      '        return []',
      '',
      '    @post()',
      '    async def create_item(self, data: ItemIn, db_session: AsyncSession) -> ItemOut:',
      '        return data',
      '',
      '@route("/sync", http_method=[HttpMethod.PUT, HttpMethod.PATCH])',
      'async def sync(request: Request) -> None:',
      '    pass',
      '',
      'def helper(value):',
      '    return value',
      '',
    ].join('\n');
    expect(handlersOf(code)).toEqual([
      { name: 'list_items', method: 'GET', requestNames: [], inputParams: ['limit'], lines: [8, 9] },
      { name: 'create_item', method: 'POST', requestNames: [], inputParams: ['data'], lines: [12, 13] },
      { name: 'sync', method: 'PUT', requestNames: ['request'], inputParams: [], lines: [16, 17] },
    ]);
  });

  it('ignores bare `@get` decorators in files that do not import Litestar', () => {
    expect(handlersOf('from cache import get\n\n@get("k")\ndef cached(value):\n    return value\n')).toEqual([]);
  });

  it('reads aiohttp route tables, registered functions and web.View methods', () => {
    const code = [
      'from aiohttp import web',
      '',
      'routes = web.RouteTableDef()',
      '',
      '@routes.get("/items")',
      'async def list_items(request: web.Request) -> web.Response:',
      '    return web.json_response([])',
      '',
      'async def create_item(req: web.Request) -> web.Response:',
      '    return web.json_response(await req.json(), status=201)',
      '',
      'class ItemView(web.View):',
      '    async def get(self) -> web.Response:',
      '        return web.json_response({})',
      '',
      '    def _helper(self):',
      '        return None',
      '',
      'app = web.Application()',
      'app.router.add_post("/items", create_item)',
      '',
    ].join('\n');
    expect(handlersOf(code)).toEqual([
      { name: 'list_items', method: 'GET', requestNames: ['request'], inputParams: [], lines: [6, 7] },
      { name: 'create_item', requestNames: ['req'], inputParams: [], lines: [9, 10] },
      { name: 'get', method: 'GET', requestNames: ['self.request'], inputParams: [], lines: [13, 14] },
    ]);
  });

  it('reads Starlette endpoints and HTTPEndpoint methods, Sanic blueprints', () => {
    const code = [
      'from starlette.endpoints import HTTPEndpoint',
      'from starlette.routing import Route',
      '',
      'async def homepage(request):',
      '    return JSONResponse({})',
      '',
      'class Users(HTTPEndpoint):',
      '    async def post(self, request):',
      '        return JSONResponse(await request.json())',
      '',
      '@bp.route("/orders", methods=["POST"])',
      'async def create_order(request):',
      '    return json({})',
      '',
      'routes = [Route("/", homepage), Route("/users", Users)]',
      '',
    ].join('\n');
    expect(handlersOf(code)).toEqual([
      { name: 'homepage', requestNames: ['request'], inputParams: [], lines: [4, 5] },
      { name: 'post', method: 'POST', requestNames: ['request'], inputParams: [], lines: [8, 9] },
      { name: 'create_order', method: 'POST', requestNames: ['request'], inputParams: [], lines: [12, 13] },
    ]);
  });
  it('takes plain functions for handlers only when their first parameter is a framework request, not a model named …Request', () => {
    const code = [
      'from aiohttp import web',
      'from django.http import HttpRequest',
      'from .schemas import CreateOrderRequest',
      '',
      'async def list_orders(request: web.Request) -> web.Response:',
      '    return web.json_response([])',
      '',
      'def index(request):',
      '    return None',
      '',
      'def detail(req: HttpRequest, pk):',
      '    return None',
      '',
      'async def create_order(payload: CreateOrderRequest, db):',
      '    return await db.insert(payload)',
      '',
      'def audit(request: AuditRequest):',
      '    return request',
      '',
    ].join('\n');
    expect(handlersOf(code).map((handler) => handler.name)).toEqual(['list_orders', 'index', 'detail']);
  });
});
