import type { AppendResult, EventStore } from '#event-store';
import type { Actor } from '#events';

/**
 * Records written before keys were scoped by the whole principal (issue 13) are keyed `role:sub:key`,
 * a scope two agencies' users with the same `sub` shared. Such a record still answers a retry after
 * the upgrade, but only when it is provably this caller's: the same request (fingerprint) and events
 * whose recorded actor has this role, sub and agency. Anything else is ignored, not refused with 409:
 * it may be a stranger's, and the request is decided as new.
 */
export async function legacyIdempotency(
  store: EventStore,
  idempotency: { fingerprint: string; legacyKey?: string },
  actor: Actor,
): Promise<AppendResult | null> {
  if (idempotency.legacyKey === undefined) return null;
  const prior = await store.findIdempotency(idempotency.legacyKey);
  if (!prior || prior.fingerprint !== idempotency.fingerprint) return null;
  const first = prior.result.events[0];
  if (!first) return null;
  const [event] = await store.readStream(prior.result.streamId, {
    fromRevision: first.revision,
    toRevision: first.revision,
  });
  const by = event?.metadata.actor;
  const same =
    by &&
    by.role === actor.role &&
    by.sub === actor.sub &&
    (by.agencyId ?? null) === (actor.agencyId ?? null);
  return same ? prior.result : null;
}
