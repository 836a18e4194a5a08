import { isInputDate, parseInstant } from './dates.js';

describe('parseInstant (strict ISO 8601 instants, issue 13 item 8)', () => {
  it.each([
    ['2025-02-28T10:00:00Z', '2025-02-28T10:00:00.000Z'],
    ['2025-02-28T10:00Z', '2025-02-28T10:00:00.000Z'],
    ['2025-02-28T23:59:59.999Z', '2025-02-28T23:59:59.999Z'],
    ['2025-03-01T01:30:00+02:00', '2025-02-28T23:30:00.000Z'],
    ['2024-02-29T00:00:00-05:00', '2024-02-29T05:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseInstant(text)).toBe(iso);
  });

  it.each([
    '2025-02-30T10:00:00Z', // Date.parse rolls it over to March 2
    '2026-11-31T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-01-01T10:60:00Z',
    '2025-01-01T10:00:60Z',
    '2025-01-01T10:00:00', // no zone: Date.parse would use the host's
    '2025-01-01T10:00:00+24:00',
    '2025-01-01 10:00:00Z',
    '2025-01-01T10:00:00z',
    '+002025-01-01T10:00:00Z',
    '2025-01-01',
    '',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe('isInputDate (the one rule for JSON date fields and CSV date cells)', () => {
  it('takes real dates from 1900 to 2200 only', () => {
    expect(['1900-01-01', '2024-02-29', '2200-12-31'].map(isInputDate)).toEqual([true, true, true]);
    expect(['1899-12-31', '2201-01-01', '2025-02-29', '2026-11-31', '2025-1-01'].map(isInputDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
