/**
 * Every background job of the engine as one typed union (the immich job-repository shape): a job
 * names its queue, carries only ids and dates, and re-reads the log when it runs. Redis holds a
 * cache of the schedule, never its source of truth (RELIABILITY.md G5).
 */
export const QUEUE_NAMES = ['deadlines', 'documents', 'mail'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Every job of a cycle names its campaign when it is not the agency's primary one (issue 18 item
 * 3): the worker passes it into the command it sends, so the decider acts on that campaign's
 * cycle. Absent: the primary campaign, as every job queued before campaigns.
 */
export interface OfCampaignJob {
  campaignId?: string;
}
/** `{ campaignId }` of a non-primary cycle, nothing for the primary's (its data as before campaigns). */
export const ofCampaign = (campaignId: string | undefined): OfCampaignJob =>
  campaignId === undefined ? {} : { campaignId };

export interface DeadlineReminderJob {
  name: 'deadline-reminder';
  data: OfCampaignJob & { agencyId: string; deadline: string; offsetDays: number; dueAt: string };
}
export interface PledgeLapseJob {
  name: 'pledge-lapse';
  data: OfCampaignJob & { agencyId: string; deadline: string; dueAt: string };
}
/** The day after a certificate's last valid day (`expiresOn`): CertificationExpired. */
export interface CertificationExpiryJob {
  name: 'certification-expiry';
  data: OfCampaignJob & { agencyId: string; certificateNumber: string; expiresOn: string; dueAt: string };
}
export interface IssueCertificateJob {
  name: 'issue-certificate';
  data: OfCampaignJob & { agencyId: string; certificateNumber: string; dueAt: string };
}
export interface IssueLetterJob {
  name: 'issue-letter';
  data: OfCampaignJob & { agencyId: string; certificateNumber: string; dueAt: string };
}
export interface FeatureNewsletterJob {
  name: 'feature-newsletter';
  data: OfCampaignJob & { agencyId: string; certificateNumber: string; dueAt: string };
}
/** The reminder is an event; the e-mail reacts to it, keyed by the event id so it goes once. */
export interface SendReminderMailJob {
  name: 'send-reminder-mail';
  data: OfCampaignJob & { agencyId: string; eventId: string; dueAt: string };
}

/**
 * What a notification is about, enough for the worker to find it in the log again. Revisions are
 * the agency stream's (immutable), so a notification is named from the event bodies alone (the
 * reconcile reads no event ids: P6).
 */
export type NotificationRef =
  | { kind: 'changes-requested'; revision: string }
  | { kind: 'submission-received'; revision: string }
  | { kind: 'certified'; certificateNumber: string }
  | { kind: 'training-expiring'; expiresOn: string; offsetDays: number }
  | { kind: 'certification-expiring'; certificateNumber: string; offsetDays: number };
/** One notification e-mail; sent, then recorded (NotificationSent), so it is pending until then. */
export interface SendNotificationJob {
  name: 'send-notification';
  data: OfCampaignJob & {
    agencyId: string;
    notificationId: string;
    notification: NotificationRef;
    dueAt: string;
  };
}

export type EngineJob =
  | DeadlineReminderJob
  | PledgeLapseJob
  | CertificationExpiryJob
  | IssueCertificateJob
  | IssueLetterJob
  | FeatureNewsletterJob
  | SendReminderMailJob
  | SendNotificationJob;
export type JobName = EngineJob['name'];
/** The job of one name, with its data typed (immich's `JobOf`). */
export type JobOf<K extends JobName> = Extract<EngineJob, { name: K }>;
/** What a handler receives: the typed job and the BullMQ id it runs under (the causation id). */
export type RunningJob<K extends JobName> = JobOf<K> & { id: string };
export type JobHandler<K extends JobName> = (job: RunningJob<K>) => Promise<void>;
/** Handlers for some job names; the worker host joins them into a complete `JobHandlers`. */
export type JobHandlersFor<K extends JobName> = { readonly [N in K]: JobHandler<N> };
/** One handler per job name: a missing one is a compile error, not a start-up surprise. */
export type JobHandlers = JobHandlersFor<JobName>;

