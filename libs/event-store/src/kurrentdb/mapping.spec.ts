import { NO_STREAM, START, STREAM_EXISTS, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, eventHash, type NewEvent } from '#events';
import { WrongExpectedRevisionError } from '../event-store.js';
import {
  ForeignEventError,
  deterministicUuid,
  fromRecorded,
  idempotencyOf,
  isUuid,
  pinnedExpected,
  toEventData,
  toOurError,
  toOurPosition,
  toReadPosition,
  toStreamState,
  type RecordedLike,
} from './mapping.js';
import { StreamNames } from './stream-names.js';

const event: NewEvent = {
  id: '0b5cf3e2-6c1f-4f39-9d7e-6b1e7d4a2f10',
  type: 'PledgeTaken',
  schemaVersion: 2,
  data: { name: 'Springfield PD', text: 'é 😀 "q"', nested: { list: [1, 2.5, null, true] } },
  metadata: {
    actor: { sub: 'u1', role: 'staff' },
    commandId: 'cmd-1',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    recordedAt: '2026-03-01T12:00:00.000Z',
    schemaVersion: 2,
  },
};

/** What the server hands back for what we sent: same id, type, data and metadata, plus its own fields. */
function recorded(
  sent: ReturnType<typeof toEventData>,
  revision: bigint,
  commit: bigint,
  streamId = 'agency-a',
): RecordedLike {
  return {
    streamId,
    id: sent.id,
    revision,
    type: sent.type,
    data: JSON.parse(JSON.stringify(sent.data)),
    metadata: JSON.parse(JSON.stringify(sent.metadata)),
    isJson: sent.contentType === 'application/json',
    position: { commit, prepare: commit },
  };
}

