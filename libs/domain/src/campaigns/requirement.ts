import type { EvidenceRequirement, PartnerType, TrainingClass } from '#events';

/**
 * The requirement kinds the engine knows (DOMAIN.md "Campaigns are data"). A rule set is a list of
 * these; a new campaign is a new list, not new code. Every requirement has an `id` (the path of its
 * message when it is not met) and the `review` item staff judge it under: One Mind's two training
 * rules are one "training" item, each Trust Building practice is its own. `text` says it for people.
 */
interface RequirementBase {
  id: string;
  /** The item staff accept or send back (DOMAIN.md "Review per requirement"); its `id` when absent. */
  review?: string;
  text: string;
}

/** At least one active partnership with a partner of one of these kinds. */
export interface PartnershipRequirement extends RequirementBase {
  kind: 'partnership';
  partnerTypes: readonly PartnerType[];
  /** Who the partner is, for the message when none is active ("a community mental-health organisation"). */
  partner: string;
}

/**
 * A policy adopted and in effect. The policy records carry no topic: the topic is what the reviewer
 * checks against the attached policy document, so every policy of the agency is a candidate.
 */
export interface PolicyRequirement extends RequirementBase {
  kind: 'policy';
  topic: string;
  /** What kind of policy, for the message when none is in effect ("leading-practice policy"). */
  policy: string;
}

/** At least `minimumShare` of the sworn officers hold one of `classes` (rounded up: ceil(20 %)). */
export interface TrainingRatioRequirement extends RequirementBase {
  kind: 'training-ratio';
  classes: readonly TrainingClass[];
  minimumShare: number;
  rounding: 'ceil';
  /** The message's words: "<label>: 19 of 20 required (1 more officer needs <training>)". */
  label: string;
  training: string;
}

/** `share` of the sworn officers (1 = everyone) hold one of `classes`, which makes them "covered". */
export interface TrainingCoverageRequirement extends RequirementBase {
  kind: 'training-coverage';
  classes: readonly TrainingClass[];
  share: number;
  rounding: 'ceil';
}

/** A practice of a practice-based campaign: implemented on a date, with evidence. */
export interface PracticeRequirement extends RequirementBase {
  kind: 'practice';
  number: number;
  focusArea: string;
  /** The wording could not be found at the source: IACP staff must confirm it (a new rule-set version). */
  confirm?: true;
}

/** A document backing `document` must be attached (staff accept it in the review). */
export interface EvidenceDocumentRequirement extends RequirementBase {
  kind: 'evidence';
  document: EvidenceRequirement;
}

export type Requirement =
  | PartnershipRequirement
  | PolicyRequirement
  | TrainingRatioRequirement
  | TrainingCoverageRequirement
  | PracticeRequirement
  | EvidenceDocumentRequirement;

export type RequirementKind = Requirement['kind'];
export type TrainingRequirement = TrainingRatioRequirement | TrainingCoverageRequirement;

export function isTraining(r: Requirement): r is TrainingRequirement {
  return r.kind === 'training-ratio' || r.kind === 'training-coverage';
}

/** The item staff review a requirement under. */
export function reviewItemOf(r: Requirement): string {
  return r.review ?? r.id;
}

/** The review items of a list of requirements, each once, in the list's order. */
export function reviewItems(requirements: readonly Requirement[]): string[] {
  return [...new Set(requirements.map(reviewItemOf))];
}

/**
 * ceil(share × sworn) in integer arithmetic: 0.2 × 95 is 19.000000000000004 in floating point,
 * which a naive Math.ceil would turn into 20.
 */
export function requiredCount(share: number, sworn: number): number {
  const micros = Math.round(share * 1_000_000);
  return Math.ceil((micros * sworn) / 1_000_000 - 1e-9);
}
