import { stableHash } from '../../../../hash.js';
import { argument, declarationHash, exprText, keywordArg, lastName, type PyCall, type PyExpr } from './py-expr.js';
import type { Ctx, FrameworkObject, PythonProject, Value } from './python-project.js';

/** A path() / re_path() / url() entry that ends in a view, with every include prefix above it. */
export interface UrlconfView {
  kind: 'view';
  pieces: string[];
  partial: boolean;
  notes: string[];
  /** The view, evaluated after removing wrappers such as `login_required(...)`. */
  view: Value;
  viewExpr: PyExpr;
  viewCtx: Ctx;
  /** Decorators applied in the URLconf itself: `login_required(views.profile)`. */
  wrappers: string[];
  file: string;
  line: number;
  declHash: string;
}

/** `include(router.urls)` (or `urlpatterns += router.urls`): a DRF router mounted under these prefixes. */
export interface UrlconfRouter {
  kind: 'router';
  router: FrameworkObject;
  pieces: string[];
  partial: boolean;
  notes: string[];
  file: string;
  line: number;
  declHash: string;
}

export type UrlconfEntry = UrlconfView | UrlconfRouter;

interface Base {
  pieces: string[];
  partial: boolean;
  notes: string[];
}

interface Item {
  expr: PyExpr;
  ctx: Ctx;
  /** Line of the statement that added the item (for `urlpatterns += router.urls`). */
  line: number;
  /** Path pieces the item's list puts in front of it: i18n_patterns() adds the language code. */
  prefix?: string[];
}

/** The piece i18n_patterns() puts in front of its patterns: Django's LocalePrefixPattern, e.g. `en/`. */
const LANGUAGE_PREFIX = '{language_code}';

interface Sink {
  entries: UrlconfEntry[];
  includes: Set<string>;
}

const ROUTE_CALLS = new Set(['path', 're_path', 'url']);
const MAX_INCLUDE_DEPTH = 24;

const walks = new WeakMap<PythonProject, UrlconfEntry[]>();

/**
 * Every view and DRF router the project's URLconfs reach, from ROOT_URLCONF down through include()
 * (dotted strings, imported modules, lists, (patterns, app_name) tuples). URLconfs that nothing
 * includes are walked too, marked partial when a ROOT_URLCONF exists and does not reach them.
 */
export function walkUrlconfs(py: PythonProject): UrlconfEntry[] {
  let entries = walks.get(py);
  if (!entries) {
    entries = new UrlconfWalker(py).run();
    walks.set(py, entries);
  }
  return entries;
}

class UrlconfWalker {
  private readonly visited = new Set<string>();

  constructor(private readonly py: PythonProject) {}

  run(): UrlconfEntry[] {
    const urlconfs = [...this.py.modules]
      .filter(([, facts]) => facts.bindings.some((binding) => binding.scope === '' && binding.name === 'urlpatterns'))
      .map(([file]) => file);
    if (urlconfs.length === 0) return [];
    const sink: Sink = { entries: [], includes: new Set() };
    const roots = this.rootUrlconfs();
    for (const root of roots) this.walkModule(root, { pieces: [], partial: false, notes: [] }, sink, []);
    const remaining = urlconfs.filter((file) => !this.visited.has(file));
    if (remaining.length > 0) {
      const included = new Set<string>();
      for (const file of remaining) {
        const dry: Sink = { entries: [], includes: new Set() };
        this.walkModule(file, { pieces: [], partial: false, notes: [] }, dry, []);
        for (const target of dry.includes) if (target !== file) included.add(target);
      }
      for (const file of remaining.filter((candidate) => !included.has(candidate))) {
        const base: Base =
          roots.length > 0
            ? { pieces: [], partial: true, notes: [`URLconf ${file} is not included from ROOT_URLCONF`] }
            : { pieces: [], partial: false, notes: [`no ROOT_URLCONF in the repository: ${file} taken as a root URLconf`] };
        this.walkModule(file, base, sink, []);
      }
    }
    return sink.entries;
  }

  /** ROOT_URLCONF = "config.urls" in settings modules, resolved next to the settings file. */
  private rootUrlconfs(): string[] {
    const roots: string[] = [];
    for (const [file, facts] of this.py.modules) {
      for (const binding of facts.bindings) {
        if (binding.scope !== '' || binding.name !== 'ROOT_URLCONF' || !binding.value) continue;
        const name = this.py.evaluateString(binding.value, { file, scope: '' });
        if (!name || name.partial) continue;
        const ref = this.py.index.resolveAbsolute(name.value, file);
        if (ref?.file && this.py.modules.has(ref.file) && !roots.includes(ref.file)) roots.push(ref.file);
      }
    }
    return roots;
  }

