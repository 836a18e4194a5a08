import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { asStorageError } from '#event-store';
import type { MailMessage } from './reminder-mail.js';

/**
 * `SMTP_URL` set: sent through it. Unset: each message is written as an `.eml` file under
 * `<dataDir>/outbox/`, named by its Message-ID, so a development install sends nothing by accident
 * and a retried job overwrites the same file instead of adding a second.
 */
export class Mailer {
  private readonly transport;

  constructor(
    private readonly smtpUrl: string | undefined,
    private readonly outbox: string,
  ) {
    this.transport = smtpUrl
      ? nodemailer.createTransport(smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(m: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({
      messageId: m.messageId,
      from: m.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
    });
    if (this.smtpUrl) return;
    await mkdir(this.outbox, { recursive: true });
    const name = m.messageId.replace(/[^A-Za-z0-9._-]/g, '_');
    const tmp = join(this.outbox, `.${name}.tmp`);
    try {
      await writeFile(tmp, (info as unknown as { message: Buffer }).message);
      await rename(tmp, join(this.outbox, `${name}.eml`));
    } catch (err) {
      // G13: no half-written file left holding the space; the job is retried with backoff.
      await rm(tmp, { force: true });
      throw asStorageError(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}
