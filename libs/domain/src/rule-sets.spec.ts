import type { RuleSetId } from '#events';
import { ruleSet } from './rule-sets.js';

describe('rule sets are looked up as own keys only (issue 13)', () => {
  it('finds the real ones', () => {
    expect(ruleSet('one-mind-2016').id).toBe('one-mind-2016');
    expect(ruleSet('one-mind-2023').id).toBe('one-mind-2023');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'refuses %s instead of finding a member of Object.prototype',
    (id) => {
      expect(() => ruleSet(id as RuleSetId)).toThrow(`unknown rule set "${id}"`);
    },
  );
});
