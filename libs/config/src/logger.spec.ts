import { PassThrough } from 'node:stream';
import { createLogger, NestPinoLogger } from './logger.js';
import type { LogLevel } from './env-schema.js';

/** A logger over two in-memory streams; `lines()` parses what each received. */
function capture(level: LogLevel) {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (c) => (text.out += c));
  err.on('data', (c) => (text.err += c));
  const parse = (s: string) =>
    s
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    logger: createLogger('test-app', level, out, err),
    lines: () => ({ out: parse(text.out), err: parse(text.err) }),
    raw: () => text.out + text.err,
  };
}

describe('the pino logger', () => {
  it('writes JSON lines with an ISO time, a level name and the app; errors on stderr only', () => {
    const c = capture('info');
    c.logger.info({ msg: 'listening', port: 3000 });
    c.logger.error({ msg: 'refusing to start: x' });
    const { out, err } = c.lines();
    expect(out).toEqual([
      expect.objectContaining({ level: 'info', app: 'test-app', msg: 'listening', port: 3000 }),
    ]);
    expect(err).toEqual([expect.objectContaining({ level: 'error', msg: 'refusing to start: x' })]);
    expect(new Date(out[0].time as string).toISOString()).toBe(out[0].time);
  });

  it.each([
    ['silent', ['error']],
    ['error', ['error']],
    ['warn', ['warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
  ] as [LogLevel, string[]][])(
    'ONEMIND_LOG_LEVEL=%s writes %j (silent still says why a process stops)',
    (level, written) => {
      const c = capture(level);
      for (const l of ['debug', 'info', 'warn', 'error'] as const) c.logger[l]({ msg: l });
      const { out, err } = c.lines();
      expect([...out, ...err].map((l) => l.level).sort()).toEqual([...written].sort());
    },
  );

  it('redacts authorization headers, tokens and secrets even when a caller passes them', () => {
    const c = capture('info');
    c.logger.info({
      msg: 'oops',
      req: { headers: { authorization: 'Bearer eyJ.secret.sig', cookie: 'sid=s3cr3t' } },
      token: 'tok-123',
      detail: { secret: 'k-456' },
    });
    expect(c.raw()).not.toMatch(/eyJ\.secret\.sig|s3cr3t|tok-123|k-456/);
    expect(c.lines().out[0]).toMatchObject({
      token: '[redacted]',
      req: { headers: { authorization: '[redacted]' } },
    });
  });

  it("serves Nest's LoggerService: context and trace become fields", () => {
    const c = capture('debug');
    const nest = new NestPinoLogger(c.logger);
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn({ msg: 'job failed', jobId: 'j1' }, 'Workers');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    nest.verbose('detail');
    const { out, err } = c.lines();
    expect(out).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'NestApplication',
        msg: 'Nest application successfully started',
      }),
      expect.objectContaining({ level: 'warn', context: 'Workers', msg: 'job failed', jobId: 'j1' }),
      expect.objectContaining({ level: 'debug', msg: 'detail' }),
    ]);
    expect(err).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'ExceptionsHandler',
        msg: 'boom',
        trace: expect.stringContaining('Error: boom'),
      }),
    ]);
  });
});
