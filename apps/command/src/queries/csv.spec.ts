import { toCsv } from './csv.js';

describe('toCsv: the public CSV export', () => {
  const one = (value: unknown) => toCsv(['v'], [{ v: value }]).split('\r\n')[1];

  it('writes RFC 4180: a header, CRLF after every record, quotes only where needed', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x', b: 'y, "z"' }, { a: null }])).toBe('a,b\r\nx,"y, ""z"""\r\n,\r\n');
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });

  it('writes values as they read: numbers, booleans, nothing for null and undefined', () => {
    expect([one(12), one(true), one(false), one(null), one(undefined), one('')]).toEqual([
      '12',
      'true',
      'false',
      '',
      '',
      '',
    ]);
  });

  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    [-1, "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\uFF1D1+1', "'\uFF1D1+1"], // full-width '=': Apple Numbers runs it as a formula
    ['a=1', 'a=1'],
  ])('never lets a spreadsheet run %j as a formula', (value, cell) => {
    expect(one(value)).toBe(cell);
  });

  it('turns control characters into spaces, so a line break or tab cannot start or split a record', () => {
    expect(one('A\u0000B\r\nC\tD\u0085')).toBe('A B  C D ');
    expect(one('\t=1')).toBe(' =1');
  });
});
