/** One JSON object per line, like the command app's logger (errors on stderr). */
export function logJson(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>): void {
  if (process.env.ONEMIND_LOG_LEVEL === 'silent' && level !== 'error') return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, app: 'projector', ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}
