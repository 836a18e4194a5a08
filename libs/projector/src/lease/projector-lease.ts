import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { ConfigError, type Config, type LeaseConfig } from '#config';
import { queuePrefix } from '#jobs/redis';
import { logJson } from '#config';
import { Fence, type FencedOutError } from './fence.js';
import { RedisLease } from './redis-lease.js';

/**
 * `ONEMIND_PROJECTOR_LEASE*` (config.projector.lease). With `localTakeover`, a standby on the same
 * kernel and PID namespace as the holder takes the lease at once when the holder's process no longer
 * exists, instead of waiting for the TTL (a supervisor restarting a crashed single projector).
 */
export type LeaseSettings = LeaseConfig;

export const leaseKey = (config: Pick<Config, 'queues'>): string => `${queuePrefix(config)}:projector-lease`;

/**
 * A connection for the lease only: no offline queue and a command timeout, so a renewal against an
 * unreachable Redis fails within ttl/3 instead of waiting in a queue while the lease lapses.
 * Null when `auto` and Redis does not answer within 2 s (the projector then runs alone, as before).
 */
export async function connectLeaseRedis(config: Config, settings: LeaseSettings): Promise<Redis | null> {
  if (settings.mode === 'off') return null;
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: Math.max(100, Math.floor(settings.ttlMs / 3)),
    retryStrategy: (n) => Math.min(100 * n, 1_000),
  });
  let lastError = 0;
  redis.on('error', (err) => {
    if (Date.now() - lastError < 10_000) return;
    lastError = Date.now();
    logJson('warn', { msg: 'lease redis error', error: String(err) });
  });
  const answered = await Promise.race([
    redis
      .connect()
      .then(() => redis.ping())
      .then(
        () => true,
        () => false,
      ),
    new Promise<boolean>((r) => setTimeout(() => r(false), 2_000).unref()),
  ]);
  if (answered || settings.mode === 'on') return redis; // `on`: keeps reconnecting, standby until it answers
  redis.disconnect();
  logJson('warn', {
    msg: 'projector lease off: Redis did not answer (ONEMIND_PROJECTOR_LEASE=auto); run a single projector, or set ONEMIND_PROJECTOR_LEASE=on',
    redisUrl: config.redisUrl,
  });
  return null;
}

/**
 * This kernel boot and PID namespace: two processes with the same value see the same PIDs, so
 * `kill(pid, 0)` failing with ESRCH proves the other one is gone. Null off Linux (no local takeover).
 */
function pidSpace(): string | null {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return createHash('sha256')
      .update(`${boot}\n${readlinkSync('/proc/self/ns/pid')}`)
      .digest('hex')
      .slice(0, 16);
  } catch {
    return null;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: it exists, as another user
  }
}

export interface LeaseHooks {
  /** Start the subscribers under this fence. May throw: the lease is then released again. */
  activate(fence: Fence): Promise<void>;
  /** Stop every subscriber (immediately: no new batch may start after this is called). */
  deactivate(): Promise<void>;
  /** The highest fencing token already stored in the read models. */
  floor(): bigint | Promise<bigint>;
  /** A ConfigError while activating (e.g. G10: Redis eviction policy in production). */
  onFatal?(err: Error): void;
}

export type Role = 'standby' | 'active';

/**
 * One active projector per installation. A standby tries `SET <prefix>:projector-lease NX PX ttl`
 * every `pollMs`; the holder renews every ttl/3 (compare-and-PEXPIRE). When a renewal fails, times
 * out or finds another owner, the holder stops its subscribers at once, long before the TTL could
 * lapse, and goes back to standby. A holder killed with -9 stops renewing: the key expires after at
 * most `ttlMs` and a standby takes it within `ttlMs + pollMs`. What the lease cannot prevent (a
 * holder paused for longer than the TTL that then wakes up mid-batch) the fence in the read-model
 * file does (fence.ts).
 */
