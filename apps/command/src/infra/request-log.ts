import type { NextFunction, Request, Response } from 'express';

/** One JSON line per request. Never logs headers or bodies: they carry tokens and officer refs. */
export function requestLog() {
  const quiet = process.env.ONEMIND_LOG_LEVEL === 'silent';
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (quiet) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.stdout.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: 'info', app: 'command', msg: 'http', method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 })}\n`,
      );
    });
    next();
  };
}
