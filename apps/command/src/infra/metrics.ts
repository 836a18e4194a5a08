import { Counter, Histogram, Registry } from 'prom-client';

/**
 * Process-wide metrics of the command app. Module-level because the command path
 * (infra/handle-command.ts) is a plain function, not a Nest provider.
 */
export const processRegistry = new Registry();

const commandSeconds = new Histogram({
  name: 'onemind_command_duration_seconds',
  help: 'Command handling time (read, fold, decide, append), by command type and outcome',
  labelNames: ['command', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [processRegistry],
});

export const httpResponses = new Counter({
  name: 'onemind_http_responses_total',
  help: 'HTTP responses by method and status code',
  labelNames: ['method', 'status'],
  registers: [processRegistry],
});

const commandConflicts = new Counter({
  name: 'onemind_command_conflicts_total',
  help: 'Commands re-decided because another append reached their stream first (optimistic concurrency)',
  labelNames: ['command'],
  registers: [processRegistry],
});

/** A command's `type` as a metric label. */
function commandLabel(command: unknown): string {
  const type = (command as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : 'unknown';
}

export function countConflict(command: unknown): void {
  commandConflicts.inc({ command: commandLabel(command) });
}

/** Wraps the command path so every command's latency is observed, by its `type`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any argument list: the wrapper hands it on unread
export function withCommandTiming<F extends (...args: any[]) => Promise<unknown>>(fn: F): F {
  return (async (...args: unknown[]) => {
    const end = commandSeconds.startTimer({
      command: commandLabel((args[1] as { command?: unknown } | undefined)?.command),
    });
    try {
      const result = await fn(...args);
      end({ outcome: 'ok' });
      return result;
    } catch (err) {
      end({ outcome: 'rejected' });
      throw err;
    }
  }) as F;
}
