import { agencyDecider, initialCatalogue, type AgencyCommand } from '#domain';
import type { EventStore } from '#event-store';
import { agencyStream } from '#events';
import { agencyCacheKey } from '../../src/agency/agency-command.handler.js';
import { handleCommand } from '../../src/infra/handle-command.js';
import type { StateCache } from '../../src/infra/state-cache.js';

const staff = { sub: 'alice', role: 'staff' as const };
const NOW = '2025-06-01T12:00:00.000Z';
let ids = 0;

/**
 * An agency command straight through the command path (no HTTP): staff, the default catalogue, a
 * fixed clock. With `cache`, under the key the real command handler uses.
 */
export function directAgencyCommand(
  store: EventStore,
  agencyId: string,
  command: AgencyCommand,
  cache?: StateCache,
  idempotency?: { key: string; fingerprint: string },
) {
  const id = ++ids;
  return handleCommand(store, {
    streamId: agencyStream(agencyId),
    decider: agencyDecider,
    command,
    context: async () => ({
      now: NOW,
      actor: staff,
      catalogue: initialCatalogue(),
      fourEyes: false,
      random: { id: () => `id-${++ids}`, verificationCode: () => 'CODE234567' },
    }),
    metadata: { actor: staff, commandId: `c${id}`, correlationId: `c${id}`, causationId: `c${id}` },
    recordedAt: () => NOW,
    ...(cache ? { cache: { store: cache, key: agencyCacheKey(agencyId) } } : {}),
    ...(idempotency ? { idempotency } : {}),
  });
}
