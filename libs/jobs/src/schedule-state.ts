import {
  isCycleEvent,
  isOneOf,
  unhandledEvent,
  type AgencyEvent,
  type PledgeTakenData,
  type RuleSetId,
} from '#events';
import {
  PersistentMap,
  STATUS_AFTER,
  certificationExpiresOn,
  reminderKey,
  ruleSet,
  type PledgeStatus,
} from '#domain';
import { notificationId, type NotificationRef } from './jobs.js';

/**
 * One campaign's cycle as the timers see it: what its deadline, document, expiry and notification
 * jobs depend on. The agency's primary campaign's cycle is the ScheduleState's own fields (the
 * shape stored before agencies could join several campaigns); any other campaign's is in `campaigns`.
 */
export interface CycleSchedule {
  status: PledgeStatus;
  cycle: number;
  ruleSet: RuleSetId;
  deadline: string;
  /** reminderKey of the reminders recorded in this cycle. */
  remindersSent: string[];
  certificate: {
    number: string;
    certificateIssued: boolean;
    letterIssued: boolean;
    featured: boolean;
    /** Its last valid day (the rule set's validForMonths); null: it never expires. Absent in
     *  states stored before issue 18 (the reconcile at start derives it again from the log). */
    expiresOn?: string | null;
  } | null;
  /**
   * Notifications triggered by one event and not yet recorded as sent (NotificationSent). Each
   * holds only while the status its event set still stands: a change of status clears them (a
   * changes-requested mail is moot once the agency has resubmitted).
   */
  notices: Notice[];
}

/**
 * The little a reactor needs of an agency to know its pending jobs: far less than the decider's
 * state (of the roster only the officers with an expiring training record, and only their expiry
 * days), so it folds over the whole log cheaply and is stored as one JSON row.
 *
 * The cycle fields are the agency's primary campaign's (its first pledge's; events without
 * `campaignId`), exactly as stored before issue 18 item 3, so a single-campaign agency's stored
 * state and job ids never change. The training fields are the agency's, shared by its campaigns.
 */
export interface ScheduleState extends CycleSchedule {
  agencyId: string;
  /**
   * officerRef → programId → the latest expiry of that officer's records of that programme (null:
   * one never expires), for the officers on the roster that ever had a record with an expiry. A
   * superset of what counts (sworn, recognised programme): the mail re-checks that at its due time.
   * Persistent (structurally shared) like the decider's roster: a 32,000-record import with expiries
   * must fold in linear time, not copy the map per event.
   */
  trainingExpiry: PersistentMap<Readonly<Record<string, string | null>>>;
  /** Expiry day → how many officer/programme pairs run out that day (0: none left; persistent too). */
  expiryDays: PersistentMap<number>;
  /** notificationIds of the training- and certification-expiry notifications recorded as sent. */
  expirySent: string[];
  /**
   * The cycles of the agency's other campaigns (events with `campaignId`), by campaign id. Absent:
   * none (single-campaign agencies, every state stored before issue 18 item 3), so their JSON is
   * byte-for-byte what it was.
   */
  campaigns?: Readonly<Record<string, CycleSchedule>>;
}

/** What reactors.sqlite stores: the state as JSON, the persistent map as a plain object. */
export type StoredScheduleState = Omit<
  ScheduleState,
  'trainingExpiry' | 'notices' | 'expiryDays' | 'expirySent'
> &
  Partial<Pick<ScheduleState, 'notices' | 'expirySent'>> & {
    trainingExpiry?: Record<string, Record<string, string | null>>;
    expiryDays?: Record<string, number>;
  };
export const scheduleStateToJson = (s: ScheduleState): StoredScheduleState => ({
  ...s,
  trainingExpiry: Object.fromEntries(s.trainingExpiry),
  expiryDays: Object.fromEntries([...s.expiryDays].filter(([, n]) => n > 0)),
});
/** Also reads states stored before notifications existed (no such fields: none pending) and before
 *  campaigns (no `campaigns`: the primary campaign's cycle only). */
export function scheduleStateFromJson(stored: StoredScheduleState): ScheduleState {
  return {
    ...stored,
    notices: stored.notices ?? [],
    trainingExpiry: PersistentMap.from(Object.entries(stored.trainingExpiry ?? {})),
    expiryDays: PersistentMap.from(Object.entries(stored.expiryDays ?? {})),
    expirySent: stored.expirySent ?? [],
  };
}

export interface Notice {
  notificationId: string;
  notification: NotificationRef;
  /** The instant it became due: the event's own time where it has one, else null (due at once). */
  at: string | null;
}

/**
 * The campaign of a cycle event that is not the agency's primary one (CONTRACT: only those carry
 * `campaignId`); undefined for the primary campaign's events and the agency's record events.
 */
