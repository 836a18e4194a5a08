import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { ConfigError } from '#config';
import { checkRedisEvictionPolicy, UnsafeRedisSettingsError } from '#jobs/redis';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** A private redis-server (from PATH, no persistence) with the settings under test; never the shared one. */
async function privateRedis(args: string[]): Promise<{ redis: Redis; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    { stdio: 'ignore' },
  );
  const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  await redis.ping();
  return { redis, proc };
}

/** G10: an eviction policy that may drop delayed jobs refuses production and warns in development. */
describe('Redis maxmemory-policy check at start-up (int, private redis-server)', () => {
  const started: { redis: Redis; proc: ChildProcess }[] = [];
  afterAll(() =>
    started.forEach(({ redis, proc }) => {
      redis.disconnect();
      proc.kill('SIGKILL');
    }),
  );

  it('refuses allkeys-lru in production and only warns in development', async () => {
    const r = await privateRedis(['--maxmemory-policy', 'allkeys-lru']);
    started.push(r);
    const warnings: string[] = [];
    await expect(checkRedisEvictionPolicy(r.redis, true, (m) => warnings.push(m))).rejects.toThrow(
      UnsafeRedisSettingsError,
    );
    expect(new UnsafeRedisSettingsError('x')).toBeInstanceOf(ConfigError); // main() exits 78 with one line
    await checkRedisEvictionPolicy(r.redis, false, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringContaining('"allkeys-lru", not noeviction')]);
  }, 20_000);

  it('accepts noeviction silently, and warns when CONFIG is not permitted', async () => {
    const ok = await privateRedis(['--maxmemory-policy', 'noeviction']);
    const locked = await privateRedis([
      '--maxmemory-policy',
      'allkeys-lru',
      '--rename-command',
      'CONFIG',
      '',
    ]);
    started.push(ok, locked);
    const warnings: string[] = [];
    await checkRedisEvictionPolicy(ok.redis, true, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
    await checkRedisEvictionPolicy(locked.redis, true, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringContaining('could not be checked')]);
  }, 20_000);
});
