import { describe, expect, it } from '@jest/globals';
import { contractProblems } from './helpers/openapi-contract.js';
import type { RecordedRequest } from './helpers/fake-github.js';

function request(method: string, path: string, body?: unknown, query: Record<string, string> = {}): RecordedRequest {
  return { host: 'api.github.com', method, path, query, headers: {}, body };
}

const comment = { path: 'src/a.ts', line: 3, side: 'RIGHT', body: 'x' };

describe('the OpenAPI contract check', () => {
  it('accepts a request GitHub documents, with a valid body', () => {
    expect(contractProblems(request('POST', '/repos/o/r/pulls/1/reviews', { commit_id: 'a', event: 'COMMENT', body: 'b', comments: [comment] }))).toEqual([]);
    expect(contractProblems(request('GET', '/repos/o/r/pulls/1/reviews', undefined, { per_page: '100', page: '2' }))).toEqual([]);
    expect(contractProblems(request('GET', '/repos/o/r/contents/.github/backend-expert.yml'))).toEqual([]);
  });

  it('refuses an unknown key in a review comment (GitHub fails the whole review for it)', () => {
    const problems = contractProblems(request('POST', '/repos/o/r/pulls/1/reviews', { event: 'COMMENT', body: 'b', comments: [{ ...comment, severity: 'high' }] }));
    expect(problems.length).toBe(1);
    expect(problems[0]!.startsWith('POST /repos/o/r/pulls/1/reviews: body does not validate against pulls/create-review')).toBe(true);
  });

  it('refuses values outside an enum, paths GitHub does not have, and unknown query parameters', () => {
    expect(contractProblems(request('POST', '/repos/o/r/check-runs', { name: 'n', head_sha: 's', status: 'running' })).length).toBe(1);
    expect(contractProblems(request('GET', '/repos/o/r/no-such-thing'))).toEqual(["GET /repos/o/r/no-such-thing: no operation of GitHub's OpenAPI description matches"]);
    expect(contractProblems(request('GET', '/repos/o/r/pulls/1/files', undefined, { per_page: '100', sort: 'name' }))).toEqual([
      'GET /repos/o/r/pulls/1/files: query parameter "sort" is not a parameter of pulls/list-files',
    ]);
  });

  it('checks GraphQL requests for shape, syntax and required variables', () => {
    const query = 'query q($owner: String!) { repository(owner: $owner, name: "r") { id } }';
    expect(contractProblems(request('POST', '/graphql', { query, variables: { owner: 'o' } }))).toEqual([]);
    expect(contractProblems(request('POST', '/graphql', { query, variables: {} }))).toEqual(['POST /graphql: required variable $owner is missing']);
    expect(contractProblems(request('POST', '/graphql', { query: 'query {', variables: {} }))[0]!.startsWith('POST /graphql: the query does not parse')).toBe(true);
  });

  it('leaves archive downloads (codeload) alone', () => {
    expect(contractProblems({ ...request('GET', '/o/r/legacy.tar.gz/abc'), host: 'codeload.github.com' })).toEqual([]);
  });
});