export const campaignIdOf = (e: AgencyEvent): string | undefined =>
  isCycleEvent(e) ? e.data.campaignId : undefined;

/**
 * Nothing is scheduled before the first pledge; the status comes from the lifecycle (STATUS_AFTER).
 * An event with `campaignId` evolves that campaign's cycle (a PledgeTaken opens it); any other
 * evolves the primary cycle and the agency's training fields as before campaigns.
 */
export function evolveSchedule(
  s: ScheduleState | undefined,
  agencyId: string,
  e: AgencyEvent,
  revision: bigint,
): ScheduleState | undefined {
  const campaignId = campaignIdOf(e);
  if (campaignId !== undefined) return s && evolveCampaign(s, campaignId, e, revision);
  const next = e.type === 'PledgeTaken' ? newCycle(s, agencyId, e.data) : s && evolveFields(s, e);
  return next && withStatus(next, agencyId, e, revision);
}

/** A status-changing event sets the cycle's status and replaces its pending notices. */
function withStatus<C extends CycleSchedule>(c: C, agencyId: string, e: AgencyEvent, revision: bigint): C {
  const status = STATUS_AFTER[e.type];
  if (status === null) return c;
  const notice = noticeOf(agencyId, e, revision);
  return { ...c, status, notices: notice ? [notice] : [] };
}

/** An event of a non-primary campaign: only that campaign's cycle changes. */
function evolveCampaign(
  s: ScheduleState,
  campaignId: string,
  e: AgencyEvent,
  revision: bigint,
): ScheduleState {
  const before = s.campaigns?.[campaignId];
  const evolved = e.type === 'PledgeTaken' ? freshCycle(e.data) : before && evolveCycle(before, e);
  if (!evolved) return s; // a cycle event of a campaign never pledged: nothing to time
  const after = withStatus(evolved, s.agencyId, e, revision);
  return after === before ? s : { ...s, campaigns: { ...s.campaigns, [campaignId]: after } };
}

/** The notification a status-changing event triggers, if any. */
function noticeOf(agencyId: string, e: AgencyEvent, revision: bigint): Notice | null {
  const make = (notification: NotificationRef, at: string | null): Notice => ({
    notificationId: notificationId(agencyId, notification),
    notification,
    at,
  });
  switch (e.type) {
    case 'CertificationChangesRequested':
      return make({ kind: 'changes-requested', revision: revision.toString() }, null);
    case 'CertificationSubmitted':
      return make({ kind: 'submission-received', revision: revision.toString() }, e.data.submittedAt);
    case 'CertificationApproved':
      return make({ kind: 'certified', certificateNumber: e.data.certificateNumber }, e.data.approvedAt);
    default:
      return null;
  }
}

// A new cycle keeps what belongs to the agency rather than the cycle: its training records and its
// other campaigns' cycles. Built field by field in the order stored before campaigns (same JSON).
function newCycle(s: ScheduleState | undefined, agencyId: string, d: PledgeTakenData): ScheduleState {
  const { cycle, ruleSet, deadline } = d;
  return {
    agencyId,
    status: STATUS_AFTER.PledgeTaken,
    cycle,
    ruleSet,
    deadline,
    remindersSent: [],
    certificate: null,
    notices: [],
    trainingExpiry: s?.trainingExpiry ?? PersistentMap.empty(),
    expiryDays: s?.expiryDays ?? PersistentMap.empty(),
    expirySent: s?.expirySent ?? [],
    ...(s?.campaigns && { campaigns: s.campaigns }),
  };
}

/** A non-primary campaign's cycle opened by its PledgeTaken. */
function freshCycle(d: PledgeTakenData): CycleSchedule {
  const { cycle, ruleSet, deadline } = d;
  return {
    status: STATUS_AFTER.PledgeTaken,
    cycle,
    ruleSet,
    deadline,
    remindersSent: [],
    certificate: null,
    notices: [],
  };
}

/**
 * The events that change what a job depends on besides the status (which is the lifecycle's,
 * STATUS_AFTER); any other event leaves these fields as they are, so a new event type needs a case
 * here only if a job depends on it. The cycle's events, then the agency's.
 */
const CYCLE_EVENTS = [
  'CertificationApproved',
  'RecertificationStarted',
  'DeadlineExtended',
  'DeadlineReminderSent',
  'CertificateIssued',
  'PresidentialLetterIssued',
  'NewsletterFeatureQueued',
] as const;
const AGENCY_EVENTS = ['OfficerTrained', 'OfficerSeparated', 'NotificationSent'] as const;
const isCycleScheduleEvent = isOneOf(CYCLE_EVENTS);
const isAgencyScheduleEvent = isOneOf(AGENCY_EVENTS);

