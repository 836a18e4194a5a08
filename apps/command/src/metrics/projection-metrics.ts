import { Counter, Gauge, Registry } from 'prom-client';
import type { ProjectionProgress } from '#read-models';

/**
 * Projection metrics, computed at scrape time from the read-model DB (the projector writes the
 * checkpoints and the events-projected counters there in the same transactions as the rows).
 */
export function projectionRegistry(progress: ProjectionProgress[], head: bigint): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = ['projection']) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const position = gauge('onemind_projection_position', 'Log position the projection has applied');
  const lag = gauge('onemind_projection_lag_events', 'Events the projection is behind the log head');
  const failed = gauge(
    'onemind_projection_failed',
    '1 when the projection stopped on an event it could not apply',
  );
  const projected = new Counter({
    name: 'onemind_projection_events_total',
    help: 'Events projected (rate() gives events per second)',
    labelNames: ['projection'],
    registers: [registry],
  });
  gauge('onemind_log_head_position', 'Position of the last event in the log', []).set(Number(head));
  for (const p of progress) {
    const labels = { projection: p.projection };
    position.set(labels, Number(p.position));
    lag.set(labels, Number(head > p.position ? head - p.position : 0n));
    failed.set(labels, p.state === 'failed' ? 1 : 0);
    projected.inc(labels, Number(p.eventsTotal));
  }
  return registry;
}
