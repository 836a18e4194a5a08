import type { EvidenceRequirement, PartnerType, TrainingClass } from '#events';
import { isCalendarDate } from '../dates.js';
import type { CampaignRuleSet } from './campaign.js';
import type { Campaign } from './campaign.js';
import type { Requirement } from './requirement.js';

/**
 * A campaign or a rule-set version written as data by IACP staff, in the form `GET /v1/campaigns`
 * shows (`describeCampaigns`) (issue 18 item 7: "never by
 * editing code") is checked here before the engine may judge an agency by it. The check is strict:
 * an unknown key is refused rather than ignored, because a misspelt `minimumShare` silently
 * ignored would certify agencies under a rule nobody wrote. Pure: the caller reads the file or the
 * request body; the answer names every problem with its path, as the API's 400s do.
 */
export interface DataIssue {
  path: string;
  message: string;
}

export type CampaignDataResult = { ok: true; campaign: Campaign } | { ok: false; issues: DataIssue[] };

const PARTNER_TYPES: readonly PartnerType[] = ['community-mental-health', 'community-health', 'other'];
const TRAINING_CLASSES: readonly TrainingClass[] = ['crisis', 'awareness'];
const EVIDENCE_KINDS: readonly EvidenceRequirement[] = ['partnership', 'policy', 'training', 'other'];
const ID = /^[a-z][a-z0-9-]{1,62}[a-z0-9]$/;
const REQUIREMENT_ID = /^[a-z][a-z0-9.-]{0,62}[a-z0-9]$/;
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

type Obj = Record<string, unknown>;

/** Collects issues while reading one object: each `take*` reads a key and notes what is wrong with it. */
class Reader {
  constructor(
    private readonly issues: DataIssue[],
    readonly path: string,
    private readonly value: Obj,
    private readonly allowed: readonly string[],
  ) {
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) this.note(key, `unknown key (allowed: ${allowed.join(', ')})`);
  }

  note(key: string, message: string): void {
    this.issues.push({ path: this.path ? `${this.path}.${key}` : key, message });
  }

  text(key: string, { optional = false, max = 500 } = {}): string | undefined {
    const v = this.value[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v.trim() === '') return this.fail(key, 'must be a non-empty string');
    if (v.length > max) return this.fail(key, `must be at most ${max} characters`);
    if (CONTROL.test(v)) return this.fail(key, 'must not contain control or bidirectional characters');
    return v;
  }

  id(key: string, pattern = ID): string | undefined {
    const v = this.text(key, { max: 64 });
    if (v !== undefined && !pattern.test(v))
      return this.fail(key, `must be lower-case letters, digits and dashes (${pattern.source})`);
    return v;
  }

  date(key: string): string | undefined {
    const v = this.text(key, { max: 10 });
    if (v !== undefined && !isCalendarDate(v)) return this.fail(key, 'must be a calendar date YYYY-MM-DD');
    return v;
  }

  integer(key: string, min: number, max: number, { optional = false } = {}): number | undefined {
    const v = this.value[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      return this.fail(key, `must be a whole number from ${min} to ${max}`);
    return v;
  }

  share(key: string): number | undefined {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1)
      return this.fail(key, 'must be a number above 0 and at most 1 (a share: 0.2 is 20 %)');
    return v;
  }

  oneOf<T extends string>(key: string, options: readonly T[]): T | undefined {
    const v = this.value[key];
    if (typeof v !== 'string' || !(options as readonly string[]).includes(v))
      return this.fail(key, `must be one of ${options.join(', ')}`);
    return v as T;
  }

  someOf<T extends string>(key: string, options: readonly T[]): T[] | undefined {
    const v = this.value[key];
    if (!Array.isArray(v) || v.length === 0)
      return this.fail(key, `must be a non-empty list of ${options.join(', ')}`);
    // Each bad entry is named by its own path, like every other field.
    const bad = v.flatMap((x, i) =>
      typeof x !== 'string' || !(options as readonly string[]).includes(x) ? [i] : [],
    );
    for (const i of bad) this.note(`${key}[${i}]`, `must be one of ${options.join(', ')}`);
    if (bad.length) return undefined;
    if (new Set(v).size !== v.length) return this.fail(key, 'must not repeat an entry');
    return v as T[];
  }

  list(key: string): unknown[] | undefined {
    const v = this.value[key];
    if (!Array.isArray(v) || v.length === 0) return this.fail(key, 'must be a non-empty list');
    return v;
  }

  object(key: string, { optional = false } = {}): Obj | undefined {
    const v = this.value[key];
    if (v === undefined && optional) return undefined;
    if (!isObject(v)) return this.fail(key, 'must be an object');
    return v;
  }

  private fail(key: string, message: string): undefined {
    this.note(key, message);
    return undefined;
  }
}

