import type { HandlerRef } from '../../../types.js';
import { middlewareName } from './middleware-name.js';
import { exprText, keywordArg, lastName, type PyCall, type PyExpr } from './py-expr.js';
import type { PyClassFacts, PyDecorator, PyFunctionFacts } from './python-module-facts.js';
import { handlerOf, type ClassMro, type Ctx, type PythonProject, type Value } from './python-project.js';

/** What one view answers: a method, the code that handles it, and what guards it. */
export interface ViewEndpoint {
  method: string;
  handler?: HandlerRef;
  handlerHash?: string;
  middleware: string[];
}

export interface ClassifiedView {
  framework: 'django' | 'drf';
  endpoints: ViewEndpoint[];
  notes: string[];
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

/** Django's generic views, by class name: the methods they answer. */
const DJANGO_GENERIC_METHODS: Record<string, string[]> = {
  View: [],
  TemplateView: ['GET'],
  RedirectView: ['ANY'],
  ListView: ['GET'],
  DetailView: ['GET'],
  ArchiveIndexView: ['GET'],
  YearArchiveView: ['GET'],
  MonthArchiveView: ['GET'],
  WeekArchiveView: ['GET'],
  DayArchiveView: ['GET'],
  TodayArchiveView: ['GET'],
  DateDetailView: ['GET'],
  FormView: ['GET', 'POST'],
  CreateView: ['GET', 'POST'],
  UpdateView: ['GET', 'POST'],
  DeleteView: ['GET', 'POST', 'DELETE'],
  LoginView: ['GET', 'POST'],
  LogoutView: ['GET', 'POST'],
  PasswordChangeView: ['GET', 'POST'],
  PasswordChangeDoneView: ['GET'],
  PasswordResetView: ['GET', 'POST'],
  PasswordResetDoneView: ['GET'],
  PasswordResetConfirmView: ['GET', 'POST'],
  PasswordResetCompleteView: ['GET'],
  GraphQLView: ['GET', 'POST'],
  // django.views.i18n: the translation catalogues of i18n projects.
  JavaScriptCatalog: ['GET'],
  JSONCatalog: ['GET'],
};

/** DRF's views and common DRF add-ons, by class name: the methods they answer. */
const DRF_GENERIC_METHODS: Record<string, string[]> = {
  APIView: [],
  GenericAPIView: [],
  CreateAPIView: ['POST'],
  ListAPIView: ['GET'],
  RetrieveAPIView: ['GET'],
  DestroyAPIView: ['DELETE'],
  UpdateAPIView: ['PUT', 'PATCH'],
  ListCreateAPIView: ['GET', 'POST'],
  RetrieveUpdateAPIView: ['GET', 'PUT', 'PATCH'],
  RetrieveDestroyAPIView: ['GET', 'DELETE'],
  RetrieveUpdateDestroyAPIView: ['GET', 'PUT', 'PATCH', 'DELETE'],
  ObtainAuthToken: ['POST'],
  TokenObtainPairView: ['POST'],
  TokenRefreshView: ['POST'],
  TokenVerifyView: ['POST'],
  TokenBlacklistView: ['POST'],
  TokenObtainSlidingView: ['POST'],
  TokenRefreshSlidingView: ['POST'],
  SpectacularAPIView: ['GET'],
  SpectacularSwaggerView: ['GET'],
  SpectacularRedocView: ['GET'],
  SpectacularJSONAPIView: ['GET'],
  SpectacularYAMLAPIView: ['GET'],
};

/**
 * Functions of DRF-style packages that build a view rather than being one: the methods that view answers.
 * Schema views (DRF's and drf-yasg's `get_schema_view`, django-rest-swagger's `get_swagger_view`) only read;
 * drf-yasg's are mounted through `.with_ui(...)`/`.without_ui(...)` on the built view.
 */
const DRF_VIEW_FACTORIES: Record<string, string[]> = {
  get_schema_view: ['GET'],
  get_swagger_view: ['GET'],
};

/** Methods of a factory-built view that return the same view in another form. */
const VIEW_VARIANTS = new Set(['with_ui', 'without_ui']);

/** DRF's generic views hand each method to a mixin action: the project's override of that action handles it. */
const DRF_GENERIC_ACTIONS: Record<string, Record<string, string>> = {
  CreateAPIView: { POST: 'create' },
  ListAPIView: { GET: 'list' },
  RetrieveAPIView: { GET: 'retrieve' },
  DestroyAPIView: { DELETE: 'destroy' },
  UpdateAPIView: { PUT: 'update', PATCH: 'partial_update' },
  ListCreateAPIView: { GET: 'list', POST: 'create' },
  RetrieveUpdateAPIView: { GET: 'retrieve', PUT: 'update', PATCH: 'partial_update' },
  RetrieveDestroyAPIView: { GET: 'retrieve', DELETE: 'destroy' },
  RetrieveUpdateDestroyAPIView: { GET: 'retrieve', PUT: 'update', PATCH: 'partial_update', DELETE: 'destroy' },
};

/** DRF's viewsets and mixins, by class name: the router actions they provide. */
export const VIEWSET_ACTIONS: Record<string, string[]> = {
  ModelViewSet: ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'],
  ReadOnlyModelViewSet: ['list', 'retrieve'],
  ViewSet: [],
  GenericViewSet: [],
  ViewSetMixin: [],
  ListModelMixin: ['list'],
  CreateModelMixin: ['create'],
  RetrieveModelMixin: ['retrieve'],
  UpdateModelMixin: ['update', 'partial_update'],
  DestroyModelMixin: ['destroy'],
};

/** DRF-style packages: views from them are DRF views. */
const DRF_PACKAGES = /^(rest_framework\w*|drf_\w+|dj_rest_auth|rest_auth|djoser)$/;

/** Function decorators that decide the methods of a Django view (not middleware). */
const METHOD_DECORATORS: Record<string, string[]> = {
  require_GET: ['GET'],
  require_POST: ['POST'],
  require_safe: ['GET'],
};

function lastSegment(qual: string): string {
  return qual.slice(qual.lastIndexOf('.') + 1);
}

/** The class is a DRF view (APIView, generic view, viewset), by its bases. */
export function isDrfClass(mro: ClassMro): boolean {
  return mro.externals.some((qual) => {
    const name = lastSegment(qual);
    return DRF_PACKAGES.test(qual.split('.')[0]!) || name in DRF_GENERIC_METHODS || name in VIEWSET_ACTIONS;
  });
}

export function isViewSet(mro: ClassMro): boolean {
  return mro.externals.some((qual) => /ViewSet(Mixin)?$/.test(lastSegment(qual)));
}

/** Reads what a view reached from a URLconf answers, and whether Django or DRF serves it. */
export class DjangoViews {
  private defaults?: Record<DrfPolicy, string[]>;

