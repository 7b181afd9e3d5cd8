/**
 * Process roles (contract §4): `all` serves webhooks and runs reviews (the default), `web` serves
 * webhooks and only enqueues, `worker` only runs reviews (and serves /healthz, /readyz, /metrics).
 */
export const ROLES = ['all', 'web', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export class RoleError extends Error {
  constructor(value: string) {
    super(`BACKEND_EXPERT_ROLE must be one of ${ROLES.join(', ')} (got "${value}")`);
    this.name = 'RoleError';
  }
}

/** Parses BACKEND_EXPERT_ROLE: unset or empty means `all`; case and surrounding spaces are ignored. */
export function parseRole(value: string | undefined): Role {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '') return 'all';
  const role = ROLES.find((candidate) => candidate === text);
  if (!role) throw new RoleError(value ?? '');
  return role;
}

/** True when the role receives GitHub webhooks (and so runs the Probot server). */
export function servesWebhooks(role: Role): boolean {
  return role !== 'worker';
}

/** True when the role takes review jobs off the queue. */
export function runsReviews(role: Role): boolean {
  return role !== 'web';
}
