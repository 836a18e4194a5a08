import type { CampaignRuleSet } from './campaign.js';
import type { Campaign } from './campaign.js';
import type { PracticeRequirement } from './requirement.js';

/**
 * IACP's Trust Building Campaign (launched 2022) as data: an agency pledges to implement 25 key
 * policies and promising practices in six focus areas within 36 months, and is certified when every
 * practice is implemented, evidenced and accepted (DOMAIN.md "Campaigns are data").
 *
 * Sources (the practices are paraphrased from them, numbered as on the sign-up page):
 * - https://www.theiacp.org/iacp-trust-building-campaign-sign-up — the numbered list of 25; the stored
 *   copy is cut inside practice 14, so 1–13 are encoded from it.
 * - https://www.theiacp.org/iacp-trust-building-campaign — the six focus areas and the practices by
 *   area (1–4 Bias-Free Policing, 5–8 Use of Force, 9 onwards Leadership and Culture).
 * - https://policechiefmagazine.org/presidents-message-iacp-trust-building-campaign — the launch.
 * Practices 14–25 could not be read: each carries a plain description of the kind of practice its
 * focus area calls for and `confirm: true`, and their split between the last focus areas is a guess
 * too. IACP staff correct them by publishing a new rule-set version, never by editing code.
 */
export const FOCUS_AREAS = [
  'Bias-Free Policing',
  'Use of Force',
  'Leadership and Culture',
  'Recruitment, Hiring, and Retention',
  'Victim Services',
  'Community Relations',
] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

type Practice = [number, FocusArea, string, 'confirm'?];
const PRACTICES: readonly Practice[] = [
  [1, 'Bias-Free Policing', 'Establish a bias-free policing policy.'],
  [
    2,
    'Bias-Free Policing',
    'Make police use of force more transparent and accountable: publish the use-of-force and complaint-process policies.',
  ],
  [3, 'Bias-Free Policing', 'Train and coach officers in cultural responsivity.'],
  [
    4,
    'Bias-Free Policing',
    "Train officers on the makeup and needs of the agency's communities (countries of origin, religious and cultural practices, etc.), including where these may conflict with local laws.",
  ],
  [
    5,
    'Use of Force',
    "Adopt the elements of the National Consensus Policy on Use of Force into the agency's policies and procedures, and publish the use-of-force policy.",
  ],
  [
    6,
    'Use of Force',
    "Train regularly on the agency's use-of-force policy, with scenario-based exercises that include de-escalation techniques.",
  ],
  [
    7,
    'Use of Force',
    'Record every use of force beyond handcuffing, and review the records each year for trends that policy and training must address.',
  ],
  [8, 'Use of Force', 'Take part in the National Use of Force data collection (database).'],
  [
    9,
    'Leadership and Culture',
    'Adopt a policy or statement recognising the sanctity of life and the importance of preserving human life in every encounter (adopting the IACP Oath of Honor meets this).',
  ],
  [
    10,
    'Leadership and Culture',
    "Take part in an accreditation, certification or credentialing process in which an independent organisation reviews the agency's policies and procedures.",
  ],
  [
    11,
    'Leadership and Culture',
    'Make training and policy reflect a culture of equity, diversion, inclusion and accountability that promotes procedural justice for community members and employees alike.',
  ],
  [
    12,
    'Leadership and Culture',
    'Establish an employee wellness programme covering physical and mental health.',
  ],
  [
    13,
    'Leadership and Culture',
    "Assess the organisation's culture and take steps to address the areas of concern it finds.",
  ],
  [
    14,
    'Leadership and Culture',
    'A leadership-and-culture practice whose wording begins "Provide b…" (cut in the stored copy).',
    'confirm',
  ],
  [
    15,
    'Recruitment, Hiring, and Retention',
    'Recruit with strategies aimed at a workforce that reflects the community served.',
    'confirm',
  ],
  [
    16,
    'Recruitment, Hiring, and Retention',
    'Review hiring and background processes for fairness and for the qualities the agency seeks.',
    'confirm',
  ],
  [
    17,
    'Recruitment, Hiring, and Retention',
    'Keep a retention plan that includes career development and mentoring.',
    'confirm',
  ],
  [
    18,
    'Recruitment, Hiring, and Retention',
    "Train and supervise new officers in line with the agency's values and these practices.",
    'confirm',
  ],
  [
    19,
    'Victim Services',
    'Respond to victims of crime in a victim-centred, trauma-informed way, in policy and in training.',
    'confirm',
  ],
  [
    20,
    'Victim Services',
    'Keep victims informed about their case and refer them to victim services.',
    'confirm',
  ],
  [21, 'Victim Services', 'Work in partnership with community-based victim service providers.', 'confirm'],
  [
    22,
    'Community Relations',
    'Keep a community engagement plan with regular two-way communication.',
    'confirm',
  ],
  [
    23,
    'Community Relations',
    "Hold a community advisory body or forum whose input reaches the agency's decisions.",
    'confirm',
  ],
  [24, 'Community Relations', 'Publish agency data and policies for the public.', 'confirm'],
  [
    25,
    'Community Relations',
    'Measure community trust or satisfaction (for example by surveys) and act on the results.',
    'confirm',
  ],
];

/** `practice-01` … `practice-25`: ids that sort in the campaign's order. */
export const practiceId = (n: number) => `practice-${String(n).padStart(2, '0')}`;

const practice = ([number, focusArea, text, confirm]: Practice): PracticeRequirement => ({
  kind: 'practice',
  id: practiceId(number),
  number,
  focusArea,
  text,
  ...(confirm ? { confirm: true as const } : {}),
});

export const TRUST_BUILDING: Campaign = {
  campaignId: 'trust-building',
  title: 'IACP Trust Building Campaign',
  sources: [
    'https://www.theiacp.org/iacp-trust-building-campaign-sign-up',
    'https://www.theiacp.org/iacp-trust-building-campaign',
    'https://policechiefmagazine.org/presidents-message-iacp-trust-building-campaign',
  ],
  ruleSets: [
    {
      id: 'trust-building-2022',
      campaign: 'trust-building',
      title:
        'IACP Trust Building Campaign (2022): 25 key policies and promising practices in six focus areas',
      // Launched in spring 2022; the sources give no day.
      from: '2022-01-01',
      commitmentMonths: { min: 12, max: 36, default: 36 },
      reminderOffsetsDays: [180, 90, 30, 7],
      validForMonths: 36,
      requirements: PRACTICES.map(practice),
    } satisfies CampaignRuleSet,
  ],
};