  private walkModule(file: string, base: Base, sink: Sink, stack: readonly string[]): void {
    if (stack.includes(file) || stack.length > MAX_INCLUDE_DEPTH) return;
    const facts = this.py.modules.get(file);
    if (!facts) return;
    this.visited.add(file);
    sink.includes.add(file);
    for (const item of this.listItems(file, 'urlpatterns')) this.processItem(item, base, sink, [...stack, file]);
  }

  /**
   * The items of a module-level list as the module leaves it: its assignments (`=` resets, `+=` extends)
   * and its in-place growth (`append`, `extend`, `insert`), in statement order.
   */
  private listItems(file: string, name: string, depth = 0): Item[] {
    const facts = this.py.modules.get(file);
    if (!facts || depth > 12) return [];
    const ctx: Ctx = { file, scope: '' };
    type Op = { line: number; apply: (current: Item[]) => Item[] };
    const ops: Op[] = [];
    for (const binding of facts.bindings) {
      if (binding.scope !== '' || binding.name !== name || !binding.value) continue;
      const value = binding.value;
      const line = binding.line;
      ops.push(
        binding.op === '+='
          ? { line, apply: (current) => [...current, ...this.expand(value, ctx, line, current, depth + 1, name)] }
          : { line, apply: (current) => this.expand(value, ctx, line, current, depth + 1, name) },
      );
    }
    for (const fact of facts.calls) {
      const call = fact.call;
      if (fact.scope !== '' || call.fn.k !== 'attr' || call.fn.obj.k !== 'name' || call.fn.obj.id !== name) continue;
      const method = call.fn.name;
      if (method !== 'append' && method !== 'extend' && method !== 'insert') continue;
      const arg = method === 'insert' ? call.args[1] : call.args[0];
      if (!arg) continue;
      const line = call.line;
      ops.push({
        line,
        apply: (current) => (method === 'extend' ? [...current, ...this.expand(arg, ctx, line, current, depth + 1, name)] : [...current, { expr: arg, ctx, line }]),
      });
    }
    ops.sort((a, b) => a.line - b.line);
    let items: Item[] = this.importedList(file, name, depth);
    for (const op of ops) items = op.apply(items);
    return items;
  }

  /** `from .base import urlpatterns` (then `urlpatterns += [...]`): the list starts as the imported one. */
  private importedList(file: string, name: string, depth: number): Item[] {
    const facts = this.py.modules.get(file);
    const assigned = facts?.bindings.some((binding) => binding.scope === '' && binding.name === name && binding.op === undefined);
    if (!facts || assigned) return [];
    const definition = this.py.definition({ k: 'name', id: name }, { file, scope: '' });
    if (!definition || definition.ctx.file === file || definition.expr.k !== 'list') return [];
    this.visited.add(definition.ctx.file);
    return this.listItems(definition.ctx.file, this.boundName(definition, name), depth + 1);
  }

