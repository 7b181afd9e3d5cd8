import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('express');

describe('calls that look like routes but are not', () => {
  it('keeps only calls on framework objects and route modules', async () => {
    const tree = new MemoryTree('head', {
      'src/app.js': [
        "const express = require('express');",
        'const app = express();',
        "app.set('port', 3000);",
        "const env = app.get('env');",
        "app.get('/ping', (req, res) => res.send('pong'));",
        'module.exports = app;',
      ].join('\n'),
      'src/scripts/smoke.js': [
        "const request = require('supertest');",
        "const app = require('../app');",
        'async function smoke() {',
        "  await request(app).get('/api/health').expect(200);",
        "  await request(app).post('/api/users').send({ name: 'x' });",
        '}',
        'module.exports = smoke;',
      ].join('\n'),
      'src/clients/github.js': [
        "const axios = require('axios');",
        "const got = require('got');",
        "const redis = require('./redis');",
        "const client = axios.create({ baseURL: 'https://api.github.com' });",
        'const cache = new Map();',
        'async function repos(owner, done) {',
        "  cache.get('repos:' + owner);",
        "  redis.get('key', done);",
        "  await axios.get('/users/' + owner, { params: { page: 1 } });",
        "  await got.post('https://example.com/hook', { json: {} });",
        "  client.get('/rate_limit', done);",
        "  client.delete('/repos/x', done);",
        '}',
        'function contentType(res) {',
        "  return res.get('Content-Type');",
        '}',
        'module.exports = { repos, contentType };',
      ].join('\n'),
      'src/clients/api.ts': [
        'export class ItemsApi {',
        '  constructor(http) {',
        '    this.http = http;',
        '  }',
        '  list(onItems) {',
        "    return this.http.get('/items', onItems);",
        '  }',
        '}',
        'export function fetchUsers(api, onUsers) {',
        "  return api.get('/users', onUsers);",
        '}',
      ].join('\n'),
      'src/legacy.js': [
        '// Never called and not exported: not a routes module.',
        'function setupLegacy(app) {',
        "  app.get('/legacy', (req, res) => res.send('old'));",
        '}',
      ].join('\n'),
      'src/events.js': [
        "const { EventEmitter } = require('events');",
        'const bus = new EventEmitter();',
        "bus.on('GET', '/x', () => {});",
        "process.on('SIGTERM', () => process.exit(0));",
        'module.exports = bus;',
      ].join('\n'),
      'test/app.test.js': [
        "const express = require('express');",
        'const app = express();',
        "app.get('/only-in-tests', (req, res) => res.send('x'));",
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([route('GET', '/ping', 'src/app.js', 5, { handler: h('src/app.js', 5, 5) })]);
  });
});