const mapValues = <T>(r: Readonly<Record<string, T>>, f: (t: T) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(v)]));

/** The day counts after some pairs stopped running out on `gone` days and started on `added` ones. */
function countDays(
  days: PersistentMap<number>,
  gone: readonly (string | null | undefined)[],
  added: readonly (string | null | undefined)[],
): PersistentMap<number> {
  let next = days;
  for (const d of gone) if (d) next = next.set(d, Math.max(0, (next.get(d) ?? 0) - 1));
  for (const d of added) if (d) next = next.set(d, (next.get(d) ?? 0) + 1);
  return next;
}

/** The days on which some training records run out (days whose count fell to 0 are kept as 0). */
export const expiryDaysOf = (s: ScheduleState): string[] =>
  [...s.expiryDays].filter(([, n]) => n > 0).map(([d]) => d);

/** The primary cycle's events and the agency's (events without `campaignId`). */
function evolveFields(s: ScheduleState, e: AgencyEvent): ScheduleState {
  if (isCycleScheduleEvent(e)) return evolveCycle(s, e);
  if (!isAgencyScheduleEvent(e)) return s;
  switch (e.type) {
    case 'OfficerTrained': {
      const { officerRef, programId, expiresOn } = e.data;
      const programmes = s.trainingExpiry.get(officerRef) ?? {};
      const known = programmes[programId];
      // Only officers with an expiring record are kept (a roster without expiries costs nothing).
      if (known === undefined && expiresOn === undefined) return s;
      const latest =
        known === null || expiresOn === undefined
          ? null
          : known === undefined || expiresOn > known
            ? expiresOn
            : known;
      if (latest === known) return s;
      return {
        ...s,
        trainingExpiry: s.trainingExpiry.set(officerRef, { ...programmes, [programId]: latest }),
        expiryDays: countDays(s.expiryDays, [known], [latest]),
      };
    }
    case 'OfficerSeparated': {
      const programmes = s.trainingExpiry.get(e.data.officerRef);
      if (!programmes || !Object.keys(programmes).length) return s;
      return {
        ...s,
        trainingExpiry: s.trainingExpiry.set(e.data.officerRef, {}),
        expiryDays: countDays(s.expiryDays, Object.values(programmes), []),
      };
    }
    case 'NotificationSent': {
      const id = e.data.notificationId;
      if (e.data.kind === 'training-expiring' || e.data.kind === 'certification-expiring')
        return { ...s, expirySent: [...s.expirySent, id] };
      // Agency-level bookkeeping with no campaign: a notification id is unique across the
      // agency's cycles (by revision or certificate number), so it clears its notice wherever it is.
      const unsent = <C extends CycleSchedule>(c: C): C =>
        c.notices.some((n) => n.notificationId === id)
          ? { ...c, notices: c.notices.filter((n) => n.notificationId !== id) }
          : c;
      const campaigns = s.campaigns && mapValues(s.campaigns, unsent);
      return { ...unsent(s), ...(campaigns && { campaigns }) };
    }
    default:
      return unhandledEvent(e);
  }
}

/** One cycle's fields (the primary's inside the ScheduleState, or another campaign's). */
function evolveCycle<C extends CycleSchedule>(s: C, e: AgencyEvent): C {
  if (!isCycleScheduleEvent(e)) return s;
  const documents = (change: Partial<NonNullable<CycleSchedule['certificate']>>): C =>
    s.certificate ? { ...s, certificate: { ...s.certificate, ...change } } : s;
  switch (e.type) {
    case 'CertificationApproved': {
      // A migrated certification without documents has none to wait for (issue 18 item 6).
      const none = e.data.withoutDocuments === true;
      return {
        ...s,
        certificate: {
          number: e.data.certificateNumber,
          certificateIssued: none,
          letterIssued: none,
          featured: none,
          expiresOn: certificationExpiresOn(ruleSet(s.ruleSet), e.data.effectiveOn) ?? null,
        },
      };
    }
    case 'RecertificationStarted': {
      // A new cycle of the same agency, like a pledge: the old certificate's timers end with it.
      const { cycle, ruleSet: rule, deadline } = e.data;
      return { ...s, cycle, ruleSet: rule, deadline, remindersSent: [], certificate: null };
    }
    case 'DeadlineExtended':
      return { ...s, deadline: e.data.newDeadline };
    case 'DeadlineReminderSent':
      return { ...s, remindersSent: [...s.remindersSent, reminderKey(e.data.deadline, e.data.offsetDays)] };
    case 'CertificateIssued':
      return documents({ certificateIssued: true });
    case 'PresidentialLetterIssued':
      return documents({ letterIssued: true });
    case 'NewsletterFeatureQueued':
      return documents({ featured: true });
    default:
      return unhandledEvent(e);
  }
}
