import { describe, expect, it } from '@jest/globals';
import { RoleError, parseRole, runsReviews, servesWebhooks } from '../../src/server/role.js';

describe('parseRole', () => {
  it.each([
    [undefined, 'all'],
    ['', 'all'],
    ['all', 'all'],
    ['web', 'web'],
    ['worker', 'worker'],
    [' Worker ', 'worker'],
    ['WEB', 'web'],
  ])('%j → %s', (value, expected) => {
    expect(parseRole(value)).toBe(expected);
  });

  it.each(['workers', 'api', 'all,web'])('rejects %j naming the variable and the allowed values', (value) => {
    expect(() => parseRole(value)).toThrow(RoleError);
    expect(() => parseRole(value)).toThrow(`BACKEND_EXPERT_ROLE must be one of all, web, worker (got "${value}")`);
  });

  it('maps roles to what the process does', () => {
    expect((['all', 'web', 'worker'] as const).map((role) => [role, servesWebhooks(role), runsReviews(role)])).toEqual([
      ['all', true, true],
      ['web', true, false],
      ['worker', false, true],
    ]);
  });
});
