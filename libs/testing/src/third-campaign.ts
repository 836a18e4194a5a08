import { readFileSync } from 'node:fs';

/**
 * A made-up third campaign as a data file (issue 18: "adding a third campaign in a test needs a data
 * file and no code change"), in the form `POST /v1/campaigns` takes. A fresh copy on every call, so
 * that a test may change it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit it freely
export function thirdCampaignData(): Record<string, any> {
  return JSON.parse(readFileSync(new URL('./third-campaign.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}
