import { HTTP_METHODS, routerValue, type GoCallSite, type GoFramework, type StripPrefixData } from './shared/go-framework.js';
import type { RouterNode, StrVal } from './shared/go-values.js';

/**
 * A Go 1.22 ServeMux pattern: `[METHOD ][HOST]/[PATH]`. The host is not part of the route's path.
 * Exported for chi, whose Handle accepts the same patterns.
 */
export function splitServeMuxPattern(pattern: StrVal): { method?: string; host?: string; path: StrVal } {
  let text = pattern.text.trim();
  let method: string | undefined;
  const space = text.search(/[ \t]/);
  if (space > 0 && /^[A-Z]+$/.test(text.slice(0, space))) {
    method = text.slice(0, space);
    text = text.slice(space).trim();
  }
  let host: string | undefined;
  const slash = text.indexOf('/');
  if (slash > 0 && !pattern.partial) {
    host = text.slice(0, slash);
    text = text.slice(slash);
  }
  return { ...(method ? { method } : {}), ...(host ? { host } : {}), path: { ...pattern, text } };
}

/**
 * net/http: `http.NewServeMux()`, `mux.Handle`/`HandleFunc` and the package-level `http.Handle`/
 * `HandleFunc` on DefaultServeMux, with Go 1.22 method and wildcard patterns. A router handed to
 * `Handle` (a sub-mux, a chi or gorilla router), possibly through `http.StripPrefix`, is mounted.
 */
export const NET_HTTP: GoFramework = {
  id: 'net-http',
  isPackage: (path) => path === 'net/http',
  packageName: 'http',
  packageFunctions: ['NewServeMux', 'Handle', 'HandleFunc'],
  routerMethods: ['Handle', 'HandleFunc'],
  routerTypes: { ServeMux: { rootOnly: false } },
  routerKind: () => ({ kind: 'mux', liveMiddleware: true }),

  callPackage(site, name) {
    switch (name) {
      case 'NewServeMux':
        return routerValue(site.newRouter('net-http', 'mux', { liveMiddleware: true }));
      case 'Handle':
      case 'HandleFunc':
        register(site, defaultServeMux(site));
        return { t: 'unknown' };
      case 'StripPrefix': {
        const [prefix, handler] = site.args;
        if (!prefix || !handler) return undefined;
        const data: StripPrefixData = { prefix: site.str(prefix), handler };
        return { t: 'ext', framework: 'net-http', kind: 'strip', data };
      }
      case 'HandlerFunc':
        // A conversion: the function itself.
        return site.args[0] ? site.value(site.args[0]) : undefined;
      default:
        return undefined;
    }
  },

  packageValue(site, name) {
    if (name === 'DefaultServeMux') return routerValue(defaultServeMux(site));
    const method = name.startsWith('Method') ? name.slice('Method'.length).toUpperCase() : '';
    return (HTTP_METHODS as readonly string[]).includes(method) ? { t: 'str', s: { text: method } } : undefined;
  },

  callRouter(site, node, name) {
    if (name !== 'Handle' && name !== 'HandleFunc') return undefined;
    register(site, node);
    return { t: 'unknown' };
  },
};

function defaultServeMux(site: Pick<GoCallSite, 'singleton' | 'newRouter'>): RouterNode {
  return site.singleton('net-http:DefaultServeMux', () => site.newRouter('net-http', 'mux', { liveMiddleware: true }));
}

function register(site: GoCallSite, mux: RouterNode): void {
  const [patternExpr, handler] = site.args;
  if (!patternExpr) return;
  const { method, path } = splitServeMuxPattern(site.str(patternExpr));
  const mounted = handler ? site.mountedRouter(handler) : undefined;
  if (mounted) {
    // Without StripPrefix the mounted router sees the full path: its own patterns carry the prefix.
    site.mount(mounted.node, mux, mounted.strip ?? { text: '' }, { middleware: mounted.middleware, ...(method ? { methods: [method] } : {}) });
    return;
  }
  site.route(mux, 'net-http', [method ?? 'ANY'], path, handler, []);
}
