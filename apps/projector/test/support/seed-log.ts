import { randomUUID } from 'node:crypto';
import {
  CURRENT_SCHEMA_VERSIONS,
  agencyStream,
  type AgencyEvent,
  type EventType,
  type NewEvent,
} from '#events';
import type { EventStore } from '#event-store';
import { seededRandom } from '#testing';

/** Realistic agency histories: pledge, partnership, policy, roster, training, review, documents. */
export function agencyHistory(agencyId: string, rand: () => number, officers: number): AgencyEvent[] {
  const ev: AgencyEvent[] = [
    {
      type: 'PledgeTaken',
      data: {
        agencyId,
        cycle: 1,
        name: `Agency ${agencyId}`,
        ori: `TX${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`,
        country: 'US',
        region: ['TX', 'CA', 'NY', 'FL'][Math.floor(rand() * 4)],
        signatory: { name: 'Chief', title: 'Chief of Police' },
        contact: { name: 'Lt', email: 'lt@example.org' },
        commitmentMonths: 36,
        pledgedOn: '2025-01-15',
        deadline: '2028-01-15',
        ruleSet: 'one-mind-2023',
      },
    },
  ];
  ev.push({
    type: 'PartnershipEstablished',
    data: {
      partnershipId: `p-${agencyId}`,
      partnerName: 'MHMR',
      partnerType: 'community-mental-health',
      establishedOn: '2025-02-01',
    },
  });
  ev.push({
    type: 'PolicyAdopted',
    data: {
      policyId: `pol-${agencyId}`,
      title: 'Crisis response',
      version: '1',
      adoptedOn: '2025-02-15',
      effectiveOn: '2025-03-01',
      basedOnIacpModel: true,
    },
  });
  for (let i = 0; i < officers; i++) {
    const officerRef = `${agencyId}-o${i}`;
    ev.push({ type: 'OfficerJoined', data: { officerRef, sworn: rand() > 0.1, joinedOn: '2025-01-20' } });
    const r = rand();
    if (r < 0.3)
      ev.push({
        type: 'OfficerTrained',
        data: { officerRef, programId: 'cit', completedOn: '2025-06-01', hours: 40 },
      });
    else if (r < 0.85)
      ev.push({
        type: 'OfficerTrained',
        data: { officerRef, programId: 'mhfa-public-safety', completedOn: '2025-06-01' },
      });
    if (rand() < 0.05) ev.push({ type: 'OfficerSeparated', data: { officerRef, separatedOn: '2025-07-01' } });
  }
  if (rand() < 0.3)
    ev.push({
      type: 'DeadlineReminderSent',
      data: {
        cycle: 1,
        deadline: '2028-01-15',
        offsetDays: 180,
        sentAt: '2027-07-19T00:00:00.000Z',
        daysRemaining: 180,
        missing: [],
      },
    });
  if (rand() < 0.4) ev.push(...review(agencyId, rand));
  return ev;
}

function review(agencyId: string, rand: () => number): AgencyEvent[] {
  const evaluation = {
    evaluatedOn: '2025-09-01',
    ruleSet: 'one-mind-2023' as const,
    met: true,
    partnership: { met: true, active: 1 },
    policy: { met: true, policyId: `pol-${agencyId}`, effectiveOn: '2025-03-01' },
    training: {
      met: true,
      sworn: 1,
      crisisTrained: 1,
      crisisRequired: 1,
      awarenessTrained: 0,
      covered: 1,
      uncovered: 0,
    },
  };
  const out: AgencyEvent[] = [
    {
      type: 'CertificationSubmitted',
      data: { cycle: 1, submittedAt: `2025-09-0${1 + Math.floor(rand() * 9)}T10:00:00.000Z`, evaluation },
    },
  ];
  if (rand() < 0.5) return out;
  const certificateNumber = `OM-2025-${agencyId.toUpperCase()}-1`;
  out.push({
    type: 'CertificationApproved',
    data: {
      cycle: 1,
      certificateNumber,
      verificationCode: `CODE${agencyId}`,
      effectiveOn: '2025-09-10',
      approvedAt: '2025-09-10T10:00:00.000Z',
    },
  });
  out.push({
    type: 'CertificateIssued',
    data: { cycle: 1, certificateNumber, sha256: 'a'.repeat(64), issuedAt: '2025-09-10T10:01:00.000Z' },
  });
  if (rand() < 0.2)
    out.push({
      type: 'CertificationRevoked',
      data: { cycle: 1, certificateNumber, revokedOn: '2025-12-01', reason: 'audit' },
    });
  return out;
}

export function toNew(e: { type: string; data: unknown }, recordedAt = '2025-09-10T10:00:00.000Z'): NewEvent {
  const schemaVersion = CURRENT_SCHEMA_VERSIONS[e.type as EventType] ?? 1;
  return {
    id: randomUUID(),
    type: e.type,
    schemaVersion,
    data: e.data,
    metadata: {
      actor: { sub: 'seed', role: 'staff' },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      recordedAt,
      schemaVersion,
    },
  };
}

/**
 * Appends `agencies` histories, interleaved in chunks of a few events so global positions mix
 * streams the way real traffic does. Returns the number of events written.
 */
export async function seedLog(
  store: EventStore,
  seed: number,
  agencies: number,
  officersPerAgency = 8,
  prefix = 'ag',
): Promise<number> {
  const rand = seededRandom(seed);
  const pending = Array.from({ length: agencies }, (_, i) => ({
    id: `${prefix}-${i}`,
    events: agencyHistory(`${prefix}-${i}`, rand, officersPerAgency),
    next: 0,
  }));
  let written = 0;
  while (pending.some((p) => p.next < p.events.length)) {
    await Promise.all(
      pending
        .filter((p) => p.next < p.events.length)
        .map(async (p) => {
          const chunk = p.events.slice(p.next, p.next + 1 + Math.floor(rand() * 4));
          await store.append(
            agencyStream(p.id),
            chunk.map((e) => toNew(e)),
            p.next === 0 ? 'no-stream' : BigInt(p.next - 1),
          );
          p.next += chunk.length;
          written += chunk.length;
        }),
    );
  }
  return written;
}