  constructor(private readonly py: PythonProject) {}

  classify(view: Value, viewCall: PyExpr, wrappers: string[], ctx: Ctx): ClassifiedView {
    switch (view.t) {
      case 'func':
        return this.functionView(view.file, view.fn, wrappers);
      case 'view':
        return this.classView(view.target, view.call, view.ctx, wrappers);
      case 'ext': {
        const name = lastSegment(view.qual);
        const drf = DRF_PACKAGES.test(view.qual.split('.')[0]!);
        const methods = (drf ? DRF_GENERIC_METHODS[name] : undefined) ?? (name === 'obtain_auth_token' ? ['POST'] : ['ANY']);
        return { framework: drf || name === 'obtain_auth_token' ? 'drf' : 'django', endpoints: methods.map((method) => ({ method, middleware: wrappers })), notes: [] };
      }
      case 'str': {
        // Django 1.x: url(r'^$', 'blog.views.index').
        const resolved = this.dottedView(view.s.value, ctx.file);
        if (resolved) return this.classify(resolved, viewCall, wrappers, ctx);
        return this.unresolved(viewCall, wrappers);
      }
      case 'inst':
        return this.factoryView(view, wrappers) ?? this.unresolved(viewCall, wrappers);
      default:
        return this.variantView(viewCall, ctx, wrappers) ?? this.unresolved(viewCall, wrappers);
    }
  }

  /** `get_schema_view(...)`: a view built by a known factory of a DRF-style package. */
  private factoryView(view: Value, wrappers: string[]): ClassifiedView | undefined {
    if (view.t !== 'inst' || view.of.t !== 'ext' || !DRF_PACKAGES.test(view.of.qual.split('.')[0]!)) return undefined;
    const methods = DRF_VIEW_FACTORIES[lastSegment(view.of.qual)];
    return methods ? { framework: 'drf', endpoints: methods.map((method) => ({ method, middleware: wrappers })), notes: [] } : undefined;
  }

