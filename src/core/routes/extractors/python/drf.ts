import { stableHash } from '../../../hash.js';
import type { Route } from '../../types.js';
import { djangoRegexToPath, walkUrlconfs, type UrlconfRouter } from './shared/django-urlconf.js';
import { DjangoViews, VIEWSET_ACTIONS, type DrfPolicy, type ViewEndpoint } from './shared/django-views.js';
import { isDefaultRouter } from './shared/framework-objects.js';
import { makeRoute } from './shared/make-route.js';
import type { Mount } from './shared/mount-graph.js';
import { argument, declarationHash, exprText, keywordArg, lastName, type PyExpr } from './shared/py-expr.js';
import { pythonExtractor } from './shared/python-project-for.js';
import { handlerOf, type ClassMro, type Ctx, type FrameworkObject, type PythonProject } from './shared/python-project.js';

/** SimpleRouter's routes: list and detail, and the viewset action behind each method. */
const LIST_ACTIONS: Array<[string, string]> = [['GET', 'list'], ['POST', 'create']];
const DETAIL_ACTIONS: Array<[string, string]> = [['GET', 'retrieve'], ['PUT', 'update'], ['PATCH', 'partial_update'], ['DELETE', 'destroy']];

/**
 * Django REST framework: viewsets registered on DefaultRouter/SimpleRouter (and drf-nested-routers)
 * and included in URLconfs → list and detail routes with the methods the viewset's actions give,
 * `@action` extra routes, the DefaultRouter API root; APIView classes and `@api_view` functions
 * reached from URLconfs. Authentication, permission and throttle classes become middleware.
 */
export const drfExtractor = pythonExtractor('drf', ['rest_framework', 'rest_framework_nested', 'rest_framework_extensions'], (py) => new DrfLinker(py).routes());

interface Registration {
  prefix?: PyExpr;
  viewset?: PyExpr;
  ctx: Ctx;
  file: string;
  line: number;
  declHash: string;
}

interface ExtraAction {
  name: string;
  detail: boolean;
  urlPath: string;
  endpoints: ViewEndpoint[];
}

class DrfLinker {
  private readonly views: DjangoViews;
  private readonly registrations = new Map<string, Registration[]>();

  constructor(private readonly py: PythonProject) {
    this.views = new DjangoViews(py);
  }

  routes(): Route[] {
    this.readRegistrations();
    const routes: Route[] = [];
    for (const entry of walkUrlconfs(this.py)) {
      if (entry.kind === 'router') {
        routes.push(...this.routerRoutes(entry));
        continue;
      }
      const classified = this.views.classify(entry.view, entry.viewExpr, entry.wrappers, entry.viewCtx);
      if (classified.framework !== 'drf') continue;
      const mount: Mount = { pieces: entry.pieces, middleware: [], partial: entry.partial, notes: entry.notes };
      for (const endpoint of classified.endpoints) routes.push(this.route(mount, [], endpoint, entry, classified.notes));
    }
    return routes;
  }

  private route(mount: Mount, pieces: string[], endpoint: ViewEndpoint, at: { file: string; line: number; declHash: string }, notes: string[] = []): Route {
    return makeRoute({
      framework: 'drf',
      method: endpoint.method,
      mount,
      pieces,
      file: at.file,
      line: at.line,
      declHash: at.declHash,
      ...(endpoint.handler ? { handler: endpoint.handler } : {}),
      ...(endpoint.handlerHash ? { handlerHash: endpoint.handlerHash } : {}),
      middleware: endpoint.middleware,
      notes,
    });
  }

  /** `router.register(r'articles', ArticleViewSet, basename='article')`, anywhere. */
  private readRegistrations(): void {
    for (const [file, facts] of this.py.modules) {
      for (const fact of facts.calls) {
        const call = fact.call;
        if (call.fn.k !== 'attr' || call.fn.name !== 'register') continue;
        for (const ctx of this.py.callContexts(fact, file)) {
          const router = this.py.objectOf(call.fn.obj, ctx);
          if (!router?.kind.startsWith('drf.')) continue;
          const registration: Registration = { ctx, file, line: call.line, declHash: declarationHash(call) };
          const prefix = argument(call, 0, 'prefix');
          const viewset = argument(call, 1, 'viewset');
          if (prefix) registration.prefix = prefix;
          if (viewset) registration.viewset = viewset;
          const list = this.registrations.get(router.id);
          if (list) list.push(registration);
          else this.registrations.set(router.id, [registration]);
        }
      }
    }
  }

