// HEALTHCHECK for either app: the command app serves on PORT, the projector on PROJECTOR_PORT.
const app = process.env.APP ?? 'command';
const port = app === 'projector' ? (process.env.PROJECTOR_PORT ?? '3001') : (process.env.PORT ?? '3000');
try {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