function isObject(v: unknown): v is Obj {
  // Not a prototype identity check: parsed JSON from another realm (a worker, a test VM) is plain too.
  return Object.prototype.toString.call(v) === '[object Object]';
}

const BASE = ['kind', 'id', 'review', 'text'] as const;
const KIND_KEYS: Record<Requirement['kind'], readonly string[]> = {
  partnership: [...BASE, 'partnerTypes', 'partner'],
  policy: [...BASE, 'topic', 'policy'],
  'training-ratio': [...BASE, 'classes', 'minimumShare', 'rounding', 'label', 'training'],
  'training-coverage': [...BASE, 'classes', 'share', 'rounding'],
  practice: [...BASE, 'number', 'focusArea', 'confirm'],
  evidence: [...BASE, 'document'],
};
const KINDS = Object.keys(KIND_KEYS) as Requirement['kind'][];

function requirementFrom(issues: DataIssue[], path: string, value: unknown): Requirement | undefined {
  if (!isObject(value)) {
    issues.push({ path, message: 'must be an object' });
    return undefined;
  }
  const kind = value.kind;
  if (typeof kind !== 'string' || !(KINDS as string[]).includes(kind)) {
    issues.push({ path: `${path}.kind`, message: `must be one of ${KINDS.join(', ')}` });
    return undefined;
  }
  const r = new Reader(issues, path, value, KIND_KEYS[kind as Requirement['kind']]);
  const before = issues.length;
  const base = {
    id: r.id('id', REQUIREMENT_ID),
    text: r.text('text', { max: 1000 }),
    ...(value.review === undefined ? {} : { review: r.id('review', REQUIREMENT_ID) }),
  };
  let out: Requirement | undefined;
  switch (kind as Requirement['kind']) {
    case 'partnership':
      out = {
        kind: 'partnership',
        ...base,
        partnerTypes: r.someOf('partnerTypes', PARTNER_TYPES),
        partner: r.text('partner'),
      } as Requirement;
      break;
    case 'policy':
      out = { kind: 'policy', ...base, topic: r.text('topic'), policy: r.text('policy') } as Requirement;
      break;
    case 'training-ratio':
      out = {
        kind: 'training-ratio',
        ...base,
        classes: r.someOf('classes', TRAINING_CLASSES),
        minimumShare: r.share('minimumShare'),
        rounding: r.oneOf('rounding', ['ceil'] as const),
        label: r.text('label', { max: 100 }),
        training: r.text('training', { max: 200 }),
      } as Requirement;
      break;
    case 'training-coverage':
      out = {
        kind: 'training-coverage',
        ...base,
        classes: r.someOf('classes', TRAINING_CLASSES),
        share: r.share('share'),
        rounding: r.oneOf('rounding', ['ceil'] as const),
      } as Requirement;
      break;
    case 'practice': {
      if (value.confirm !== undefined && value.confirm !== true)
        r.note('confirm', 'must be true when present');
      out = {
        kind: 'practice',
        ...base,
        number: r.integer('number', 1, 999),
        focusArea: r.text('focusArea', { max: 200 }),
        ...(value.confirm === true ? { confirm: true as const } : {}),
      } as Requirement;
      break;
    }
    case 'evidence':
      out = { kind: 'evidence', ...base, document: r.oneOf('document', EVIDENCE_KINDS) } as Requirement;
      break;
  }
  return issues.length === before ? out : undefined;
}

const RULE_SET_KEYS = [
  'ruleSetId',
  'title',
  'from',
  'commitmentMonths',
  'reminderOffsetsDays',
  'validForMonths',
  'requirements',
] as const;

