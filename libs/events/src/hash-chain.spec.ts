import fc from 'fast-check';
import { canonicalJson } from './canonical.js';
import { GENESIS_HASH, eventHash, verifyChain, type ChainLink } from './hash-chain.js';
import type { EventMetadata } from './event.js';

/**
 * G6: tampering with a stream (a flipped byte, a deleted, reordered or truncated event) is always
 * detected and the first bad revision is named. Random chains come from fast-check; the seed is
 * printed and `SEED=<n>` replays a run.
 */
const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
console.log(`hash-chain.spec seed=${seed} (re-run with SEED=${seed})`);
const params = { seed, numRuns: 100 };

const metadata: EventMetadata = {
  actor: { sub: 'staff-1', role: 'staff' },
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  recordedAt: '2026-01-01T00:00:00.000Z',
  schemaVersion: 1,
};

/** Builds a correctly linked chain the way a store does. */
function chain(datas: unknown[], streamId = 'agency-a1'): ChainLink[] {
  let prevHash = GENESIS_HASH;
  return datas.map((data, i) => {
    const input = {
      streamId,
      revision: BigInt(i),
      type: `Happened${i % 3}`,
      schemaVersion: 1,
      data,
      metadata,
      prevHash,
    };
    const link = { ...input, hash: eventHash(input) };
    prevHash = link.hash;
    return link;
  });
}

const jsonData = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
  ),
  { minKeys: 1, maxKeys: 5 },
);
const chainArb = fc
  .array(fc.record({ note: fc.string({ minLength: 1, maxLength: 30 }), extra: jsonData }), {
    minLength: 1,
    maxLength: 12,
  })
  .map((d) => chain(d));
const headOf = (links: ChainLink[]) => ({
  revision: links[links.length - 1].revision,
  hash: links[links.length - 1].hash,
});

