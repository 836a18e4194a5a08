import { createServer } from 'node:net';

/**
 * A start-up failure the operator can fix, as one line (issue 13 item 10), or null for anything
 * else. Node's listen error carries the port, so the line names the port that was actually taken.
 */
export function listenProblem(err: unknown, variable: string): string | null {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code === 'EADDRINUSE')
    return `port ${e.port} (${variable}) is already in use: stop the process using it, or set ${variable.split(',')[0]} to another port`;
  if (e?.code === 'EACCES' && e.syscall === 'listen')
    return `not allowed to listen on port ${e.port} (${variable}): choose a port above 1023`;
  return null;
}

/**
 * Fails with the listen error itself if the port is taken. Checked before the app is built: Nest's
 * own listen() logs the bare error first (a second, less clear line) and the app would have opened
 * its store and Redis for nothing.
 */
export function assertCanListen(port: number, host = '0.0.0.0'): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
