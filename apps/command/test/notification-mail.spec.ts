import {
  certifiedMail,
  changesRequestedMail,
  headerText,
  requirementInWords,
  submissionMail,
  certificationExpiringMail,
  trainingExpiringMail,
  type AgencyAddressee,
} from '../src/mail/notification-mail.js';
import { campaignNames } from '../src/documents/campaign-wording.js';
import { reminderMail } from '../src/mail/reminder-mail.js';

const agency: AgencyAddressee = {
  agencyId: 'tx-words-pd',
  name: 'Words Police Department',
  contact: { name: 'Lt. Contact', email: 'contact@words.example' },
};
const FROM = 'One Mind <onemind@example.org>';

describe('notification message builders', () => {
  it('changes requested: each reason on its own line, the requirement named in plain words', () => {
    const m = changesRequestedMail(
      '<changes-requested.tx-words-pd.4@onemind>',
      agency,
      {
        cycle: 1,
        reasons: [
          { requirement: 'policy', message: 'The policy is not signed by the chief.' },
          { requirement: 'partnership', message: 'Attach the agreement.\nThe MOU has expired.' },
          { requirement: 'training', message: 'Two officers lack a certificate.' },
          { requirement: 'other', message: 'Name a contact.' },
        ],
      },
      FROM,
    );
    expect(m.to).toEqual({ name: 'Lt. Contact', address: 'contact@words.example' });
    expect(m.messageId).toBe('<changes-requested.tx-words-pd.4@onemind>');
    expect(m.subject).toBe('One Mind Campaign: changes requested for Words Police Department');
    const lines = m.text.split('\n');
    expect(lines).toContain('1. Policy: The policy is not signed by the chief.');
    expect(lines).toContain(
      '2. Partnership with a community mental-health organisation: Attach the agreement.',
    );
    expect(lines).toContain('   The MOU has expired.');
    expect(lines).toContain('3. Training: Two officers lack a certificate.');
    expect(lines).toContain('4. Other: Name a contact.');
    // the API's ids never reach the reader
    expect(m.text).not.toMatch(/\b(policy|partnership|training):/);
  });

  it('requirements outside the four read as words too (a campaign practice id)', () => {
    expect(requirementInWords('crisis-response-team')).toBe('Crisis response team');
    expect(requirementInWords('policy')).toBe('Policy');
  });

  it('certified: links to both documents and the public check', () => {
    const m = certifiedMail(
      '<certified.OM-2026-TX-1@onemind>',
      agency,
      { certificateNumber: 'OM-2026-TX-1', verificationCode: 'ABC23', effectiveOn: '2026-11-30' },
      'https://onemind.example',
      FROM,
    );
    expect(m.subject).toBe('One Mind Campaign: Words Police Department is certified (OM-2026-TX-1)');
    expect(m.text).toContain('https://onemind.example/v1/agencies/tx-words-pd/certificate.pdf');
    expect(m.text).toContain('https://onemind.example/v1/agencies/tx-words-pd/letter.pdf');
    expect(m.text).toContain('https://onemind.example/verify/OM-2026-TX-1?code=ABC23');
    expect(m.text).toContain('effective from 2026-11-30');
  });

  it('submission: to the staff address, with the evaluation and the agency note', () => {
    const m = submissionMail(
      '<submission-received.tx-words-pd.3@onemind>',
      agency,
      {
        cycle: 1,
        submittedAt: '2026-11-30T10:00:00.000Z',
        note: 'All done.',
        evaluation: {
          evaluatedOn: '2026-11-30',
          ruleSet: 'one-mind-2023',
          met: true,
          partnership: { met: true, active: 1 },
          policy: { met: true, policyId: 'p', effectiveOn: '2026-01-01' },
          training: {
            met: true,
            sworn: 5,
            crisisTrained: 1,
            crisisRequired: 1,
            awarenessTrained: 4,
            covered: 5,
            uncovered: 0,
          },
        },
      },
      'reviews@iacp.example',
      'https://onemind.example',
      FROM,
    );
    expect(m.to).toEqual({ name: 'One Mind reviewers', address: 'reviews@iacp.example' });
    expect(m.subject).toBe('One Mind Campaign: Words Police Department submitted for certification');
    expect(m.text).toContain('Training:    met (crisis 1 of 1 required; 5 of 5 sworn officers covered)');
    expect(m.text).toContain('All done.');
  });

  it('training expiry: the day, the days left and each officer and programme', () => {
    const m = trainingExpiringMail(
      '<training-expiring.tx-words-pd.2027-05-29.180@onemind>',
      agency,
      '2027-05-29',
      180,
      [
        { officerRef: 'o-1', programId: 'cit', programName: 'Crisis Intervention Team' },
        { officerRef: 'o-2', programId: 'cit', programName: 'Crisis Intervention Team' },
      ],
      FROM,
    );
    expect(m.subject).toBe(
      'One Mind Campaign: 2 training records of Words Police Department expire on 2027-05-29',
    );
    expect(m.text).toContain('run out on 2027-05-29, in 180 days');
    expect(m.text).toContain('  - officer o-2: Crisis Intervention Team');
  });

  it('certification expiry: the number, the last valid day, the days left and how to recertify', () => {
    const m = certificationExpiringMail(
      '<certification-expiring.OM-2026-tx-words-pd-1.90@onemind>',
      agency,
      'OM-2026-tx-words-pd-1',
      '2029-03-01',
      90,
      FROM,
    );
    expect(m.subject).toBe(
      'One Mind Campaign: the certification of Words Police Department expires on 2029-03-01',
    );
    expect(m.text).toContain(
      'One Mind certificate OM-2026-tx-words-pd-1 of Words Police Department is valid through 2029-03-01, 90 days from today.',
    );
    expect(m.text).toContain(`POST /v1/agencies/${agency.agencyId}/recertification`);
  });

  it('no control character of user text reaches a header; the body keeps only line breaks', () => {
    const hostile: AgencyAddressee = {
      ...agency,
      name: 'Evil PD\r\nBcc: victim@example.org\u0000',
      contact: { name: 'Eve\r\nX-Injected: 1', email: 'eve@example.org' },
    };
    const m = changesRequestedMail(
      '<x@onemind>',
      hostile,
      { cycle: 1, reasons: [{ requirement: 'policy', message: 'a\u001b[31m\r\nb' }] },
      FROM,
    );
    for (const header of [m.subject, m.to.name]) expect(header).not.toMatch(/\p{Cc}/u);
    expect(m.subject).toBe('One Mind Campaign: changes requested for Evil PD Bcc: victim@example.org');
    expect(m.text).not.toMatch(/(?![\n])\p{Cc}/u);
    expect(headerText('x'.repeat(500)).length).toBe(160);
  });
});