  /** `schema_view.with_ui('swagger')`: another form of a factory-built view answers what the view answers. */
  private variantView(viewCall: PyExpr, ctx: Ctx, wrappers: string[]): ClassifiedView | undefined {
    if (viewCall.k !== 'call' || viewCall.fn.k !== 'attr' || !VIEW_VARIANTS.has(viewCall.fn.name)) return undefined;
    return this.factoryView(this.py.evaluate(viewCall.fn.obj, ctx), wrappers);
  }

  private unresolved(viewCall: PyExpr, wrappers: string[]): ClassifiedView {
    return { framework: 'django', endpoints: [{ method: 'ANY', middleware: wrappers }], notes: [`view ${exprText(viewCall)} could not be resolved`] };
  }

  /** `'blog.views.index'`: the function a dotted string names, when the module is in the tree. */
  private dottedView(dotted: string, file: string): Value | undefined {
    const dot = dotted.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const ref = this.py.index.resolveAbsolute(dotted.slice(0, dot), file);
    const value = ref ? this.py.member(ref, dotted.slice(dot + 1)) : undefined;
    return value && value.t !== 'str' ? value : undefined;
  }

  /** Function views: ANY unless @require_http_methods/@require_GET/…; @api_view makes it a DRF view. */
  private functionView(file: string, fn: PyFunctionFacts, wrappers: string[]): ClassifiedView {
    let methods: string[] | undefined;
    let drf = false;
    const middleware = [...wrappers];
    const set = new Set<string>();
    const ctx: Ctx = { file, scope: fn.scope };
    for (const decorator of fn.decorators) {
      const expr = decorator.expr;
      const name = lastName(expr.k === 'call' ? expr.fn : expr);
      if (name === 'api_view') {
        drf = true;
        methods = (expr.k === 'call' ? this.stringList(expr.args[0] ?? keywordArg(expr, 'http_method_names'), ctx) : undefined) ?? ['GET'];
      } else if (name === 'require_http_methods' && expr.k === 'call') {
        methods = this.stringList(expr.args[0] ?? keywordArg(expr, 'request_method_list'), ctx) ?? methods;
      } else if (name && METHOD_DECORATORS[name]) {
        methods = METHOD_DECORATORS[name];
      } else if ((name === 'permission_classes' || name === 'authentication_classes' || name === 'throttle_classes') && expr.k === 'call') {
        middleware.push(...this.classList(expr.args[0]));
        set.add(name);
      } else if (name !== 'schema' && name !== 'extend_schema' && name !== 'swagger_auto_schema') {
        middleware.push(middlewareName(expr));
      }
    }
    // Policies the view does not set come from REST_FRAMEWORK's defaults.
    if (drf) for (const policy of DRF_POLICIES) if (!set.has(policy)) middleware.push(...this.drfDefaults()[policy]);
    const handler = handlerOf(file, fn);
    return {
      framework: drf ? 'drf' : 'django',
      endpoints: (methods ?? ['ANY']).map((method) => ({ method: method.toUpperCase(), handler, handlerHash: fn.bodyHash, middleware })),
      notes: [],
    };
  }

