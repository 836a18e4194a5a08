import { DEFAULT_CAMPAIGN, findCampaign, ruleSet, type Campaign } from '#domain';
import type { RuleSetId } from '#events';

/** What the certificate and the President's letter say of the campaign an agency completed. */
export interface CampaignWording {
  /** The campaign as the documents name it ("One Mind Campaign", "IACP Trust Building Campaign"). */
  name: string;
  /** The certificate's sentence after "This certifies that <agency>". */
  fulfilled: string;
  /** The letter's second paragraph: what the agency's work means. */
  thanks: string;
}

/**
 * One Mind's words are the documents' words since the first round: kept here verbatim, so a One
 * Mind certificate or letter stays byte for byte what it was (the determinism tests pin that).
 */
const ONE_MIND_WORDING: CampaignWording = {
  name: 'One Mind Campaign',
  fulfilled:
    'has fulfilled the One Mind Pledge: a partnership with a community mental-health organisation, a leading-practice policy, and mental-health training of all of its sworn officers.',
  thanks:
    'By partnering with your community mental-health organisations, adopting a leading-practice policy and training every sworn officer, your agency has committed to safer, more compassionate responses to people affected by mental illness. Thank you for your leadership.',
};

/**
 * Any other campaign is named by its title in the campaign data (a new campaign is data, not
 * code); what it asked is said from its rule set's requirements: a practice-based campaign's count
 * of practices, else "every requirement".
 */
function wordingOf(campaign: Campaign, ruleSetId: RuleSetId): CampaignWording {
  const requirements = ruleSet(ruleSetId).requirements;
  const practices = requirements.filter((r) => r.kind === 'practice').length;
  const practiceBased = practices > 0 && practices === requirements.length;
  const asked = practiceBased
    ? `all ${practices} of its key policies and promising practices, each implemented, evidenced and accepted by IACP staff`
    : 'every one of its requirements, each evidenced and accepted by IACP staff';
  const done = practiceBased
    ? `By putting in place the campaign's ${practices} key policies and promising practices`
    : 'By meeting every requirement of the campaign';
  return {
    name: campaign.title,
    fulfilled: `has fulfilled the pledge of the ${campaign.title}: ${asked}.`,
    thanks: `${done}, your agency has committed to building trust between the police and the communities they serve. Thank you for your leadership.`,
  };
}

/** The wording for the cycle's rule set: One Mind's (the words of every document so far) by default. */
export function campaignWording(ruleSetId?: RuleSetId): CampaignWording {
  const campaignId = ruleSetId ? ruleSet(ruleSetId).campaign : DEFAULT_CAMPAIGN;
  const campaign = findCampaign(campaignId);
  return campaignId === DEFAULT_CAMPAIGN || !campaign || !ruleSetId
    ? ONE_MIND_WORDING
    : wordingOf(campaign, ruleSetId);
}

/** How the e-mails name the cycle's campaign: One Mind's words as always, another by its title. */
export interface CampaignNames {
  /** "One Mind Campaign" / the title: subjects, "has completed the …". */
  name: string;
  /** "One Mind" / the title: "the … training requirement", "… certificate". */
  short: string;
  /** The sign-off: "IACP One Mind Campaign" / the title (it names IACP already or gets the prefix). */
  signOff: string;
  /** What the staff mail calls the reviewers. */
  reviewers: string;
}

export function campaignNames(ruleSetId?: RuleSetId): CampaignNames {
  const { name } = campaignWording(ruleSetId);
  if (name === ONE_MIND_WORDING.name)
    return { name, short: 'One Mind', signOff: 'IACP One Mind Campaign', reviewers: 'One Mind reviewers' };
  return {
    name,
    short: name,
    signOff: name.startsWith('IACP ') ? name : `IACP ${name}`,
    reviewers: `${name} reviewers`,
  };
}
