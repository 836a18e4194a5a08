import type { RuleSet } from './campaign.js';
import type { Campaign } from './campaign.js';
import type { Requirement } from './requirement.js';

/**
 * The One Mind pledge (DOMAIN.md "Requirements") as data. Both versions ask the same partnership,
 * policy and crisis share; they differ in which classes "cover" an officer. The requirement ids are
 * the paths of the missing-requirement messages, the review items the three parts staff judge.
 */
const partnership: Requirement = {
  kind: 'partnership',
  id: 'partnership',
  text: 'At least one active partnership with a community mental-health (or community health) organisation.',
  partnerTypes: ['community-mental-health', 'community-health'],
  partner: 'a community mental-health organisation',
};
const policy: Requirement = {
  kind: 'policy',
  id: 'policy',
  text: 'A leading-practice policy on response to people with mental-health conditions, adopted and in effect.',
  topic: 'response to people with mental-health conditions',
  policy: 'leading-practice policy',
};
const crisisShare: Requirement = {
  kind: 'training-ratio',
  id: 'training.crisis',
  review: 'training',
  text: 'At least ceil(20 %) of sworn officers hold a crisis-intervention class (CIT, CRIT or a recognised equivalent).',
  classes: ['crisis'],
  minimumShare: 0.2,
  rounding: 'ceil',
  label: 'crisis',
  training: 'crisis-intervention training',
};
const common = {
  campaign: 'one-mind',
  commitmentMonths: { min: 12, max: 36, default: 36 },
  reminderOffsetsDays: [180, 90, 30, 7],
};

export const ONE_MIND = {
  campaignId: 'one-mind',
  title: 'One Mind Pledge',
  // The four practices as IACP words them, then (2016) and now; launched at the IACP conference, October 2016.
  sources: ['http://www.theiacp.org/onemindcampaign', 'https://www.theiacp.org/projects/one-mind-campaign'],
  ruleSets: [
    {
      ...common,
      id: 'one-mind-2016',
      title: 'One Mind Pledge (2016): MHFA for 100 % of sworn officers and CIT for at least 20 %',
      // The launch month; certifications of that era never expire (no validForMonths).
      from: '2016-10-01',
      requirements: [
        partnership,
        policy,
        crisisShare,
        {
          kind: 'training-coverage',
          id: 'training.coverage',
          review: 'training',
          text: 'Every sworn officer holds a mental-health-awareness class (MHFA, MHFA for Public Safety or a recognised equivalent).',
          classes: ['awareness'],
          share: 1,
          rounding: 'ceil',
        },
      ],
    },
    {
      ...common,
      id: 'one-mind-2023',
      title: 'One Mind Pledge (2023): crisis class for at least 20 %, crisis or awareness class for everyone',
      // The sources give the year of the rewording, not its day.
      from: '2023-01-01',
      validForMonths: 36,
      requirements: [
        partnership,
        policy,
        crisisShare,
        {
          kind: 'training-coverage',
          id: 'training.coverage',
          review: 'training',
          text: 'Every sworn officer holds a crisis-intervention or a mental-health-awareness class.',
          classes: ['crisis', 'awareness'],
          share: 1,
          rounding: 'ceil',
        },
      ],
    },
  ],
} as const satisfies Campaign<RuleSet>;
