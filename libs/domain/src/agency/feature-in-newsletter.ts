import type { AgencyEvent } from '#events';
import type { FeatureInNewsletter } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { certifiedNow } from './documents.guard.js';
import type { AgencyState } from './agency.state.js';

/** Queues the certified agency for the next newsletter highlight, once per cycle. */
export function featureInNewsletter(
  command: FeatureInNewsletter,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const certified = certifiedNow(state, command.data.certificateNumber);
  if (!certified || certified.newsletterQueued) return [];
  const { cycle, certificate } = certified;
  return [
    {
      type: 'NewsletterFeatureQueued',
      data: { cycle, certificateNumber: certificate.number, queuedAt: ctx.now },
    },
  ];
}
