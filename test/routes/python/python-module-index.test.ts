import { describe, expect, it } from '@jest/globals';
import { PythonModuleIndex } from '../../../src/core/routes/extractors/python/shared/python-module-index.js';

describe('PythonModuleIndex', () => {
  const index = new PythonModuleIndex([
    'backend/app/__init__.py',
    'backend/app/api/__init__.py',
    'backend/app/api/routes/items.py',
    'backend/app/core/config.py',
    'services/other/app/core/config.py',
    'src/shop/urls.py',
    'src/shop/api/__init__.py',
    'README.md',
  ]);

  it('resolves absolute imports by path suffix, nearest the importing file first', () => {
    expect(index.resolveAbsolute('app.core.config', 'backend/app/main.py')).toEqual({ file: 'backend/app/core/config.py' });
    expect(index.resolveAbsolute('app.core.config', 'services/other/app/main.py')).toEqual({ file: 'services/other/app/core/config.py' });
    expect(index.resolveAbsolute('shop.urls', 'src/shop/settings.py')).toEqual({ file: 'src/shop/urls.py' });
  });

  it('resolves packages with and without __init__.py', () => {
    expect(index.resolveAbsolute('app.api', 'backend/app/main.py')).toEqual({ file: 'backend/app/api/__init__.py', dir: 'backend/app/api' });
    expect(index.resolveAbsolute('app.api.routes', 'backend/app/main.py')).toEqual({ dir: 'backend/app/api/routes' });
    expect(index.submodule({ dir: 'backend/app/api/routes' }, 'items')).toEqual({ file: 'backend/app/api/routes/items.py' });
  });

  it('resolves relative imports from the importing file, also from a package __init__', () => {
    expect(index.resolveRelative('routes.items', 1, 'backend/app/api/main.py')).toEqual({ file: 'backend/app/api/routes/items.py' });
    expect(index.resolveRelative('core', 2, 'backend/app/api/deps.py')).toEqual({ dir: 'backend/app/core' });
    expect(index.resolveRelative('', 1, 'backend/app/api/__init__.py')).toEqual({ file: 'backend/app/api/__init__.py', dir: 'backend/app/api' });
  });

  it('leaves packages outside the tree unresolved', () => {
    expect(index.resolveAbsolute('fastapi', 'backend/app/main.py')).toBeUndefined();
    expect(index.resolveAbsolute('rest_framework.routers', 'src/shop/urls.py')).toBeUndefined();
  });
});
