import { describe, expect, it } from '@jest/globals';
import { djangoRegexToPath } from '../../../src/core/routes/extractors/python/shared/django-urlconf.js';
import { normaliseRoutePath } from '../../../src/core/routes/normalise-route-path.js';

describe('djangoRegexToPath', () => {
  it.each([
    ['^articles/(?P<slug>[-\\w]+)/$', '/articles/{slug}'],
    ['^articles/(?P<article_slug>[-\\w]+)/comments/?$', '/articles/{article_slug}/comments'],
    ['^archive/(\\d{4})/(\\d{2})/$', '/archive/{arg1}/{arg2}'],
    ['^cart/(?:page/(?P<page>\\d+)/)?$', '/cart'],
    ['^products\\.json$', '/products.json'],
    ['^files/(?P<path>(?:[^/]+/)*[^/]+)$', '/files/{path}'],
    ['^search/(?P<q>[^/()]+)/$', '/search/{q}'],
    ['^$', '/'],
  ])('%s → %s', (regex, expected) => {
    expect(normaliseRoutePath(djangoRegexToPath(regex))).toBe(expected);
  });
});
