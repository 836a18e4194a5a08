/**
 * The secret every process the benchmark starts verifies tokens with, and the one bench/lib/http.ts
 * signs them with. Explicit, never inherited: with ONEMIND_JWT_SECRET set in the shell (as the
 * README's Docker section has users do) the apps verified with the user's secret and refused every
 * benchmark request (issue 13 item 9).
 */
export const BENCH_JWT_SECRET = 'onemind-benchmark-secret-for-local-runs-only';

/**
 * The engine's own settings (config.ts, the rate limits, the queues, the documents): none of them
 * may leak from the user's shell into a measured process, or the benchmark measures (or fails on)
 * the user's set-up. REDIS_URL is kept: the benchmark uses the Redis the user points it at.
 */
const ENGINE_SETTING =
  /^(ONEMIND_|NODE_ENV$|EVENT_STORE$|KURRENTDB_URL$|PORT$|PROJECTOR_PORT$|PUBLIC_BASE_URL$|SMTP_URL$|CORS_ORIGINS$|IACP_)/;

/** Environment of every process the benchmark starts (spawn, spawnSync, exec…): always through here. */
export function childEnv(
  extra: Record<string, string> = {},
  from: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(from).filter(([name]) => !ENGINE_SETTING.test(name)));
  return { ...inherited, ONEMIND_JWT_SECRET: BENCH_JWT_SECRET, ONEMIND_LOG_LEVEL: 'silent', ...extra };
}
