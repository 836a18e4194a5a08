import { ArrayMaxSize, IsArray, IsString, Length, getMetadataStorage } from 'class-validator';
import { CommandModule } from '../../src/command.module.js';
import { NoControlChars } from '../../src/infra/validators.js';

/**
 * G8: sizes are bounded. Every class-validator DTO the app loads (request bodies and query DTOs
 * alike, new ones included) is read from the metadata storage: a string field needs a maximum
 * length (or a closed set of values / a bounded pattern), an array field a maximum size, and a
 * text field refuses control characters (NoControlChars, issue 13: a NUL in a name broke the feed).
 */
void CommandModule; // importing the module loads every controller, hence every DTO

type Meta = {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  target: Function | string;
};

/** Validators that only accept a value of bounded length. */
const BOUNDED_BY_ITSELF = new Set([
  'isIn',
  'isEnum',
  'isBoolean',
  'isISO31661Alpha2',
  'isISO31661Alpha3',
  'isCalendarDate',
  'isUUID',
  'isInt',
  'isNumber',
  'equals',
]);
const STRINGY = new Set([
  'isString',
  'matches',
  'isEmail',
  'isUrl',
  'isDateString',
  'isISO8601',
  'isNotEmpty',
  'isAlphanumeric',
  'isAlpha',
  'isNumberString',
  'contains',
]);

/** A pattern is bounded when anchored at both ends with no `*`, `+` or open `{n,}` quantifier. */
export function boundedPattern(re: RegExp): boolean {
  const src = re.source.replace(/\\./g, '_').replace(/\[[^\]]*\]/g, '_');
  return src.startsWith('^') && src.endsWith('$') && !/[*+]|\{\d+,\}/.test(src);
}

function unboundedFields(): string[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Meta[]> };
  const problems: string[] = [];
  for (const [target, metas] of storage.validationMetadatas) {
    const byProperty = new Map<string, Meta[]>();
    for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    for (const [property, list] of byProperty) {
      const names = new Set(list.map((m) => m.name ?? m.type));
      const field = `${target.name}.${property}`;
      const maxLength = list.some(
        (m) =>
          ((m.name === 'isLength' || m.name === 'length') && typeof m.constraints?.[1] === 'number') ||
          m.name === 'maxLength',
      );
      const closed = [...names].some((n) => BOUNDED_BY_ITSELF.has(n));
      const patterns = list.filter((m) => m.name === 'matches').map((m) => m.constraints?.[0]);
      const patternBounded =
        patterns.length > 0 && patterns.every((p) => p instanceof RegExp && boundedPattern(p));
      const stringy = [...names].some((n) => STRINGY.has(n));
      if (stringy && !maxLength && !closed && !patternBounded)
        problems.push(`${field}: a string without a maximum length`);
      if (stringy && !closed && !names.has('noControlChars'))
        problems.push(`${field}: a string that may hold control characters (NoControlChars)`);
      const arrayLike = names.has('isArray') || names.has('arrayMinSize') || list.some((m) => m.each);
      if (arrayLike && !names.has('arrayMaxSize'))
        problems.push(`${field}: an array without a maximum size (ArrayMaxSize)`);
    }
  }
  return problems;
}

describe('G8: every DTO field is bounded (class-validator metadata)', () => {
  it('finds the DTOs', () => {
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Meta[]> };
    expect([...storage.validationMetadatas.keys()].map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'TakePledgeRequest',
        'AddOfficersRequest',
        // the query-string DTOs of the read side: held to the same bounds
        'AgencyListQuery',
        'OfficersQuery',
        'PublicAgenciesQuery',
        'CertificateQuery',
      ]),
    );
  });

  it('every string field has a maximum length, refuses control characters, and every array has a maximum size', () => {
    expect(unboundedFields()).toEqual([]);
  });

  it('knows a bounded pattern from an unbounded one', () => {
    expect(boundedPattern(/^[a-f0-9]{64}$/)).toBe(true);
    expect(boundedPattern(/^[A-Za-z0-9._:-]{1,64}$/)).toBe(true);
    expect(boundedPattern(/^[a-z]+$/)).toBe(false);
    expect(boundedPattern(/^x.{2,}$/)).toBe(false);
    expect(boundedPattern(/[a-z]{1,3}/)).toBe(false);
  });

  // Defined last: the classes register themselves in the global storage when this test runs.
  it('names an unbounded field (the check itself works)', () => {
    class Unbounded {
      @IsString() free!: string;
      @IsArray() list!: string[];
    }
    class Bounded {
      @IsString() @NoControlChars() @Length(1, 10) short!: string;
      @IsArray() @ArrayMaxSize(3) list!: string[];
    }
    void Bounded;
    expect(unboundedFields()).toEqual([
      `${Unbounded.name}.free: a string without a maximum length`,
      `${Unbounded.name}.free: a string that may hold control characters (NoControlChars)`,
      `${Unbounded.name}.list: an array without a maximum size (ArrayMaxSize)`,
    ]);
  });
});
