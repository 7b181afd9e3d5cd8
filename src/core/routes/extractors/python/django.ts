import type { Route, RouteExtractor } from '../../types.js';
import { walkUrlconfs } from './shared/django-urlconf.js';
import { DjangoViews } from './shared/django-views.js';
import { makeRoute } from './shared/make-route.js';
import type { PythonModuleFacts } from './shared/python-module-facts.js';
import { collectPythonFacts, pythonProjectFor } from './shared/python-project-for.js';

/**
 * Django: URLconfs from ROOT_URLCONF down through include() (dotted strings, imported modules, lists,
 * tuples, nested), `path()`, `re_path()` and `url()` entries; function views answer ANY unless their
 * decorators say otherwise, class-based views the methods they define or inherit from generic views.
 * Views served by Django REST framework are left to the drf extractor.
 */
export const djangoExtractor: RouteExtractor<PythonModuleFacts> = {
  id: 'django',
  languages: ['python'],
  collect: collectPythonFacts,
  link(files, info) {
    const py = pythonProjectFor(files, info);
    if (!py.usesPackage('django')) return [];
    const views = new DjangoViews(py);
    const routes: Route[] = [];
    for (const entry of walkUrlconfs(py)) {
      if (entry.kind !== 'view') continue;
      const classified = views.classify(entry.view, entry.viewExpr, entry.wrappers, entry.viewCtx);
      if (classified.framework !== 'django') continue;
      for (const endpoint of classified.endpoints) {
        routes.push(
          makeRoute({
            framework: 'django',
            method: endpoint.method,
            mount: { pieces: entry.pieces, middleware: [], partial: entry.partial, notes: entry.notes },
            pieces: [],
            file: entry.file,
            line: entry.line,
            declHash: entry.declHash,
            ...(endpoint.handler ? { handler: endpoint.handler } : {}),
            ...(endpoint.handlerHash ? { handlerHash: endpoint.handlerHash } : {}),
            middleware: endpoint.middleware,
            notes: classified.notes,
          }),
        );
      }
    }
    return routes;
  },
};