  /** `X.as_view(...)`: the methods X defines or inherits from Django's and DRF's generic views. */
  private classView(target: Value, call: PyCall, ctx: Ctx, wrappers: string[]): ClassifiedView {
    if (target.t === 'ext') {
      const name = lastSegment(target.qual);
      const drf = DRF_PACKAGES.test(target.qual.split('.')[0]!) || name in DRF_GENERIC_METHODS;
      const methods = (drf ? DRF_GENERIC_METHODS[name] : DJANGO_GENERIC_METHODS[name]) ?? ['ANY'];
      return { framework: drf ? 'drf' : 'django', endpoints: (methods.length > 0 ? methods : ['ANY']).map((method) => ({ method, middleware: wrappers })), notes: [] };
    }
    if (target.t !== 'class') {
      return { framework: 'django', endpoints: [{ method: 'ANY', middleware: wrappers }], notes: [`view ${exprText(call.fn)} could not be resolved`] };
    }
    const mro = this.py.mro(target.cls, target.file);
    const drf = isDrfClass(mro);
    const classMiddleware = [...wrappers, ...this.classMiddleware(mro)];
    // A viewset bound by hand: ArticleViewSet.as_view({'get': 'list', 'post': 'create'}).
    const actions = call.args[0] ?? keywordArg(call, 'actions');
    if (actions?.k === 'dict') {
      const endpoints: ViewEndpoint[] = [];
      for (const [key, value] of actions.entries) {
        const method = this.py.evaluateString(key, ctx)?.value;
        const action = this.py.evaluateString(value, ctx)?.value;
        if (!method || !action) continue;
        endpoints.push(this.classEndpoint(mro, target.file, target.cls, method, action, classMiddleware));
      }
      return { framework: drf ? 'drf' : 'django', endpoints, notes: [] };
    }
    const methods = this.classMethods(mro, drf);
    return {
      framework: drf ? 'drf' : 'django',
      endpoints: methods.map((method) => this.classEndpoint(mro, target.file, target.cls, method, method.toLowerCase(), classMiddleware)),
      notes: [],
    };
  }

  /** Methods a class view answers: those it defines (through project bases), those its generic bases give, else ANY. */
  classMethods(mro: ClassMro, drf: boolean): string[] {
    const methods = new Set<string>();
    for (const method of HTTP_METHODS) if (method !== 'options' && method !== 'head' && this.py.classMethod(mro, method)) methods.add(method.toUpperCase());
    const table = drf ? { ...DJANGO_GENERIC_METHODS, ...DRF_GENERIC_METHODS } : DJANGO_GENERIC_METHODS;
    for (const qual of mro.externals) for (const method of table[lastSegment(qual)] ?? []) methods.add(method);
    if (methods.has('ANY')) return ['ANY'];
    const allowed = this.allowedMethods(mro);
    const result = [...methods].filter((method) => !allowed || allowed.includes(method));
    return result.length > 0 ? result : ['ANY'];
  }

  /** `http_method_names = ['get', 'post']`. */
  allowedMethods(mro: ClassMro): string[] | undefined {
    const found = this.py.classAttr(mro, 'http_method_names');
    if (!found?.attr.value) return undefined;
    return this.stringList(found.attr.value, { file: found.file, scope: found.cls.scope })?.map((method) => method.toUpperCase());
  }

  /**
   * One method of a class view, handled by `action` (a method name) of the class or a base; for DRF generic
   * views the mixin action behind the method (ListAPIView's GET → list), and PATCH by update when
   * partial_update is not overridden.
   */
  classEndpoint(mro: ClassMro, file: string, cls: PyClassFacts, method: string, action: string, classMiddleware: string[]): ViewEndpoint {
    const candidates = [action];
    for (const qual of mro.externals) {
      const generic = DRF_GENERIC_ACTIONS[lastSegment(qual)]?.[method.toUpperCase()];
      if (generic) candidates.push(generic);
    }
    if (candidates.includes('partial_update')) candidates.push('update');
    let defined: ReturnType<PythonProject['classMethod']>;
    for (const candidate of candidates) if ((defined = this.py.classMethod(mro, candidate))) break;
    if (defined) {
      return {
        method: method.toUpperCase(),
        handler: handlerOf(defined.file, defined.fn),
        handlerHash: defined.fn.bodyHash,
        middleware: [...classMiddleware, ...defined.fn.decorators.flatMap((decorator) => this.methodDecorator(decorator))],
      };
    }
    return {
      method: method.toUpperCase(),
      handler: { name: `${cls.name}.${action}`, file, startLine: cls.line, endLine: cls.endLine },
      handlerHash: cls.bodyHash,
      middleware: classMiddleware,
    };
  }

