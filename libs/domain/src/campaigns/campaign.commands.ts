import type { Campaign } from './campaign.js';

/**
 * Commands on the campaigns stream (`campaigns`, one for the engine). The campaign arrives checked
 * by `parseCampaignData` (the HTTP edge answers its issues as a 400). Error codes:
 *   rule-set-immutable (409)    a rule set of that id exists with other content: publish a new version
 *   rule-set-id-taken (409)     another campaign has a rule set of that id
 *   rule-set-out-of-order       a new version must come into force after the campaign's latest one
 */
export interface PublishCampaign {
  type: 'PublishCampaign';
  data: { campaign: Campaign };
}
export type CampaignCommand = PublishCampaign;