/** Checked at start-up by the workers: every job name has exactly one queue and one handler. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  'deadline-reminder': 'deadlines',
  'pledge-lapse': 'deadlines',
  'certification-expiry': 'deadlines',
  'issue-certificate': 'documents',
  'issue-letter': 'documents',
  'feature-newsletter': 'documents',
  'send-reminder-mail': 'mail',
  'send-notification': 'mail',
};

/** A job to exist in Redis: its deterministic id dedupes every re-add (reactor, reconcile). */
export interface JobSpec<J extends EngineJob = EngineJob> {
  queue: QueueName;
  id: string;
  job: J;
}

/**
 * Ids are deterministic so that adding a job twice is a no-op. The spec's shape is
 * `deadline:<agencyId>:<deadline>:<offset>`, but BullMQ refuses custom ids with more than two ':'
 * ("Custom Id cannot contain :", they collide with its key layout), so the separator is '/', which
 * an agency id (`[A-Za-z0-9._-]`) and a date can never contain.
 */
const ID_PREFIX: Readonly<Record<QueueName, string>> = {
  deadlines: 'deadline/',
  documents: 'document/',
  mail: 'mail/',
};
/**
 * `deadline/<agencyId>/<deadline>/<offset>` for the primary campaign's cycle (the ids of jobs
 * already in Redis); `deadline/<agencyId>/<campaignId>/<deadline>/<offset>` for another campaign's,
 * so two campaigns with the same deadline get two jobs (five segments never equal four; a campaign
 * id is `[a-z0-9-]`).
 */
export const deadlineJobId = (
  agencyId: string,
  deadline: string,
  offset: number | 'lapse',
  campaignId?: string,
): string =>
  campaignId === undefined
    ? `${ID_PREFIX.deadlines}${agencyId}/${deadline}/${offset}`
    : `${ID_PREFIX.deadlines}${agencyId}/${campaignId}/${deadline}/${offset}`;
/** `deadline/expiry/<certificateNumber>`: one per certificate (three segments, a deadline id has four). */
export const expiryJobId = (certificateNumber: string): string =>
  `${ID_PREFIX.deadlines}expiry/${certificateNumber}`;
export type DocumentKind = 'certificate' | 'letter' | 'newsletter';
export const documentJobId = (kind: DocumentKind, certificateNumber: string): string =>
  `${ID_PREFIX.documents}${kind}/${certificateNumber}`;
export const reminderMailJobId = (eventId: string): string => `${ID_PREFIX.mail}reminder/${eventId}`;

/**
 * A notification's id: deterministic, and unique across agencies (it names the agency or the
 * certificate number), so it serves as the job id (under `mail/`), the Message-ID's left part and
 * the key of its NotificationSent.
 */
export function notificationId(agencyId: string, n: NotificationRef): string {
  switch (n.kind) {
    case 'changes-requested':
    case 'submission-received':
      return `${n.kind}/${agencyId}/${n.revision}`;
    case 'certified':
      return `${n.kind}/${n.certificateNumber}`;
    case 'training-expiring':
      return `${n.kind}/${agencyId}/${n.expiresOn}/${n.offsetDays}`;
    case 'certification-expiring':
      return `${n.kind}/${n.certificateNumber}/${n.offsetDays}`;
    default:
      return n satisfies never;
  }
}
export const notificationJobId = (notificationId: string): string => `${ID_PREFIX.mail}${notificationId}`;
/** The same Message-ID for every (re-)send of one notification: a resend is recognisably the same mail. */
export const notificationMessageId = (notificationId: string): string =>
  `<${notificationId.replace(/\//g, '.')}@onemind>`;

/** The queue a job id lives in (to cancel by id), from the same prefixes the ids are built with. */
export function queueOfJobId(id: string): QueueName {
  const queue = QUEUE_NAMES.find((q) => id.startsWith(ID_PREFIX[q]));
  if (!queue) throw new Error(`job id "${id}" belongs to no queue`);
  return queue;
}

export function spec<J extends EngineJob>(id: string, job: J): JobSpec<J> {
  return { queue: JOB_QUEUE[job.name], id, job };
}

/** Milliseconds from `now` until the job is due; 0 for a job already due. */
export function delayOf(job: EngineJob, now: string): number {
  return Math.max(0, Date.parse(job.data.dueAt) - Date.parse(now));
}
