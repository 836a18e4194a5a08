import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string[];
  raw: string;
  headers: Map<string, string>;
  body: string;
}

/** A real SMTP server that keeps what it receives, headers parsed (unfolded) and the body QP-decoded. */
export function mailbox() {
  const mails: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head, ...rest] = raw.split('\r\n\r\n');
        const headers = new Map<string, string>();
        for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
          const i = line.indexOf(':');
          headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
        }
        const body = rest
          .join('\r\n\r\n')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
          .replace(/\r\n/g, '\n');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, headers, body });
        callback();
      });
    },
  });
  return {
    mails,
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
