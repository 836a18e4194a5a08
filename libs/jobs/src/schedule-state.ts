import { isOneOf, unhandledEvent, type AgencyEvent, type PledgeTakenData, type RuleSetId } from '#events';
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
 * The little a reactor needs of an agency to know its pending jobs: far less than the decider's
 * state (of the roster only the officers with an expiring training record, and only their expiry
 * days), so it folds over the whole log cheaply and is stored as one JSON row.
 */
export interface ScheduleState {
  agencyId: string;
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
/** Also reads states stored before notifications existed (no such fields: none pending). */
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

/** Nothing is scheduled before the first pledge; the status comes from the lifecycle (STATUS_AFTER). */
export function evolveSchedule(
  s: ScheduleState | undefined,
  agencyId: string,
  e: AgencyEvent,
  revision: bigint,
): ScheduleState | undefined {
  const next = e.type === 'PledgeTaken' ? newCycle(s, agencyId, e.data) : s && evolveFields(s, e);
  const status = STATUS_AFTER[e.type];
  if (!next || status === null) return next;
  const notice = noticeOf(agencyId, e, revision);
  return { ...next, status, notices: notice ? [notice] : [] };
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

// A new cycle keeps what belongs to the agency rather than the cycle: its training records.
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
  };
}

/**
 * The events that change what a job depends on besides the status (which is the lifecycle's,
 * STATUS_AFTER); any other event leaves these fields as they are, so a new event type needs a case
 * here only if a job depends on it.
 */
const SCHEDULE_EVENTS = [
  'CertificationApproved',
  'RecertificationStarted',
  'DeadlineExtended',
  'DeadlineReminderSent',
  'CertificateIssued',
  'PresidentialLetterIssued',
  'NewsletterFeatureQueued',
  'OfficerTrained',
  'OfficerSeparated',
  'NotificationSent',
] as const;
const isScheduleEvent = isOneOf(SCHEDULE_EVENTS);

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

function evolveFields(s: ScheduleState, e: AgencyEvent): ScheduleState {
  if (!isScheduleEvent(e)) return s;
  const documents = (change: Partial<NonNullable<ScheduleState['certificate']>>) =>
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
      return e.data.kind === 'training-expiring' || e.data.kind === 'certification-expiring'
        ? { ...s, expirySent: [...s.expirySent, id] }
        : { ...s, notices: s.notices.filter((n) => n.notificationId !== id) };
    }
    default:
      return unhandledEvent(e);
  }
}