  /** The pattern items an expression stands for: list displays, `a + b`, names bound elsewhere, wrappers. */
  private expand(expr: PyExpr, ctx: Ctx, line: number, self: Item[], depth: number, selfName = 'urlpatterns'): Item[] {
    if (depth > 12) return [];
    switch (expr.k) {
      case 'list':
        return expr.items.flatMap((item) => (item.k === 'splat' ? this.expand(item.e, ctx, line, self, depth + 1) : [{ expr: item, ctx, line }]));
      case 'bin':
        return expr.op === '+' ? [...this.expand(expr.l, ctx, line, self, depth + 1), ...this.expand(expr.r, ctx, line, self, depth + 1)] : [];
      case 'name':
      case 'attr': {
        if (expr.k === 'name' && expr.id === selfName && ctx.scope === '') return self;
        if (expr.k === 'attr' && expr.name === 'urls') return [{ expr, ctx, line }];
        const definition = this.py.definition(expr, ctx);
        if (!definition) return [{ expr, ctx, line }];
        // A module-level list of patterns (here or imported), with whatever its module appends to it.
        const listName = expr.k === 'name' ? expr.id : expr.name;
        if (definition.ctx.scope === '' && definition.expr.k === 'list' && !(definition.ctx.file === ctx.file && listName === selfName)) {
          return this.listItems(definition.ctx.file, this.boundName(definition, listName), depth + 1);
        }
        return this.expand(definition.expr, definition.ctx, line, [], depth + 1);
      }
      case 'call': {
        const callee = lastName(expr.fn);
        if (callee === 'format_suffix_patterns') return expr.args[0] ? this.expand(expr.args[0], ctx, line, self, depth + 1) : [];
        if (callee === 'i18n_patterns') {
          // Every pattern answers under a language code (`/en/jobs/`), unless prefix_default_language=False
          // also serves the default language without one.
          const unprefixed = keywordArg(expr, 'prefix_default_language');
          const prefixed = !(unprefixed?.k === 'const' && unprefixed.v === 'False');
          const items = expr.args.flatMap((arg) => this.expand(arg.k === 'splat' ? arg.e : arg, ctx, line, self, depth + 1));
          return prefixed ? items.map((item) => ({ ...item, prefix: [LANGUAGE_PREFIX, ...(item.prefix ?? [])] })) : items;
        }
        if (callee === 'static' || callee === 'staticfiles_urlpatterns' || callee === 'debug_toolbar_urls') return [];
        if (ROUTE_CALLS.has(callee ?? '')) return [{ expr, ctx, line }];
        // `urlpatterns = DebugToolbarSetup.do_urls(urlpatterns)`, `urlpatterns = with_extras([...])`: a helper
        // that takes the patterns and hands them back (perhaps with its own, third-party ones added). The
        // patterns it was given are still served; dropping them would lose the whole URLconf.
        const passed = expr.args.filter((arg) => (arg.k === 'name' && arg.id === selfName && ctx.scope === '') || arg.k === 'list');
        if (passed.length > 0) return passed.flatMap((arg) => this.expand(arg, ctx, line, self, depth + 1, selfName));
        return [{ expr, ctx, line }];
      }
      default:
        return [];
    }
  }

  /** The module-level name a definition is bound to (an import may rename it). */
  private boundName(definition: { expr: PyExpr; ctx: Ctx }, fallback: string): string {
    const facts = this.py.modules.get(definition.ctx.file);
    return facts?.bindings.find((binding) => binding.scope === '' && binding.value === definition.expr)?.name ?? fallback;
  }

  private processItem(item: Item, outer: Base, sink: Sink, stack: readonly string[]): void {
    const { expr, ctx } = item;
    const base: Base = item.prefix ? { ...outer, pieces: [...outer.pieces, ...item.prefix] } : outer;
    if (expr.k === 'call' && ROUTE_CALLS.has(lastName(expr.fn) ?? '')) {
      this.processRouteCall(expr, ctx, base, sink, stack);
      return;
    }
    if (expr.k === 'attr' && expr.name === 'urls') {
      this.includeTarget(expr, ctx, base, sink, stack, { file: ctx.file, line: item.line, declHash: stableHash(exprText(expr), String(item.line)) });
    }
  }

  private processRouteCall(call: PyCall, ctx: Ctx, base: Base, sink: Sink, stack: readonly string[]): void {
    const isRegex = lastName(call.fn) !== 'path';
    const routeExpr = argument(call, 0, isRegex ? 'regex' : 'route') ?? keywordArg(call, 'route');
    const viewExpr = argument(call, 1, 'view');
    if (!viewExpr) return;
    const next: Base = { pieces: [...base.pieces], partial: base.partial, notes: [...base.notes] };
    if (routeExpr) {
      const route = this.py.evaluateString(routeExpr, ctx);
      if (!route) {
        next.partial = true;
        next.notes.push(`${exprText(routeExpr)} is computed at run time`);
      } else {
        next.pieces.push(isRegex ? djangoRegexToPath(route.value) : route.value);
        if (route.partial) next.partial = true;
        for (const note of route.notes) if (!next.notes.includes(note)) next.notes.push(note);
      }
    }
    const declaration = { file: ctx.file, line: call.line, declHash: declarationHash(call) };
    if (viewExpr.k === 'call' && lastName(viewExpr.fn) === 'include') {
      const target = argument(viewExpr, 0, 'arg');
      if (target) this.includeTarget(target, ctx, next, sink, stack, declaration);
      return;
    }
    if (viewExpr.k === 'list' || (viewExpr.k === 'attr' && viewExpr.name === 'urls')) {
      this.includeTarget(viewExpr, ctx, next, sink, stack, declaration);
      return;
    }
    const { expr, wrappers } = this.unwrap(viewExpr, ctx);
    sink.entries.push({
      kind: 'view',
      ...next,
      view: this.py.evaluate(expr, ctx),
      viewExpr: expr,
      viewCtx: ctx,
      wrappers,
      ...declaration,
    });
  }