  private routerRoutes(entry: UrlconfRouter): Route[] {
    const router = entry.router;
    const mount: Mount = { pieces: [...entry.pieces], middleware: [], partial: entry.partial, notes: [...entry.notes] };
    const routes: Route[] = [];
    if (router.kind === 'drf.nested-router') {
      const nested = this.nestedPieces(router, 0);
      mount.pieces.push(...nested.pieces);
      if (nested.partial) mount.partial = true;
      mount.notes.push(...nested.notes);
    } else if (isDefaultRouter(router.ext) && this.hasRootView(router)) {
      routes.push(
        this.route(mount, [], { method: 'GET', middleware: [] }, { file: router.file, line: router.line, declHash: stableHash(router.call ? exprText(router.call) : router.ext) }),
      );
    }
    for (const registration of this.registrations.get(router.id) ?? []) routes.push(...this.viewsetRoutes(registration, mount));
    return routes;
  }

  private hasRootView(router: FrameworkObject): boolean {
    const flag = router.call ? keywordArg(router.call, 'include_root_view') : undefined;
    return !(flag?.k === 'const' && flag.v === 'False');
  }

  private viewsetRoutes(registration: Registration, mount: Mount): Route[] {
    const prefix = this.prefixOf(registration);
    const routeMount: Mount = { ...mount, partial: mount.partial || prefix.partial, notes: [...mount.notes, ...prefix.notes] };
    const target = registration.viewset ? this.py.evaluate(registration.viewset, registration.ctx) : undefined;
    const routes: Route[] = [];
    if (target?.t !== 'class') {
      const note = `viewset ${registration.viewset ? exprText(registration.viewset) : '?'} could not be resolved`;
      routes.push(this.route(routeMount, [prefix.value], { method: 'ANY', middleware: [] }, registration, [note]));
      routes.push(this.route(routeMount, [prefix.value, '{pk}'], { method: 'ANY', middleware: [] }, registration, [note]));
      return routes;
    }
    const mro = this.py.mro(target.cls, target.file);
    const lookup = `{${this.lookupKwarg(mro)}}`;
    const available = this.actions(mro);
    const allowed = this.views.allowedMethods(mro);
    const classMiddleware = this.views.classMiddleware(mro);
    const emit = (pieces: string[], method: string, endpoint: ViewEndpoint): void => {
      if (allowed && !allowed.includes(method.toUpperCase())) return;
      routes.push(this.route(routeMount, pieces, endpoint, registration));
    };
    for (const [method, action] of LIST_ACTIONS) {
      if (available.has(action)) emit([prefix.value], method, this.views.classEndpoint(mro, target.file, target.cls, method, action, classMiddleware));
    }
    for (const [method, action] of DETAIL_ACTIONS) {
      if (available.has(action)) emit([prefix.value, lookup], method, this.views.classEndpoint(mro, target.file, target.cls, method, action, classMiddleware));
    }
    for (const extra of this.extraActions(mro)) {
      const pieces = extra.detail ? [prefix.value, lookup, extra.urlPath] : [prefix.value, extra.urlPath];
      for (const endpoint of extra.endpoints) emit(pieces, endpoint.method, endpoint);
    }
    return routes;
  }

  private prefixOf(registration: Registration): { value: string; partial: boolean; notes: string[] } {
    if (!registration.prefix) return { value: '', partial: true, notes: ['router prefix missing'] };
    const value = this.py.evaluateString(registration.prefix, registration.ctx);
    if (!value) return { value: '', partial: true, notes: [`${exprText(registration.prefix)} is computed at run time`] };
    return { value: djangoRegexToPath(value.value), partial: value.partial === true, notes: value.notes };
  }

  /** The router actions a viewset has: defined along its project bases, or given by DRF's viewsets and mixins. */
  private actions(mro: ClassMro): Set<string> {
    const actions = new Set<string>();
    for (const [, action] of [...LIST_ACTIONS, ...DETAIL_ACTIONS]) if (this.py.classMethod(mro, action)) actions.add(action);
    for (const qual of mro.externals) for (const action of VIEWSET_ACTIONS[qual.slice(qual.lastIndexOf('.') + 1)] ?? []) actions.add(action);
    return actions;
  }

  /** lookup_url_kwarg, else lookup_field, else pk. */
  private lookupKwarg(mro: ClassMro): string {
    for (const name of ['lookup_url_kwarg', 'lookup_field']) {
      const found = this.py.classAttr(mro, name);
      if (!found?.attr.value) continue;
      const value = this.py.evaluateString(found.attr.value, { file: found.file, scope: found.cls.scope });
      if (value && !value.partial && value.value !== '') return value.value;
    }
    return 'pk';
  }

