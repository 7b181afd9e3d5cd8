/** What a constructor call makes, for the objects routes hang on. */
export type FrameworkObjectKind =
  | 'fastapi.app'
  | 'fastapi.router'
  | 'flask.app'
  | 'flask.blueprint'
  | 'flask.restful-api'
  | 'flask.namespace'
  | 'flask.smorest-api'
  | 'drf.router'
  | 'drf.nested-router'
  | 'starlette.app'
  | 'starlette.router'
  | 'aiohttp.app'
  | 'aiohttp.table'
  | 'sanic.app'
  | 'sanic.blueprint'
  | 'sanic.group'
  | 'litestar.app'
  | 'litestar.router';

/** Top-level package → class name → kind. Matched on the first and last segments of the qualified name. */
const CONSTRUCTORS: Record<string, Record<string, FrameworkObjectKind>> = {
  fastapi: { FastAPI: 'fastapi.app', APIRouter: 'fastapi.router' },
  fastapi_utils: { InferringRouter: 'fastapi.router' },
  fastapi_restful: { InferringRouter: 'fastapi.router' },
  flask: { Flask: 'flask.app', Blueprint: 'flask.blueprint' },
  apiflask: { APIFlask: 'flask.app', APIBlueprint: 'flask.blueprint' },
  flask_smorest: { Blueprint: 'flask.blueprint', Api: 'flask.smorest-api' },
  flask_restful: { Api: 'flask.restful-api' },
  flask_restx: { Api: 'flask.restful-api', Namespace: 'flask.namespace' },
  flask_restplus: { Api: 'flask.restful-api', Namespace: 'flask.namespace' },
  rest_framework: { DefaultRouter: 'drf.router', SimpleRouter: 'drf.router' },
  rest_framework_nested: {
    DefaultRouter: 'drf.router',
    SimpleRouter: 'drf.router',
    NestedSimpleRouter: 'drf.nested-router',
    NestedDefaultRouter: 'drf.nested-router',
  },
  rest_framework_extensions: { ExtendedSimpleRouter: 'drf.router', ExtendedDefaultRouter: 'drf.router' },
  starlette: { Starlette: 'starlette.app', Router: 'starlette.router' },
  aiohttp: { Application: 'aiohttp.app', RouteTableDef: 'aiohttp.table' },
  // `Blueprint.group(bp1, bp2, url_prefix=...)` is `sanic.Blueprint.group`: matched on its last segment.
  sanic: { Sanic: 'sanic.app', Blueprint: 'sanic.blueprint', BlueprintGroup: 'sanic.group', group: 'sanic.group' },
  litestar: { Litestar: 'litestar.app', Router: 'litestar.router' },
  starlite: { Starlite: 'litestar.app', Router: 'litestar.router' },
};

/** Objects made by another object's method: `api.namespace('cats')` (flask-restx). */
const METHOD_RESULTS: Record<string, FrameworkObjectKind> = { 'namespace()': 'flask.namespace' };

/** The kind of object `qual` constructs (`fastapi.APIRouter` → router), or undefined. */
export function frameworkObjectKind(qual: string): FrameworkObjectKind | undefined {
  const segments = qual.split('.');
  const last = segments[segments.length - 1]!;
  if (last.endsWith('()')) {
    const owner = segments.slice(0, -1).join('.');
    const ownerKind = frameworkObjectKind(owner);
    return ownerKind === 'flask.restful-api' ? METHOD_RESULTS[last] : undefined;
  }
  return CONSTRUCTORS[segments[0]!]?.[last];
}

/** DefaultRouter adds an API root view; SimpleRouter does not. */
export function isDefaultRouter(qual: string): boolean {
  return /DefaultRouter$/.test(qual);
}