describe('expected revision → client streamState', () => {
  it('maps all three forms, never to any', () => {
    expect(toStreamState('no-stream')).toBe(NO_STREAM);
    expect(toStreamState('exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(0n)).toBe(0n);
    expect(toStreamState(2n ** 63n)).toBe(2n ** 63n);
    for (const v of ['no-stream', 'exists', 0n, 41n] as const) expect(toStreamState(v)).not.toBe('any');
  });

  it('refuses anything else', () => {
    expect(() => toStreamState(-1n)).toThrow(RangeError);
    expect(() => toStreamState('any' as never)).toThrow(RangeError);
  });

  it('pins "exists" to the head the hash chain was computed from', () => {
    expect(pinnedExpected('exists', 7n)).toBe(7n);
    expect(pinnedExpected('exists', null)).toBe('exists');
    expect(pinnedExpected('no-stream', null)).toBe('no-stream');
    expect(pinnedExpected(3n, 3n)).toBe(3n);
  });
});

describe('event round trip', () => {
  it('keeps every field of ours and the chain', () => {
    const hash = eventHash({ ...event, streamId: 'agency-a', revision: 0n, prevHash: GENESIS_HASH });
    const sent = toEventData(event, { prevHash: GENESIS_HASH, hash });
    expect(sent).toMatchObject({
      id: event.id,
      type: 'PledgeTaken',
      contentType: 'application/json',
      data: event.data,
    });
    const back = fromRecorded(recorded(sent, 0n, 1234n), 'agency-a');
    expect(back).toEqual({
      ...event,
      streamId: 'agency-a',
      revision: 0n,
      position: 1234n,
      recordedAt: event.metadata.recordedAt,
      prevHash: GENESIS_HASH,
      hash,
    });
    // The chain still verifies after the JSON round trip through the server.
    expect(eventHash(back)).toBe(hash);
  });

  it('puts KurrentDB correlation and causation ids in the metadata', () => {
    const sent = toEventData(event, { prevHash: GENESIS_HASH, hash: 'h' });
    expect(sent.metadata).toMatchObject({ $correlationId: 'corr-1', $causationId: 'cause-1' });
  });

  it('derives a UUID when our id is not one, and keeps ours for readers', () => {
    const sent = toEventData({ ...event, id: 'evt-17' }, { prevHash: GENESIS_HASH, hash: 'h' });
    expect(isUuid(sent.id)).toBe(true);
    expect(sent.id).toBe(deterministicUuid('evt-17'));
    expect(fromRecorded(recorded(sent, 0n, 1n), 'agency-a').id).toBe('evt-17');
  });

  it('with an idempotency key: key-derived server ids, the key on the first event only', () => {
    const record = { key: 'user:abc', fingerprint: 'f1' };
    const a = toEventData(event, { prevHash: GENESIS_HASH, hash: 'h0' }, { record, index: 0, count: 2 });
    const b = toEventData(
      { ...event, id: 'e2' },
      { prevHash: 'h0', hash: 'h1' },
      { record, index: 1, count: 2 },
    );
    expect(a.id).toBe(deterministicUuid('user:abc\u00000'));
    expect(b.id).toBe(deterministicUuid('user:abc\u00001'));
    expect(a.id).not.toBe(b.id);
    expect(idempotencyOf(recorded(a, 0n, 1n))).toEqual({ key: 'user:abc', fingerprint: 'f1', count: 2 });
    expect(idempotencyOf(recorded(b, 1n, 2n))).toBeUndefined();
    expect(fromRecorded(recorded(a, 0n, 1n), 'agency-a').id).toBe(event.id);
  });

  it('fails before sending when data cannot be serialised', () => {
    expect(() => toEventData({ ...event, data: { n: 1n } }, { prevHash: GENESIS_HASH, hash: 'h' })).toThrow(
      TypeError,
    );
  });

  it('refuses events it did not write, and events without a position', () => {
    const foreign: RecordedLike = {
      streamId: 'agency-a',
      id: 'x',
      revision: 0n,
      type: 'T',
      data: {},
      metadata: {},
      isJson: true,
      position: { commit: 1n, prepare: 1n },
    };
    expect(() => fromRecorded(foreign, 'agency-a')).toThrow(ForeignEventError);
    const sent = toEventData(event, { prevHash: GENESIS_HASH, hash: 'h' });
    expect(() => fromRecorded({ ...recorded(sent, 0n, 1n), position: undefined }, 'agency-a')).toThrow(
      /22\.6/,
    );
    expect(() => fromRecorded(recorded(sent, 0n, 2n ** 64n - 1n), 'agency-a')).toThrow(/no log position/);
  });
});

describe('positions', () => {
  it('our position is the commit position, exact above 2^53', () => {
    const big = 2n ** 53n + 1n;
    expect(toOurPosition({ commit: big, prepare: big })).toBe(9007199254740993n);
    expect(toOurPosition({ commit: 2n ** 63n + 5n, prepare: 2n ** 63n + 5n })).toBe(2n ** 63n + 5n);
  });

  it('our position back to a $all read position', () => {
    expect(toReadPosition(0n)).toBe(START);
    const big = 2n ** 60n + 3n;
    expect(toReadPosition(big)).toEqual({ commit: big, prepare: big });
    expect(() => toReadPosition(-1n)).toThrow(RangeError);
  });
});

describe('errors', () => {
  it('WrongExpectedVersionError → WrongExpectedRevisionError with the actual revision', () => {
    const err = new WrongExpectedVersionError(undefined, {
      streamName: 'ns-agency-a',
      expected: 3n,
      current: 5n,
    });
    const ours = toOurError(err, 'agency-a', 3n);
    expect(ours).toBeInstanceOf(WrongExpectedRevisionError);
    expect(ours).toMatchObject({ streamId: 'agency-a', expected: 3n, actual: 5n });
  });

  it('a missing stream is reported as no-stream', () => {
    const err = new WrongExpectedVersionError(undefined, {
      streamName: 'agency-a',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    expect(toOurError(err, 'agency-a', 'exists')).toMatchObject({ expected: 'exists', actual: 'no-stream' });
  });

  it('any other error passes through untouched', () => {
    const other = new Error('unavailable');
    expect(toOurError(other, 'agency-a', 0n)).toBe(other);
  });
});

describe('stream names', () => {
  it('production: our prefixes, no namespace', () => {
    const n = new StreamNames();
    expect(n.serverPrefixes()).toEqual(['agency-', 'training-programs', 'office-holders', 'campaigns']);
    expect(n.toServer('agency-x')).toBe('agency-x');
    expect(n.isOurs('agency-x')).toBe(true);
    expect(n.isOurs('$$agency-x')).toBe(false);
    expect(n.isOurs('$idem-00')).toBe(false);
  });

  it('a namespace isolates a test run, including its idempotency records', () => {
    const a = new StreamNames('run1-', ['']);
    const b = new StreamNames('run2-', ['']);
    expect(a.toServer('c1-x')).toBe('run1-c1-x');
    expect(a.fromServer('run1-c1-x')).toBe('c1-x');
    expect(a.fromServer('run2-c1-x')).toBeNull();
    expect(a.isOurs('run2-c1-x')).toBe(false);
    expect(a.idempotency('k')).toMatch(/^\$idem-[0-9a-f]{64}$/);
    expect(a.idempotency('k')).not.toBe(b.idempotency('k'));
    expect(new StreamNames().idempotency('k')).toBe(new StreamNames().idempotency('k'));
  });
});
