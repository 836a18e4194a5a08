/**
 * Campaigns and their rule-set versions published by IACP staff as data (issue 18 item 7): one
 * stream for the engine, so that an auditor sees when each rule came into the engine and who put it
 * there. The built-in campaigns (One Mind 2016/2023, Trust Building 2022) are code and need no event;
 * a rule set published here is immutable once recorded: a correction is a new version.
 */
export interface RuleSetPublishedData {
  campaignId: string;
  /** The campaign's title from this publication on. */
  campaignTitle: string;
  /** Where the campaign's wording comes from, for staff checking the data. */
  sources: string[];
  /**
   * The rule set exactly as published, in the form `GET /v1/campaigns` shows: the domain's
   * `parseCampaignData` checked it before it was recorded and reads it back with the same check.
   * Kept as JSON here because the requirement kinds are the domain's vocabulary, not the log's.
   */
  ruleSet: Record<string, unknown>;
}
export interface CampaignEventMap {
  RuleSetPublished: RuleSetPublishedData;
}
export type CampaignEventType = keyof CampaignEventMap;
export type CampaignEvent = {
  [K in CampaignEventType]: { type: K; data: CampaignEventMap[K] };
}[CampaignEventType];

/** The current schema version of each campaign event type (see AGENCY_SCHEMA_VERSIONS). */
export const CAMPAIGN_SCHEMA_VERSIONS: Readonly<Record<CampaignEventType, number>> = {
  RuleSetPublished: 1,
};