/** Recursively rebuilds every object with its keys in a shuffled order. */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  // fromEntries, not assignment: an own "__proto__" key must stay a plain key.
  return Object.fromEntries(keys.map((k) => [k, shuffleKeys((value as Record<string, unknown>)[k], random)]));
}

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, shuffleSeed) => {
        let s = shuffleSeed;
        const random = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
        expect(canonicalJson(shuffleKeys(value, random))).toBe(canonicalJson(value));
      }),
      params,
    );
  });

  it('is stable through a JSON round trip (what a store does to data)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
      }),
      params,
    );
  });

  it('writes exactly what the first (map/filter/join) version wrote, so every stored hash still verifies', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withNullPrototype: true,
          withObjectString: false,
          withBoxedValues: false,
          withMap: false,
          withSet: false,
          withDate: false,
          withTypedArray: false,
          withSparseArray: false,
        }),
        (value) => {
          let expected: string | Error;
          try {
            expected = firstCanonicalJson(value);
          } catch (e) {
            expected = e as Error;
          }
          if (expected instanceof Error) expect(() => canonicalJson(value)).toThrow(TypeError);
          else expect(canonicalJson(value)).toBe(expected);
        },
      ),
      params,
    );
  });

  it('pins one event hash (a change of the canonical form would orphan every stored chain)', () => {
    const data = {
      officerRef: 'o-1',
      programId: 'cit',
      completedOn: '2025-05-20',
      hours: 40,
      note: 'é "q" \u2028',
      list: [1, 2.5, null, true, { z: undefined, b: -0, a: 1e21 }],
    };
    expect(
      eventHash({
        streamId: 'agency-tx-denton-pd',
        revision: 7n,
        type: 'OfficerTrained',
        schemaVersion: 1,
        data,
        metadata: {
          ...metadata,
          actor: { sub: 'alice', role: 'staff' },
          commandId: 'c',
          correlationId: 'c',
          causationId: 'c',
          recordedAt: '2026-01-01T00:00:00.000Z',
          schemaVersion: 1,
        },
        prevHash: GENESIS_HASH,
      }),
    ).toBe('37a607cc95997c4c82068023c374b4f3b49db2515f6ef73bf99d214cfdb6b261');
  });

  it('sorts keys, drops undefined members, writes bigint as a string', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: 10n } })).toBe(
      '{"a":{"c":"10","d":[2,{"z":1}]},"b":1}',
    );
    expect(eventHash({ ...chain([{ a: 1, b: 2 }])[0] })).toBe(eventHash({ ...chain([{ b: 2, a: 1 }])[0] }));
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and its recorded head', () => {
    fc.assert(
      fc.property(chainArb, (links) => {
        expect(verifyChain(links, headOf(links))).toEqual({
          valid: true,
          events: links.length,
          headHash: headOf(links).hash,
        });
        expect(links[0].prevHash).toBe(GENESIS_HASH);
      }),
      params,
    );
  });

  it("detects a flipped byte in an event's data and names that revision", () => {
    fc.assert(
      fc.property(
        chainArb,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (links, at, byteAt, mask) => {
          const k = at % links.length;
          const bytes = Buffer.from(JSON.stringify(links[k].data), 'utf8');
          const i = byteAt % bytes.length;
          bytes[i] ^= mask;
          let tampered: unknown;
          try {
            tampered = JSON.parse(bytes.toString('utf8'));
          } catch {
            fc.pre(false); // the flip made the JSON unreadable: the store could not even load it
          }
          // Skip the rare flip that changes nothing the hash covers; an unhashable result (a number
          // that now parses to Infinity) must still be reported at its revision.
          let changed = true;
          try {
            changed = canonicalJson(tampered) !== canonicalJson(links[k].data);
          } catch {
            // unhashable: counts as changed
          }
          fc.pre(changed);
          const copy = links.map((l) => ({ ...l }));
          copy[k].data = tampered;
          const verdict = verifyChain(copy, headOf(links));
          expect(verdict).toMatchObject({ valid: false, firstBadRevision: BigInt(k), events: k });
        },
      ),
      { ...params, numRuns: 200 },
    );
  });

  it('detects a flipped byte in a stored hash, prevHash, type or metadata', () => {
    const fields = ['hash', 'prevHash', 'type', 'streamId', 'metadata'] as const;
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.constantFrom(...fields), fc.nat(), (links, at, field, byteAt) => {
        const k = at % links.length;
        const copy = links.map((l) => ({ ...l }));
        const flip = (s: string) => {
          const i = byteAt % s.length;
          return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1);
        };
        if (field === 'metadata')
          copy[k].metadata = { ...copy[k].metadata, commandId: flip(copy[k].metadata.commandId) };
        else copy[k][field] = flip(copy[k][field]);
        expect(verifyChain(copy, headOf(links))).toMatchObject({ valid: false, firstBadRevision: BigInt(k) });
      }),
      params,
    );
  });

  it('detects a deleted event and names its revision', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (links, at) => {
        const k = at % links.length;
        const copy = links.filter((_, i) => i !== k);
        expect(verifyChain(copy, headOf(links))).toMatchObject({ valid: false, firstBadRevision: BigInt(k) });
      }),
      params,
    );
  });

  it('detects two swapped events (rows or contents) and names the first', () => {
    fc.assert(
      fc.property(
        chainArb.filter((l) => l.length >= 2),
        fc.nat(),
        fc.nat(),
        (links, a, b) => {
          const i = a % links.length;
          const j = (i + 1 + (b % (links.length - 1))) % links.length;
          const [lo, hi] = [Math.min(i, j), Math.max(i, j)];
          // Reordered rows: the links come back in a different order.
          const rows = [...links];
          [rows[lo], rows[hi]] = [rows[hi], rows[lo]];
          expect(verifyChain(rows, headOf(links))).toMatchObject({
            valid: false,
            firstBadRevision: BigInt(lo),
          });
          // Swapped contents under unchanged revision numbers.
          const contents = links.map((l) => ({ ...l }));
          contents[lo] = { ...links[hi], revision: links[lo].revision };
          contents[hi] = { ...links[lo], revision: links[hi].revision };
          expect(verifyChain(contents, headOf(links))).toMatchObject({
            valid: false,
            firstBadRevision: BigInt(lo),
          });
        },
      ),
      params,
    );
  });

  it('detects a truncated tail through the recorded head and names the first missing revision', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (links, cut) => {
        const keep = cut % links.length; // 0 .. length-1 events survive
        const verdict = verifyChain(links.slice(0, keep), headOf(links));
        expect(verdict).toMatchObject({ valid: false, firstBadRevision: BigInt(keep), events: keep });
        // Without the recorded head a clean truncation is indistinguishable from a shorter stream.
        expect(verifyChain(links.slice(0, keep)).valid).toBe(true);
      }),
      params,
    );
  });

  it('reports data that can no longer be hashed (a number turned into Infinity) at its revision', () => {
    const links = chain([{ n: 1 }, { n: 9e307 }]);
    const copy = links.map((l) => ({ ...l }));
    copy[1].data = JSON.parse('{"n":9e309}');
    expect(verifyChain(copy, headOf(links))).toMatchObject({
      valid: false,
      firstBadRevision: 1n,
      reason: expect.stringMatching(/cannot be hashed/),
    });
  });

  it('detects an event re-hashed after editing (the next link no longer matches)', () => {
    const links = chain([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const forged = { ...links[1], data: { n: 99 } };
    forged.hash = eventHash(forged);
    expect(verifyChain([links[0], forged, links[2]], headOf(links))).toMatchObject({
      valid: false,
      firstBadRevision: 2n,
    });
  });
});

/** The first canonicalJson, kept as the definition the faster one must match. */
function firstCanonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => firstCanonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${firstCanonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}
