import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mailer } from '../src/mail/mailer.js';
import { reminderMail } from '../src/mail/reminder-mail.js';
import { pledgeTaken } from './support/timers-support.js';

/** Without SMTP_URL nothing leaves the machine: each message is an .eml file in <dataDir>/outbox. */
describe('reminder e-mail without SMTP_URL (int, real files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-outbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one .eml per reminder event, the same file again on a retry', async () => {
    const pledge = pledgeTaken('tx-outbox-pd', '2026-12-04');
    if (pledge.type !== 'PledgeTaken') throw new Error('unreachable');
    const mail = reminderMail(
      'ev-1',
      pledge.data,
      {
        cycle: 1,
        deadline: '2026-12-04',
        offsetDays: 7,
        sentAt: '2026-11-27T00:00:00.000Z',
        daysRemaining: 7,
        missing: ['crisis: 9 of 20 required (11 more officers need crisis-intervention training)'],
      },
      'One Mind <onemind@example.org>',
    );
    const mailer = new Mailer(undefined, join(dir, 'outbox'));
    await mailer.send(mail);
    await mailer.send(mail);
    mailer.close();
    const files = readdirSync(join(dir, 'outbox'));
    expect(files).toEqual(['_reminder-ev-1_onemind_.eml']);
    const eml = readFileSync(join(dir, 'outbox', files[0]), 'utf8').replace(/=\r?\n/g, '');
    expect(eml).toContain('To: "Lt. Contact" <tx-outbox-pd@example.org>');
    expect(eml).toContain('Subject: One Mind Pledge: 7 days left until your deadline of 2026-12-04');
    expect(eml).toContain('11 more officers need crisis-intervention training');
  });
});
