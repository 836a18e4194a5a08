import {
  upcast,
  UnknownEventTypeError,
  UnsupportedSchemaVersionError,
  UPCASTERS,
  type UpcasterChain,
} from './upcast.js';
import { EVENT_TYPES } from './registry.js';

/**
 * Proves the chain mechanics with a test-only type, `ParcelWeighed`, written at v1, v2 and v3:
 *   v1 { grams }                     → v2 { grams, unit: 'g' }  (a field added with its default)
 *   v2 { grams, unit }               → v3 { weight: { value, unit } }  (a field restructured)
 */
const CURRENT = { ParcelWeighed: 3 };
const CHAIN: UpcasterChain = {
  'ParcelWeighed@1': (d: { grams: number }) => ({ ...d, unit: 'g' }),
  'ParcelWeighed@2': (d: { grams: number; unit: string }) => ({ weight: { value: d.grams, unit: d.unit } }),
};

describe('upcast', () => {
  it('applies every step from the stored version to the current one, in order', () => {
    expect(upcast('ParcelWeighed', 1, { grams: 250 }, CHAIN, CURRENT)).toEqual({
      schemaVersion: 3,
      data: { weight: { value: 250, unit: 'g' } },
    });
    expect(upcast('ParcelWeighed', 2, { grams: 3, unit: 'kg' }, CHAIN, CURRENT)).toEqual({
      schemaVersion: 3,
      data: { weight: { value: 3, unit: 'kg' } },
    });
  });

  it('leaves data at the current version untouched', () => {
    const data = { weight: { value: 1, unit: 'g' } };
    expect(upcast('ParcelWeighed', 3, data, CHAIN, CURRENT)).toEqual({ schemaVersion: 3, data });
  });

  it('never changes the stored object it was given (its hash covers the stored form)', () => {
    const stored = { grams: 250 };
    upcast('ParcelWeighed', 1, stored, CHAIN, CURRENT);
    expect(stored).toEqual({ grams: 250 });
  });

  it('refuses an unknown type: a newer writer, or a corrupt log', () => {
    expect(() => upcast('ParcelLost', 1, {}, CHAIN, CURRENT)).toThrow(UnknownEventTypeError);
    expect(() => upcast('PledgeForgotten', 1, {})).toThrow(UnknownEventTypeError);
    // Names inherited from Object.prototype are not event types either.
    for (const name of ['constructor', 'toString', '__proto__'])
      expect(() => upcast(name, 1, {})).toThrow(UnknownEventTypeError);
  });

  it('refuses a version newer than the current one, below 1, or with a missing step', () => {
    expect(() => upcast('ParcelWeighed', 4, {}, CHAIN, CURRENT)).toThrow(UnsupportedSchemaVersionError);
    expect(() => upcast('ParcelWeighed', 0, {}, CHAIN, CURRENT)).toThrow(UnsupportedSchemaVersionError);
    const gap: UpcasterChain = { 'ParcelWeighed@2': CHAIN['ParcelWeighed@2'] };
    expect(() => upcast('ParcelWeighed', 1, { grams: 1 }, gap, CURRENT)).toThrow(
      UnsupportedSchemaVersionError,
    );
  });

  it('is the identity for every real type today (all at v1, no upcasters registered)', () => {
    expect(UPCASTERS).toEqual({});
    for (const type of EVENT_TYPES)
      expect(upcast(type, 1, { x: 1 })).toEqual({ schemaVersion: 1, data: { x: 1 } });
    expect(() => upcast('PledgeTaken', 2, {})).toThrow(UnsupportedSchemaVersionError);
  });
});