  /**
   * What guards a class view, outermost first: class decorators (`@method_decorator(login_required, name='dispatch')`),
   * access mixins (LoginRequiredMixin…), decorators on dispatch, and DRF's authentication, permission and throttle classes.
   */
  classMiddleware(mro: ClassMro, overrides: Partial<Record<DrfPolicy, PyExpr>> = {}): string[] {
    const names: string[] = [];
    for (const entry of mro.classes) for (const decorator of entry.cls.decorators) names.push(...this.methodDecorator(decorator));
    for (const entry of mro.classes) if (entry !== mro.classes[0] && isAccessMixin(entry.cls.name)) names.push(entry.cls.name);
    for (const qual of mro.externals) if (isAccessMixin(lastSegment(qual))) names.push(lastSegment(qual));
    const dispatch = this.py.classMethod(mro, 'dispatch');
    if (dispatch) for (const decorator of dispatch.fn.decorators) names.push(...this.methodDecorator(decorator));
    for (const policy of DRF_POLICIES) {
      const override = overrides[policy];
      if (override) {
        names.push(...this.classList(override));
        continue;
      }
      const found = this.py.classAttr(mro, policy);
      if (found?.attr.value) names.push(...this.classList(found.attr.value));
      else if (isDrfClass(mro)) names.push(...this.drfDefaults()[policy]);
    }
    return names.filter((name, index) => names.indexOf(name) === index);
  }

  /**
   * REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES, DEFAULT_PERMISSION_CLASSES and DEFAULT_THROTTLE_CLASSES
   * (by class name), which apply to every DRF view that does not set its own.
   */
  drfDefaults(): Record<DrfPolicy, string[]> {
    if (this.defaults) return this.defaults;
    const defaults: Record<DrfPolicy, string[]> = { authentication_classes: [], permission_classes: [], throttle_classes: [] };
    for (const [file, facts] of this.py.modules) {
      const binding = facts.bindings.find((candidate) => candidate.scope === '' && candidate.name === 'REST_FRAMEWORK' && candidate.value?.k === 'dict');
      if (binding?.value?.k !== 'dict') continue;
      for (const [key, value] of binding.value.entries) {
        const name = this.py.evaluateString(key, { file, scope: '' })?.value;
        const policy = name ? DEFAULT_POLICY_KEYS[name] : undefined;
        if (!policy) continue;
        const classes = this.stringList(value, { file, scope: '' }) ?? [];
        defaults[policy] = classes.map(lastSegment);
      }
      break;
    }
    this.defaults = defaults;
    return defaults;
  }

  /** `@method_decorator(login_required)` → login_required; other decorators by their name. */
  private methodDecorator(decorator: PyDecorator): string[] {
    const expr = decorator.expr;
    const name = lastName(expr.k === 'call' ? expr.fn : expr);
    if (name === 'method_decorator' && expr.k === 'call') {
      const inner = expr.args[0];
      if (!inner) return [];
      return inner.k === 'list' ? inner.items.map(middlewareName) : [middlewareName(inner)];
    }
    if (name === 'action' || name === 'list_route' || name === 'detail_route' || name === 'mapping' || name === 'extend_schema' || name === 'swagger_auto_schema') return [];
    if (expr.k === 'attr' && expr.obj.k === 'attr' && expr.obj.name === 'mapping') return [];
    if (expr.k === 'call' && expr.fn.k === 'attr' && expr.fn.obj.k === 'attr' && expr.fn.obj.name === 'mapping') return [];
    return [middlewareName(expr)];
  }

  /** `[IsAuthenticated, IsOwner]`, `(IsAdminUser,)`, `[IsAuthenticated & IsOwner]`. */
  classList(expr: PyExpr | undefined): string[] {
    if (!expr) return [];
    if (expr.k === 'list') return expr.items.map(exprText);
    return [exprText(expr)];
  }

  stringList(expr: PyExpr | undefined, ctx: Ctx): string[] | undefined {
    if (!expr) return undefined;
    const value = this.py.evaluate(expr, ctx);
    if (value.t !== 'list') return undefined;
    return value.items.map((item) => this.py.evaluateString(item.expr, item.ctx)?.value).filter((item): item is string => !!item);
  }
}

export type DrfPolicy = 'authentication_classes' | 'permission_classes' | 'throttle_classes';
const DRF_POLICIES: DrfPolicy[] = ['authentication_classes', 'permission_classes', 'throttle_classes'];
const DEFAULT_POLICY_KEYS: Record<string, DrfPolicy> = {
  DEFAULT_AUTHENTICATION_CLASSES: 'authentication_classes',
  DEFAULT_PERMISSION_CLASSES: 'permission_classes',
  DEFAULT_THROTTLE_CLASSES: 'throttle_classes',
};

function isAccessMixin(name: string): boolean {
  return name.endsWith('RequiredMixin') || name === 'UserPassesTestMixin' || name === 'AccessMixin';
}
