import { describe, expect, it } from '@jest/globals';
import { parseSnippet } from '../../../src/core/source/language.js';
import { exprText } from '../../../src/core/routes/extractors/python/shared/py-expr.js';
import { summarisePythonModule } from '../../../src/core/routes/extractors/python/shared/summarise-python-module.js';

const SOURCE = [
  'from .endpoints import users as users_router, items',
  'import app.core.config',
  'from app.deps import *',
  '',
  'router = APIRouter(prefix="/x")',
  '',
  '@router.get(',
  '    "/{id}",',
  '    dependencies=[Depends(auth)],',
  ')',
  '@login_required',
  'async def read(id: int, user: CurrentUser, db: Session = Depends(get_db)):',
  '    return id',
  '',
  'def create_app():',
  '    app = FastAPI()',
  '    for r in [a.router, b.router]:',
  '        app.include_router(r, prefix="/p")',
  '    return app',
  '',
  'class Settings(BaseSettings):',
  '    API_PREFIX: str = "/api"',
  '    name = models.CharField(max_length=10)',
  '',
  'app = create_app()',
].join('\n');

describe('summarisePythonModule', () => {
  const facts = summarisePythonModule(parseSnippet('python', SOURCE, 'svc/main.py'));

  it('keeps imports with their level and alias', () => {
    expect(facts.imports.map((imp) => [imp.local, imp.module, imp.level, imp.name ?? null, imp.star ?? false])).toEqual([
      ['users_router', 'endpoints', 1, 'users', false],
      ['items', 'endpoints', 1, 'items', false],
      ['app', 'app.core.config', 0, null, false],
      ['*', 'app.deps', 0, null, true],
    ]);
    expect(facts.packages).toEqual(['app']);
  });

  it('keeps decorators with their own lines, parameters with dependencies, and the handler span', () => {
    const read = facts.functions.find((fn) => fn.name === 'read')!;
    expect(read.decorators.map((decorator) => [decorator.line, exprText(decorator.expr)])).toEqual([
      [7, 'router.get("/{id}", dependencies=[Depends(auth)])'],
      [11, 'login_required'],
    ]);
    expect(read.params.map((param) => [param.name, param.annotation ? exprText(param.annotation) : null, param.default ? exprText(param.default) : null])).toEqual([
      ['id', 'int', null],
      ['user', 'CurrentUser', null],
      ['db', 'Session', 'Depends(get_db)'],
    ]);
    expect([read.line, read.endLine]).toEqual([12, 13]);
  });

  it('reads the bodies of factories: their bindings, calls in loops, and what they return', () => {
    expect(facts.bindings.map((binding) => [binding.name, binding.scope])).toEqual([
      ['router', ''],
      ['app', 'create_app'],
      ['app', ''],
    ]);
    expect(facts.calls.map((call) => [exprText(call.call), call.call.line, call.scope, call.loops?.map((loop) => exprText(loop.iter))])).toEqual([
      ['app.include_router(r, prefix="/p")', 18, 'create_app', ['[a.router, b.router]']],
    ]);
    expect(facts.functions.find((fn) => fn.name === 'create_app')?.returns?.map(exprText)).toEqual(['app']);
  });

  it('qualifies scopes by class and enclosing function, so namesakes stay apart', () => {
    const qualified = summarisePythonModule(
      parseSnippet(
        'python',
        [
          'class ApiHandler:',
          '    def register(self, app):',
          '        app.add_routes(api_routes)',
          '',
          'class SecretsApiHandler:',
          '    def register(self, app):',
          '        app.add_routes(secret_routes)',
          '',
          'def create_app():',
          '    app = Application()',
          '    def setup(sub):',
          '        sub.add_routes(routes)',
          '    setup(app)',
          '    return app',
        ].join('\n'),
        'svc/handlers.py',
      ),
    );
    expect(qualified.calls.map((call) => [exprText(call.call), call.scope])).toEqual([
      ['app.add_routes(api_routes)', 'ApiHandler.register'],
      ['app.add_routes(secret_routes)', 'SecretsApiHandler.register'],
      ['sub.add_routes(routes)', 'create_app.setup'],
    ]);
    expect(qualified.functions.map((fn) => [fn.name, fn.scope])).toEqual([
      ['create_app', ''],
      ['setup', 'create_app'],
    ]);
    expect(qualified.bindings.map((binding) => [binding.name, binding.scope])).toEqual([['app', 'create_app']]);
  });

  it('keeps settings defaults and skips model fields', () => {
    const settings = facts.classes.find((cls) => cls.name === 'Settings')!;
    expect(settings.attrs.map((attr) => [attr.name, attr.value ? exprText(attr.value) : null])).toEqual([
      ['API_PREFIX', '"/api"'],
      ['name', null],
    ]);
  });
});
