import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { authMiddlewareOf } from '../../../src/core/rules/support/route-traits.js';
import { routesOf } from './support/route-fixtures.js';

const lines = (...text: string[]): string => text.join('\n');

/** What auth/missing-route-auth reads as each route's authentication: `METHOD path → auth`. */
async function authByRoute(tree: MemoryTree): Promise<string[]> {
  return (await routesOf(tree)).map((found) => `${found.method} ${found.path} → ${authMiddlewareOf(found) ?? 'none'}`);
}

describe('auth of decorator-controller routes, as the auth rule reads it', () => {
  it('counts routing-controllers @Authorized (class or method) and @UseBefore(passport.authenticate…) as authentication', async () => {
    const tree = new MemoryTree('head', {
      'src/controllers/AccountController.ts': lines(
        "import { Authorized, Get, JsonController, Post, UseBefore } from 'routing-controllers';",
        "import passport from 'passport';",
        '',
        "@JsonController('/accounts')",
        'export class AccountController {',
        '  @Get()',
        '  @Authorized()',
        '  list() {}',
        '',
        "  @Get('/:id')",
        "  @Authorized(['admin'])",
        '  one() {}',
        '',
        "  @Post('/:id/close')",
        "  @UseBefore(passport.authenticate('bearer', { session: false }))",
        '  close() {}',
        '',
        '  @Post()',
        '  create() {}',
        '}',
      ),
    });
    expect(await authByRoute(tree)).toEqual([
      'GET /accounts → @Authorized()',
      'POST /accounts → none',
      "GET /accounts/{id} → @Authorized(['admin'])",
      "POST /accounts/{id}/close → passport.authenticate('bearer', { session: false })",
    ]);
  });

  it('counts tsoa @Security whatever the scheme is named (jwt, api_key, bearerAuth, oauth2, firebase) and no security under @NoSecurity', async () => {
    const tree = new MemoryTree('head', {
      'src/controllers/reportController.ts': lines(
        "import { Controller, Get, NoSecurity, Post, Route, Security } from 'tsoa';",
        '',
        "@Route('reports')",
        "@Security('jwt')",
        'export class ReportController extends Controller {',
        '  @Get()',
        '  public async list() {}',
        '',
        "  @Security('api_key')",
        "  @Get('{reportId}')",
        '  public async one() {}',
        '',
        "  @Security('bearerAuth')",
        "  @Post('{reportId}/share')",
        '  public async share() {}',
        '',
        "  @Security('oauth2', ['reports:write'])",
        '  @Post()',
        '  public async create() {}',
        '',
        "  @Security('firebase')",
        "  @Get('{reportId}/pdf')",
        '  public async pdf() {}',
        '',
        '  @NoSecurity()',
        "  @Get('public/summary')",
        '  public async summary() {}',
        '}',
      ),
    });
    expect(await authByRoute(tree)).toEqual([
      "GET /reports → @Security('jwt')",
      "POST /reports → @Security('oauth2', ['reports:write'])",
      "GET /reports/{reportId} → @Security('api_key')",
      "GET /reports/{reportId}/pdf → @Security('firebase')",
      "POST /reports/{reportId}/share → @Security('bearerAuth')",
      'GET /reports/public/summary → none',
    ]);
  });
});
