import { agencyIdClaim } from '#events';
import { planAgencyClaims } from './agency-claims.js';
import { claimsToTake } from './claims.js';
import { ClaimTakenError } from './event-store.js';

describe('planAgencyClaims (the back-fill at open, SQLite and PostgreSQL)', () => {
  it('gives each unclaimed agency stream its claim; of two case twins the older keeps it', () => {
    const plan = planAgencyClaims(['agency-Twin-pd', 'agency-bbb', 'agency-TWIN-PD'], new Map());
    expect(plan.take).toEqual([
      { claim: agencyIdClaim('twin-pd'), streamId: 'agency-Twin-pd' },
      { claim: agencyIdClaim('bbb'), streamId: 'agency-bbb' },
    ]);
    expect(plan.collisions).toEqual([
      { claim: agencyIdClaim('twin-pd'), heldBy: 'agency-Twin-pd', streamId: 'agency-TWIN-PD' },
    ]);
  });

  it('leaves a claim already held by another stream with it and reports the collision', () => {
    const plan = planAgencyClaims(['agency-BBB'], new Map([[agencyIdClaim('bbb'), 'agency-bbb']]));
    expect(plan.take).toEqual([]);
    expect(plan.collisions).toEqual([
      { claim: agencyIdClaim('bbb'), heldBy: 'agency-bbb', streamId: 'agency-BBB' },
    ]);
  });
});

describe('claimsToTake (the check before an append writes)', () => {
  const holders = new Map([['held', 's-1']]);
  it('returns only the claims nobody holds, once each; the holder restating its claim is no conflict', () => {
    expect(claimsToTake('s-1', ['held', 'new', 'new'], (c) => holders.get(c))).toEqual(['new']);
  });

  it('refuses the append when another stream holds one of its claims', () => {
    expect(() => claimsToTake('s-2', ['new', 'held'], (c) => holders.get(c))).toThrow(ClaimTakenError);
  });
});