function ruleSetFrom(issues: DataIssue[], path: string, value: unknown, campaignId: string | undefined) {
  if (!isObject(value)) {
    issues.push({ path, message: 'must be an object' });
    return undefined;
  }
  const before = issues.length;
  const r = new Reader(issues, path, value, RULE_SET_KEYS);
  const id = r.id('ruleSetId');
  const title = r.text('title');
  const from = r.date('from');
  const months = r.object('commitmentMonths');
  let commitmentMonths: CampaignRuleSet['commitmentMonths'] | undefined;
  if (months) {
    const m = new Reader(issues, `${path}.commitmentMonths`, months, ['min', 'max', 'default']);
    const min = m.integer('min', 1, 120);
    const max = m.integer('max', 1, 120);
    const dflt = m.integer('default', 1, 120);
    if (min !== undefined && max !== undefined && dflt !== undefined) {
      if (!(min <= dflt && dflt <= max))
        m.note('default', `min ≤ default ≤ max must hold (${min}, ${dflt}, ${max})`);
      else commitmentMonths = { min, max, default: dflt };
    }
  }
  const offsets = r.list('reminderOffsetsDays');
  if (offsets) {
    offsets.forEach((o, i) => {
      if (typeof o !== 'number' || !Number.isInteger(o) || o < 1 || o > 3650)
        r.note(`reminderOffsetsDays[${i}]`, 'must be a whole number of days from 1 to 3650');
    });
    if (new Set(offsets).size !== offsets.length) r.note('reminderOffsetsDays', 'must not repeat a day');
  }
  const validForMonths = r.integer('validForMonths', 1, 240, { optional: true });
  const list = r.list('requirements');
  const requirements = (list ?? []).map((x, i) => requirementFrom(issues, `${path}.requirements[${i}]`, x));
  const ids = requirements.flatMap((q) => (q ? [q.id] : []));
  for (const dup of ids.filter((x, i) => ids.indexOf(x) !== i))
    r.note('requirements', `requirement id ${dup} appears more than once`);
  const numbers = requirements.flatMap((q) => (q?.kind === 'practice' ? [q.number] : []));
  for (const dup of numbers.filter((x, i) => numbers.indexOf(x) !== i))
    r.note('requirements', `practice number ${dup} appears more than once`);
  if (issues.length !== before) return undefined;
  return {
    id: id!,
    campaign: campaignId!,
    title: title!,
    from: from!,
    commitmentMonths: commitmentMonths!,
    reminderOffsetsDays: offsets as number[],
    ...(validForMonths === undefined ? {} : { validForMonths }),
    requirements: requirements as Requirement[],
  } satisfies CampaignRuleSet;
}

/**
 * One rule set as the log holds it (RuleSetPublished): checked again on the way back in, so that a
 * rule set the engine judges by always went through this check, whoever wrote the event.
 */
export function parseRuleSetData(
  input: unknown,
  campaignId: string,
): { ok: true; ruleSet: CampaignRuleSet } | { ok: false; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const ruleSet = ruleSetFrom(issues, 'ruleSet', input, campaignId);
  return ruleSet ? { ok: true, ruleSet } : { ok: false, issues };
}

/** A whole campaign as data: `{ campaignId, title, sources, ruleSets: [{ ruleSetId, … }] }`. */
export function parseCampaignData(input: unknown): CampaignDataResult {
  const issues: DataIssue[] = [];
  if (!isObject(input))
    return { ok: false, issues: [{ path: '', message: 'a campaign must be a JSON object' }] };
  const r = new Reader(issues, '', input, ['campaignId', 'title', 'sources', 'ruleSets']);
  const campaignId = r.id('campaignId');
  const title = r.text('title');
  const sources = r.list('sources');
  (sources ?? []).forEach((s, i) => {
    if (typeof s !== 'string' || !/^https?:\/\/\S+$/.test(s) || s.length > 500 || CONTROL.test(s))
      r.note(`sources[${i}]`, 'must be an http(s) address');
  });
  const ruleSets = (r.list('ruleSets') ?? []).map((x, i) =>
    ruleSetFrom(issues, `ruleSets[${i}]`, x, campaignId),
  );
  const valid = ruleSets.filter((x): x is NonNullable<typeof x> => x !== undefined);
  const ruleIds = valid.map((x) => x.id);
  for (const dup of ruleIds.filter((x, i) => ruleIds.indexOf(x) !== i))
    r.note('ruleSets', `rule set ${dup} appears more than once`);
  for (let i = 1; i < valid.length; i++)
    if (valid[i].from <= valid[i - 1].from)
      r.note(
        `ruleSets[${i}].from`,
        'versions are listed oldest first, each from a later day than the one before',
      );
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    campaign: { campaignId: campaignId!, title: title!, sources: sources as string[], ruleSets: valid },
  };
}