  /** What include() points at: a dotted module string, a module, a list of patterns, a (patterns, app_name) tuple, router.urls. */
  private includeTarget(target: PyExpr, ctx: Ctx, base: Base, sink: Sink, stack: readonly string[], declaration: { file: string; line: number; declHash: string }): void {
    if (target.k === 'list') {
      if (target.tuple && target.items[0]) {
        this.includeTarget(target.items[0], ctx, base, sink, stack, declaration);
        return;
      }
      for (const item of this.expand(target, ctx, declaration.line, [], 0)) this.processItem(item, base, sink, stack);
      return;
    }
    const value = this.py.evaluate(target, ctx);
    switch (value.t) {
      case 'str': {
        const ref = this.py.index.resolveAbsolute(value.s.value, ctx.file);
        if (ref?.file && this.py.modules.has(ref.file)) this.walkModule(ref.file, base, sink, stack);
        return;
      }
      case 'module':
        if (value.ref.file && this.py.modules.has(value.ref.file)) this.walkModule(value.ref.file, base, sink, stack);
        return;
      case 'list':
        // Through expand, so that a list grown in place (`api_urls.append(...)`) brings its later items.
        for (const item of this.expand(target, ctx, declaration.line, [], 0)) this.processItem(item, base, sink, stack);
        return;
      case 'objattr':
        if (value.name === 'urls' && value.obj.kind.startsWith('drf.')) sink.entries.push({ kind: 'router', router: value.obj, ...base, ...declaration });
        return;
      default:
        if (target.k === 'name' || target.k === 'attr') {
          const definition = this.py.definition(target, ctx);
          if (definition && definition.expr !== target) this.includeTarget(definition.expr, definition.ctx, base, sink, stack, declaration);
        }
    }
  }

  /** `login_required(views.profile)`, `cache_page(60)(views.index)`, `csrf_exempt(View.as_view())`. */
  private unwrap(expr: PyExpr, ctx: Ctx): { expr: PyExpr; wrappers: string[] } {
    const wrappers: string[] = [];
    let current = expr;
    for (let depth = 0; depth < 6; depth++) {
      if (current.k !== 'call' || (current.fn.k === 'attr' && current.fn.name === 'as_view')) break;
      const inner = current.args[0];
      if (!inner) break;
      const value = this.py.evaluate(inner, ctx);
      const isView = value.t === 'func' || value.t === 'view' || (inner.k === 'call' && inner.fn.k === 'attr' && inner.fn.name === 'as_view');
      if (!isView) break;
      wrappers.unshift(exprText(current.fn));
      current = inner;
    }
    return { expr: current, wrappers };
  }
}

/**
 * A Django/DRF regular-expression route as a path: anchors and optional trailing slashes dropped,
 * named groups as {name}, unnamed groups as {arg1}…, escapes removed.
 */
export function djangoRegexToPath(regex: string): string {
  const text = regex.replace(/^\^/, '').replace(/\$$/, '').replace(/\/\?$/, '/');
  let out = '';
  let unnamed = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      out += /[./\-_~:]/.test(next) ? next : char + next;
      i++;
      continue;
    }
    if (char !== '(') {
      out += char;
      continue;
    }
    const end = closingParen(text, i);
    const body = text.slice(i + 1, end);
    const quantifier = text[end + 1];
    i = end;
    if (quantifier === '?' || quantifier === '*') {
      // An optional part (`(?:page/(?P<page>\d+)/)?`): the route without it is the one clients call.
      i++;
      continue;
    }
    if (quantifier === '+') i++;
    const named = /^\?P<([A-Za-z_]\w*)>/.exec(body);
    if (named) out += `{${named[1]}}`;
    else if (body.startsWith('?:')) out += djangoRegexToPath(body.slice(2));
    else if (!body.startsWith('?')) out += `{arg${++unnamed}}`;
  }
  return out;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '[') {
      // Character classes may hold parentheses.
      const close = text.indexOf(']', i + 2);
      if (close !== -1) i = close;
      continue;
    }
    if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return text.length - 1;
}
