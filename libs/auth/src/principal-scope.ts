import type { Actor } from '#events';

/** Who holds a token, as far as what is kept per user goes (idempotency keys, write budgets). */
export interface ScopedPrincipal extends Actor {
  /** The token's `iss`, when it has one. */
  issuer?: string;
}

/**
 * The one string naming a token's holder. `sub` alone does not: OIDC makes it unique only within
 * its issuer, and agency tokens name users within their agency (two agencies may each have a
 * `chief`). Keyed by `role:sub`, their idempotency keys and write budgets were shared (issue 13).
 * JSON of the parts, so no choice of `sub` or agency id makes two different holders' scopes equal.
 */
export function principalScope(p: ScopedPrincipal): string {
  return JSON.stringify([p.issuer ?? '', p.role, p.agencyId ?? '', p.sub]);
}
