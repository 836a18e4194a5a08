import { createHash } from 'node:crypto';
import {
  AGENCY_STREAM_PREFIX,
  CAMPAIGNS_STREAM,
  OFFICE_HOLDERS_STREAM,
  PROGRAM_CATALOGUE_STREAM,
} from '#events';

/** The streams this engine owns; $all reads and subscriptions see nothing else. */
export const OUR_STREAM_PREFIXES: readonly string[] = [
  AGENCY_STREAM_PREFIX,
  PROGRAM_CATALOGUE_STREAM,
  OFFICE_HOLDERS_STREAM,
  CAMPAIGNS_STREAM,
];

/**
 * Our stream ids live on the server under an optional namespace (`""` in production). Tests give
 * each run its own namespace so that reruns against one shared server never see each other's
 * streams, and so that the prefix filter of `readAll`/`subscribeToAll` only lets this run through.
 */
export class StreamNames {
  constructor(
    readonly namespace: string = '',
    private readonly prefixes: readonly string[] = OUR_STREAM_PREFIXES,
  ) {}

  toServer(streamId: string): string {
    return `${this.namespace}${streamId}`;
  }

  /** Null for a server stream outside our namespace (it is never ours). */
  fromServer(name: string): string | null {
    return name.startsWith(this.namespace) ? name.slice(this.namespace.length) : null;
  }

  /** Server-side stream-name prefixes for the $all filter. */
  serverPrefixes(): string[] {
    return this.prefixes.map((p) => `${this.namespace}${p}`);
  }

  isOurs(serverName: string): boolean {
    return this.serverPrefixes().some((p) => serverName.startsWith(p));
  }

  /**
   * The idempotency record of a key. A `$` stream is a system stream: it never matches our
   * prefixes (so it never shows up in readAll) and, with ACLs on, only admins may write it.
   */
  idempotency(key: string): string {
    return `$idem-${createHash('sha256').update(`${this.namespace}\u0000${key}`).digest('hex')}`;
  }

  /** The reservation stream of a unique claim (a `$` system stream too, see `idempotency`). */
  claim(claim: string): string {
    return `$claim-${createHash('sha256').update(`${this.namespace}\u0000${claim}`).digest('hex')}`;
  }
}
