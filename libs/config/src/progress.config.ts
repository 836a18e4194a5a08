/**
 * `ONEMIND_PROJECTOR_STALL_MS` (default 30000): how long the read models may stay behind the log
 * without their checkpoint moving before readiness fails (G13), in the command app and the
 * projector alike. Long enough for the slowest batch (a 50,000-row import), short enough that a
 * projector stuck on a full disk or a hung dependency is seen within a minute.
 */
export function projectorStallMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ONEMIND_PROJECTOR_STALL_MS;
  const n = raw === undefined || raw === '' ? 30_000 : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : 30_000;
}