  /** `@action(detail=True, methods=['post'], url_path='x')` (and the older list_route/detail_route), with `@x.mapping.delete`. */
  private extraActions(mro: ClassMro): ExtraAction[] {
    const actions = new Map<string, ExtraAction>();
    const mappings: Array<{ action: string; method: string; endpoint: ViewEndpoint }> = [];
    const seen = new Set<string>();
    for (const { file, cls } of mro.classes) {
      for (const fn of cls.methods) {
        if (seen.has(fn.name)) continue;
        seen.add(fn.name);
        const ctx: Ctx = { file, scope: cls.scope };
        for (const decorator of fn.decorators) {
          const expr = decorator.expr;
          const callee = expr.k === 'call' ? expr.fn : expr;
          const name = lastName(callee);
          if (callee.k === 'attr' && callee.obj.k === 'attr' && callee.obj.name === 'mapping' && callee.obj.obj.k === 'name') {
            const middleware = this.views.classMiddleware(mro);
            mappings.push({ action: callee.obj.obj.id, method: callee.name.toUpperCase(), endpoint: { method: callee.name.toUpperCase(), handler: handlerOf(file, fn), handlerHash: fn.bodyHash, middleware } });
            continue;
          }
          if (name !== 'action' && name !== 'list_route' && name !== 'detail_route') continue;
          const call = expr.k === 'call' ? expr : undefined;
          const detailArg = call ? keywordArg(call, 'detail') : undefined;
          const detail = name === 'detail_route' || (detailArg?.k === 'const' && detailArg.v === 'True');
          const methods = (call ? this.views.stringList(keywordArg(call, 'methods'), ctx) : undefined) ?? ['get'];
          const urlPathExpr = call ? keywordArg(call, 'url_path') : undefined;
          const urlPath = (urlPathExpr ? this.py.evaluateString(urlPathExpr, ctx)?.value : undefined) ?? fn.name;
          const overrides: Partial<Record<DrfPolicy, PyExpr>> = {};
          for (const policy of ['authentication_classes', 'permission_classes', 'throttle_classes'] as const) {
            const value = call ? keywordArg(call, policy) : undefined;
            if (value) overrides[policy] = value;
          }
          const middleware = this.views.classMiddleware(mro, overrides);
          actions.set(fn.name, {
            name: fn.name,
            detail,
            urlPath: djangoRegexToPath(urlPath),
            endpoints: methods.map((method) => ({ method: method.toUpperCase(), handler: handlerOf(file, fn), handlerHash: fn.bodyHash, middleware })),
          });
        }
      }
    }
    for (const mapping of mappings) actions.get(mapping.action)?.endpoints.push(mapping.endpoint);
    return [...actions.values()];
  }

  /**
   * drf-nested-routers: NestedSimpleRouter(parent, r'articles', lookup='article') serves its viewsets
   * under `articles/{article_pk}/` (the parent viewset's lookup_url_kwarg or lookup_field).
   */
  private nestedPieces(router: FrameworkObject, depth: number): { pieces: string[]; partial: boolean; notes: string[] } {
    const call = router.call;
    const ctx = router.ctx;
    if (!call || !ctx || depth > 6) return { pieces: [], partial: true, notes: ['nested router could not be followed'] };
    const parentExpr = argument(call, 0, 'parent_router');
    const parentPrefixExpr = argument(call, 1, 'parent_prefix');
    const parent = parentExpr ? this.py.objectOf(parentExpr, ctx) : undefined;
    const parentPrefix = parentPrefixExpr ? this.py.evaluateString(parentPrefixExpr, ctx)?.value : undefined;
    if (!parent || parentPrefix === undefined) return { pieces: [], partial: true, notes: [`parent of nested router ${router.file}:${router.line} could not be resolved`] };
    const above = parent.kind === 'drf.nested-router' ? this.nestedPieces(parent, depth + 1) : { pieces: [], partial: false, notes: [] };
    const lookupExpr = keywordArg(call, 'lookup');
    const lookup = (lookupExpr ? this.py.evaluateString(lookupExpr, ctx)?.value : undefined) ?? `nested_${depth + 1}`;
    const registration = (this.registrations.get(parent.id) ?? []).find((candidate) => candidate.prefix && this.py.evaluateString(candidate.prefix, candidate.ctx)?.value === parentPrefix);
    const viewset = registration?.viewset ? this.py.evaluate(registration.viewset, registration.ctx) : undefined;
    const kwarg = viewset?.t === 'class' ? this.lookupKwarg(this.py.mro(viewset.cls, viewset.file)) : 'pk';
    return { pieces: [...above.pieces, djangoRegexToPath(parentPrefix), `{${lookup}_${kwarg}}`], partial: above.partial, notes: above.notes };
  }
}
