// Plain words for the console: statuses as sentences, dates as "1 March 2025", events as what
// happened. API.md's codes and ISO dates stay in the data; these are only how the console says them.

const STATUS_TEXT = {
  pledged: 'Pledged: working on the requirements',
  submitted: 'Submitted: waiting for IACP review',
  'changes-requested': 'Changes requested by IACP',
  certified: 'Certified',
  lapsed: 'Lapsed: the deadline passed',
  withdrawn: 'Withdrawn',
  revoked: 'Certification revoked',
  expired: 'Certification expired: recertify to renew it',
};
export const statusText = (status) => STATUS_TEXT[status] ?? status;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** `2025-03-01` → "1 March 2025"; an instant → "1 March 2025, 14:05 UTC"; anything else as it is. */
export function when(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value ?? '');
  if (!m) return value ?? '—';
  const day = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return m[4] === undefined ? day : `${day}, ${m[4]}:${m[5]} UTC`;
}

const PARTNER_TEXT = {
  'community-mental-health': 'a community mental-health organisation',
  'community-health': 'a community health organisation',
  other: 'another organisation',
};
const REQUIREMENT_TEXT = {
  partnership: 'the partnership',
  policy: 'the policy',
  training: 'the training',
  other: 'other',
};
/** `practice-14` → "practice 14"; another requirement id as it is. */
const practiceWords = (id) => {
  const m = /^practice-0*(\d+)$/.exec(id ?? '');
  return m ? `practice ${m[1]}` : id;
};
const requirementWords = (id) => REQUIREMENT_TEXT[id] ?? practiceWords(id);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** What each event says, in a sentence; `by` is who recorded it (the actor's name in the token). */
const EVENT_WORDS = {
  // Another campaign's title comes from the campaign data (`ctx.campaignTitle`); One Mind's words stay.
  PledgeTaken: (d, by, ctx) =>
    `${by} pledged ${d.name} to the ${ctx?.campaignTitle?.(d.ruleSet) ?? 'One Mind Campaign'} (rules ${d.ruleSet}); deadline ${when(d.deadline)}`,
  PartnershipEstablished: (d, by) =>
    `${by} recorded a partnership with ${d.partnerName}, ${PARTNER_TEXT[d.partnerType] ?? d.partnerType}, since ${when(d.establishedOn)}`,
  PartnershipEnded: (d, by) =>
    `${by} ended partnership ${d.partnershipId} on ${when(d.endedOn)}: ${d.reason}`,
  PolicyAdopted: (d, by) =>
    `${by} adopted policy “${d.title}” v${d.version}, effective ${when(d.effectiveOn)}${d.basedOnIacpModel ? ' (based on the IACP model)' : ''}`,
  OfficerJoined: (d) =>
    `Officer ${d.officerRef} joined on ${when(d.joinedOn)}${d.sworn ? '' : ' (not sworn)'}`,
  OfficerSeparated: (d) => `Officer ${d.officerRef} left on ${when(d.separatedOn)}`,
  OfficerTrained: (d) =>
    `Officer ${d.officerRef} completed ${d.programId} on ${when(d.completedOn)}${d.expiresOn ? `, valid until ${when(d.expiresOn)}` : ''}`,
  CertificationSubmitted: (d, by) =>
    `${by} submitted for certification (cycle ${d.cycle})${d.note ? `: “${d.note}”` : ''}`,
  RequirementReviewed: (d) =>
    `${d.decidedBy} ${d.decision === 'accepted' ? 'accepted' : 'asked for changes to'} ${requirementWords(d.requirement)} (round ${d.round})${d.message ? `: “${d.message}”` : ''}`,
  CertificationChangesRequested: (d, by) =>
    `${by} sent the submission back: ${d.reasons.map((r) => `on ${requirementWords(r.requirement)}, “${r.message}”`).join('; ') || 'no reason given'}`,
  CertificationApproved: (d, by) =>
    `${by} approved the certification, effective ${when(d.effectiveOn)}; certificate ${d.certificateNumber}`,
  DeadlineExtended: (d, by) =>
    `${by} extended the deadline from ${when(d.previousDeadline)} to ${when(d.newDeadline)}: ${d.reason}`,
  PledgeWithdrawn: (d, by) => `${by} withdrew the pledge on ${when(d.withdrawnOn)}: ${d.reason}`,
  CertificationRevoked: (d, by) =>
    `${by} revoked certificate ${d.certificateNumber} on ${when(d.revokedOn)}: ${d.reason}`,
  DeadlineReminderSent: (d) =>
    `Reminder sent: ${plural(d.daysRemaining, 'day', 'days')} to the deadline${d.missing?.length ? `, missing ${d.missing.join(', ')}` : ''}`,
  CertificationExpired: (d) =>
    `Certificate ${d.certificateNumber} expired: it was valid through ${when(d.expiresOn)}`,
  RecertificationStarted: (d, by) =>
    `${by} started recertification (cycle ${d.cycle}, ${d.ruleSet}), renewing certificate ${d.previousCertificateNumber}`,
  PledgeLapsed: (d) => `The pledge lapsed: the deadline ${when(d.deadline)} passed`,
  CertificateIssued: (d) => `Certificate ${d.certificateNumber} issued`,
  PresidentialLetterIssued: (d) =>
    `The President’s letter was issued, addressed to ${[d.addressedTo?.title, d.addressedTo?.name].filter(Boolean).join(' ')}`,
  NewsletterFeatureQueued: (d) => `Queued for the newsletter (certificate ${d.certificateNumber})`,
  NotificationSent: (d) => `E-mail “${d.kind}” sent${d.to ? ` to ${d.to}` : ' (no address configured)'}`,
  EvidenceAttached: (d, by) =>
    `${by} attached ${d.filename} to ${requirementWords(d.requirement)} (${Math.ceil(d.size / 1024)} KB)`,
  PracticeImplemented: (d, by) =>
    `${by} recorded ${practiceWords(d.practiceId)} as in place since ${when(d.implementedOn)}, ${d.evidenceIds?.length ? `with ${plural(d.evidenceIds.length, 'document', 'documents')} as evidence` : 'without evidence'}${d.note ? `: “${d.note}”` : ''}`,
  // On the campaigns stream, not an agency's: said the same wherever a timeline shows it.
  RuleSetPublished: (d, by) =>
    `${by} published the rule set ${d.ruleSet?.ruleSetId ?? ''} of the ${d.campaignTitle}${d.ruleSet?.from ? `, in force from ${when(d.ruleSet.from)}` : ''}`,
};

/** One event of the history as a sentence; an unknown type falls back to its name in words. */
export function describeEvent(e, ctx) {
  const actor = e.metadata?.actor ?? {};
  const by = actor.sub ?? 'Someone';
  const words = EVENT_WORDS[e.type];
  if (words) {
    try {
      return words(e.data ?? {}, by, ctx);
    } catch {
      /* an older shape of the data: fall through to the name */
    }
  }
  return e.type.replace(/([a-z])([A-Z])/g, '$1 $2');
}