export class ProjectorLease {
  role: Role = 'standby';
  fence: bigint | null = null;
  private owner = '';
  private term = 0;
  private readonly space = pidSpace();
  /** Owner tokens are `<instance>|<term>`: host|pid space|pid|random. */
  private readonly instance = `${hostname()}|${this.space ?? '-'}|${process.pid}|${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private starting = false;
  private fatal: Error | null = null;
  private lastAcquireError = '';

  constructor(
    private readonly lease: RedisLease,
    private readonly settings: LeaseSettings,
    private readonly hooks: LeaseHooks,
  ) {}

  get renewMs(): number {
    return Math.max(100, Math.floor(this.settings.ttlMs / 3));
  }

  /** Tries once (so a free lease is held, and subscribers run, when this returns), then keeps going. */
  async start(): Promise<void> {
    logJson('info', {
      msg: 'projector lease',
      role: 'standby',
      key: this.lease.key,
      ttlMs: this.settings.ttlMs,
      instance: this.instance,
    });
    this.starting = true;
    await this.serial(() => this.tick());
    this.starting = false;
    // A configuration error on the first attempt fails start-up, as it did without a lease.
    if (this.fatal) {
      this.stopped = true;
      throw this.fatal;
    }
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.serial(async () => {
      if (this.role === 'active') await this.stepDown('shutdown');
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        void this.serial(() => this.tick()).finally(() => this.schedule());
      },
      this.role === 'active' ? this.renewMs : this.settings.pollMs,
    );
    this.timer.unref();
  }

  /** Transitions never overlap: ticks, fencing and stop() go through one queue. */
  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.queue
      .then(fn)
      .catch((err) => logJson('error', { msg: 'projector lease error', error: String(err) }));
    this.queue = next;
    return next;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.role === 'active') {
      const renewed = await this.lease.renew(this.owner).catch((err) => {
        logJson('warn', { msg: 'lease renewal failed', error: String(err) });
        return false;
      });
      if (!renewed) await this.stepDown('renewal failed or the lease has another owner');
      return;
    }
    const owner = `${this.instance}|${++this.term}`;
    let fence: bigint | null;
    try {
      fence = await this.lease.tryAcquire(owner, await this.hooks.floor());
      if (fence === null) fence = await this.takeOverFromDeadLocalHolder(owner);
    } catch (err) {
      // Redis unreachable, or the read model's fence unreadable: stay standby, retry at the next poll.
      const error = String(err);
      if (error !== this.lastAcquireError)
        logJson('warn', { msg: 'projector lease: could not try to acquire', error });
      this.lastAcquireError = error;
      return;
    }
    this.lastAcquireError = '';
    if (fence === null) return;
    this.role = 'active';
    this.owner = owner;
    this.fence = fence;
    const started = Date.now();
    logJson('info', {
      msg: 'projector lease',
      role: 'active',
      fence: Number(fence),
      key: this.lease.key,
      instance: this.instance,
    });
    const term = this.term;
    try {
      await this.hooks.activate(new Fence(fence, owner, (err) => this.fencedOut(term, err)));
      logJson('info', { msg: 'projector active', fence: Number(fence), startMs: Date.now() - started });
    } catch (err) {
      logJson('error', { msg: 'projector could not start while holding the lease', error: String(err) });
      await this.stepDown('start failed');
      if (err instanceof ConfigError) {
        if (this.starting) this.fatal = err;
        else this.hooks.onFatal?.(err);
      }
    }
  }

  /**
   * The holder is on this kernel, in this PID namespace, and its process is gone (killed, crashed
   * and restarted by a supervisor): no renewal can come from it, so take the lease now with a
   * compare-and-set on its exact token rather than waiting up to the TTL. A paused (SIGSTOP) or
   * zombie holder still exists and is waited out; a holder elsewhere always is.
   */
  private async takeOverFromDeadLocalHolder(owner: string): Promise<bigint | null> {
    if (!this.settings.localTakeover || !this.space) return null;
    const holder = await this.lease.holder();
    const [, space, pid] = holder?.split('|') ?? [];
    if (
      !holder ||
      space !== this.space ||
      Number(pid) === process.pid ||
      !Number.isInteger(Number(pid)) ||
      processExists(Number(pid))
    )
      return null;
    const fence = await this.lease.takeOver(owner, holder, await this.hooks.floor());
    if (fence !== null)
      logJson('warn', {
        msg: 'projector lease taken over from a dead local holder',
        holder,
        pid: Number(pid),
      });
    return fence;
  }

  /** A batch found a newer fence in the file: this instance is no longer the writer. */
  private fencedOut(term: number, err: FencedOutError): void {
    logJson('warn', { msg: 'projector fenced out', error: err.message });
    void this.serial(async () => {
      if (this.term === term && this.role === 'active') await this.stepDown('fenced out');
    });
  }

  private async stepDown(reason: string): Promise<void> {
    const fence = this.fence;
    this.role = 'standby';
    this.fence = null;
    logJson('warn', {
      msg: 'projector lease',
      role: 'standby',
      reason,
      fence: fence === null ? null : Number(fence),
      instance: this.instance,
    });
    await this.hooks.deactivate();
    await this.lease.release(this.owner).catch(() => false);
  }
}