describe("the mails name the agency's campaign (issue 18 item 2)", () => {
  const trust: AgencyAddressee = { ...agency, campaign: campaignNames('trust-building-2022') };
  const facts = {
    certificateNumber: 'OM-2026-tx-words-pd-1',
    verificationCode: 'CODE234567',
    effectiveOn: '2026-12-07',
  };

  it('One Mind keeps its words, given or not', () => {
    const base = 'https://onemind.example';
    const oneMind = { ...agency, campaign: campaignNames('one-mind-2023') };
    expect(certifiedMail('<m>', oneMind, facts, base, FROM)).toEqual(
      certifiedMail('<m>', agency, facts, base, FROM),
    );
    expect(campaignNames()).toEqual(campaignNames('one-mind-2016'));
  });

  it('a Trust Building agency reads its campaign, never One Mind', () => {
    const m = certifiedMail('<m>', trust, facts, 'https://onemind.example', FROM);
    expect(m.subject).toBe(
      'IACP Trust Building Campaign: Words Police Department is certified (OM-2026-tx-words-pd-1)',
    );
    expect(m.text).toContain('has completed the IACP Trust Building Campaign.');
    expect(m.text.split('\n').at(-1)).toBe('IACP Trust Building Campaign');
    const sent = changesRequestedMail(
      '<c>',
      trust,
      { cycle: 1, reasons: [{ requirement: 'practice-14', message: 'Attach it.' }] },
      FROM,
    );
    expect(sent.text).toContain('1. Practice 14: Attach it.');
    for (const mail of [m, sent]) expect(`${mail.subject}\n${mail.text}`).not.toContain('One Mind');
  });
});

describe("the deadline reminder names the pledge's campaign", () => {
  const pledge = {
    agencyId: 'tx-words-pd',
    cycle: 1,
    name: 'Words Police Department',
    country: 'US',
    signatory: { name: 'Chief', title: 'Chief of Police' },
    contact: agency.contact,
    commitmentMonths: 36,
    pledgedOn: '2025-01-15',
    deadline: '2028-01-15',
    ruleSet: 'trust-building-2022' as const,
  };
  const reminder = {
    cycle: 1,
    deadline: '2028-01-15',
    offsetDays: 7,
    sentAt: '2028-01-08T00:00:00.000Z',
    daysRemaining: 7,
    missing: ['practice 14 (Leadership and Culture) not yet in place: …'],
  };

  it('One Mind says "One Mind Pledge" as before; Trust Building its title', () => {
    const oneMind = reminderMail('ev-1', { ...pledge, ruleSet: 'one-mind-2023' }, reminder, FROM);
    expect(oneMind.subject).toBe('One Mind Pledge: 7 days left until your deadline of 2028-01-15');
    expect(oneMind.text).toContain('to complete the One Mind Campaign by 2028-01-15');
    expect(oneMind.text.split('\n').at(-1)).toBe('IACP One Mind Campaign');
    const trust = reminderMail('ev-1', pledge, reminder, FROM);
    expect(trust.subject).toBe('IACP Trust Building Campaign: 7 days left until your deadline of 2028-01-15');
    expect(trust.text).toContain('to complete the IACP Trust Building Campaign by 2028-01-15');
    expect(trust.text).not.toContain('One Mind');
  });
});
