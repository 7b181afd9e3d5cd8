import { describe, expect, it } from '@jest/globals';
import { normaliseRoutePath } from '../../src/core/routes/normalise-route-path.js';

describe('normaliseRoutePath', () => {
  it.each([
    [['/api', '/users/'], '/api/users'],
    [['', '/'], '/'],
    [['api//v1/', 'items'], '/api/v1/items'],
    [['/users/:id'], '/users/{id}'],
    [['/files/:name(\\d+)'], '/files/{name}'],
    [['/users/<int:user_id>/posts'], '/users/{user_id}/posts'],
    [['^articles/(?P<slug>[-\\w]+)/$'], '/articles/{slug}'],
    [['/items/{id:[0-9]+}'], '/items/{id}'],
    [['/static/*filepath'], '/static/{filepath}'],
    [['/files/{path...}'], '/files/{path}'],
    [['/{$}'], '/'],
    [['app/blog/[slug]/comments/[...rest]'], '/app/blog/{slug}/comments/{rest}'],
    [['/docs/[[...slug]]'], '/docs/{slug}'],
    [['/a/:opt?'], '/a/{opt}'],
  ])('%j → %s', (pieces, expected) => {
    expect(normaliseRoutePath(...pieces)).toBe(expected);
  });
});

describe('normaliseRoutePath with regexes inside parameters', () => {
  it.each([
    [['/articles/{slug:[a-z-]+}'], '/articles/{slug}'],
    [['/stats/{day:\\d{4}-\\d{2}}/x'], '/stats/{day}/x'],
    [['/items/{ id : [0-9]+ }'], '/items/{id}'],
    [['/files/{rest:.*}'], '/files/{rest}'],
  ])('%j → %s', (pieces, expected) => {
    expect(normaliseRoutePath(...pieces)).toBe(expected);
  });
});
