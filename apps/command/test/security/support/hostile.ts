import fc from 'fast-check';

/** Values a careless or hostile client sends where a field is expected (G8). */
const W = 3;
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: W, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: W, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: W, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: W,
    arbitrary: fc.constantFrom(
      '2025-02-30',
      '2025-13-01',
      '0000-00-00',
      '2025-2-3',
      '+275760-09-13',
      '2025-02-28T25:00:00Z',
      '40',
      '1e400',
      '-0',
      'true',
      'null',
      '',
      ' ',
      '\u0000',
      'NaN',
      '<script>',
      "'; DROP TABLE events; --",
    ),
  },
  {
    weight: W,
    arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 1e308, -1e-308, 0.123456789, 12.5),
  },
  { weight: W, arbitrary: fc.integer() },
  { weight: W, arbitrary: fc.boolean() },
  { weight: W, arbitrary: fc.constant(null) },
  // Big values are rarer (weight 1 of ~25) so that 200 runs per route stay fast on a loaded machine.
  { weight: 1, arbitrary: fc.nat({ max: 40_000 }).map((n) => 'x'.repeat(n)) }, // past every max length, well under 1 MiB
  { weight: 1, arbitrary: fc.nat({ max: 5_200 }).map((n) => Array.from({ length: n }, (_, i) => i)) }, // past every max array size
);

/** A placeholder key, swapped for a forbidden one in the JSON text (JSON.stringify would drop `__proto__`). */
const HOSTILE_KEY = '__HOSTILE_KEY__';
export const hostileKeyText = fc.constantFrom(
  '"__proto__"',
  '"constructor"',
  '"prototype"',
  '"\\u005f_proto__"',
  '"construc\\u0074or"',
);

type Json = unknown;
type Mutation = (v: Json) => Json;

function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v as object);
  return [prefix, ...keys.flatMap((k) => paths((v as any)[k], [...prefix, k]))];
}

function update(v: Json, path: (string | number)[], f: Mutation): Json {
  if (path.length === 0) return f(v);
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) };
  copy[path[0]] = update(copy[path[0]], path.slice(1), f);
  return copy;
}

/** One random change at a random place of a valid body. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  junkValue.map((j) => () => j),
  fc.constant<Mutation>(() => undefined), // removes the field (JSON.stringify drops undefined)
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), junkValue).map(
    ([k, j]) =>
      (v: Json) =>
        v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [k]: j } : v,
  ),
  fc.constant<Mutation>((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v)), // numbers as strings
  fc.constant<Mutation>((v) => [v]),
  // One element past the 5,000 bulk limit; big elements are swapped for null to keep bodies under 1 MiB.
  fc.constant<Mutation>((v) =>
    Array.isArray(v) && v.length
      ? Array.from({ length: 5_001 }, () => ((JSON.stringify(v[0]) ?? '').length <= 150 ? v[0] : null))
      : v,
  ),
  fc.constant<Mutation>((v) => (typeof v === 'string' ? v.repeat(3_000).slice(0, 60_000) : v)),
  fc.constant<Mutation>(() => HOSTILE_KEY),
);

export function mutatedBody(sample: Record<string, unknown>): fc.Arbitrary<string> {
  const all = paths(sample);
  return fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...all), mutation), { minLength: 1, maxLength: 3 }),
      hostileKeyText,
    )
    .map(([changes, key]) => {
      let body: Json = sample;
      for (const [path, f] of changes) body = update(body, path, f);
      const text = withHostileKeys(JSON.stringify(body) ?? 'null', key);
      // Over 1 MiB is its own explicit test (413); here it would only slow the run down.
      return text.length > 1_000_000 ? `{"oversized":${text.length}}` : text;
    });
}

/** Arbitrary JSON documents, some objects with forbidden keys at any depth. */
export const junkBody: fc.Arbitrary<string> = fc.oneof(
  junkValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.dictionary(fc.string({ maxLength: 10 }), junkValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc
    .tuple(fc.nat({ max: 6 }), junkValue, hostileKeyText)
    .map(([depth, leaf, key]) => withHostileKeys(JSON.stringify(nest(depth, { [HOSTILE_KEY]: leaf })), key)),
  fc.constantFrom(
    '{',
    '{"a":}',
    '[1,2',
    '{"a":1,"a":2}',
    'nul',
    '\ufeff{}',
    '{"a":"\\ud800"}',
    '{}'.repeat(3),
    '"just a string"',
  ),
);

function nest(depth: number, leaf: Json): Json {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

function withHostileKeys(text: string, key: string): string {
  return text
    .replaceAll(`"${HOSTILE_KEY}":`, `${key}:`)
    .replaceAll(`"${HOSTILE_KEY}"`, `{${key}:{"polluted":true}}`);
}

/** CSV text: random headers, cells with quotes, commas, line breaks, bad dates, huge values. */
const csvCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    'true',
    'maybe',
    '2025-02-30',
    '2024-05-01',
    'cit',
    '"',
    '""',
    'a,b',
    'line\nbreak',
    '=cmd|calc',
    '-1',
    '1001',
    'NaN',
  ),
  fc.nat({ max: 5_000 }).map((n) => 'r'.repeat(n)),
);
const COLUMNS = [
  'officerRef',
  'sworn',
  'joinedOn',
  'separatedOn',
  'programId',
  'completedOn',
  'hours',
  'badge',
  '__proto__',
];
export const junkCsv: fc.Arbitrary<string> = fc
  .tuple(
    fc.shuffledSubarray(COLUMNS, { minLength: 0 }),
    fc.array(fc.array(csvCell, { maxLength: 9 }), { maxLength: 30 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(
    ([header, rows, eol, bom]) =>
      `${bom ? '\ufeff' : ''}${[header.join(','), ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) && c !== '"' ? `"${c.replaceAll('"', '""')}"` : c)).join(','))].join(eol)}${eol}`,
  );

/** A valid CSV with one row changed. */
export function mutatedCsv(sample: string): fc.Arbitrary<string> {
  const lines = sample.trimEnd().split('\n');
  return fc
    .tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 6 }), csvCell)
    .map(([line, cell, value]) => {
      const cells = lines[line].split(',');
      cells[cell] = value.includes(',') || value.includes('\n') ? `"${value.replaceAll('"', '""')}"` : value;
      return [...lines.slice(0, line), cells.join(','), ...lines.slice(line + 1)].join('\n') + '\n';
    });
}

/**
 * Issue 13: prototype keys as values, and control characters, in every text field and CSV cell.
 * A control character other than tab, LF and CR must be refused wherever it appears; prototype
 * words are ordinary text (may be accepted) but must never reach an object's prototype.
 */
export const PROTOTYPE_WORDS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
];
export const refusedControl: fc.Arbitrary<string> = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d)
  .map((c) => String.fromCharCode(c));

/** `text` with a refused control character strictly inside it (edges may be trimmed, as CSV cells are). */
const withControlInside = (text: string): fc.Arbitrary<string> =>
  fc.tuple(refusedControl, fc.nat()).map(([c, n]) => {
    const base = text.length >= 2 ? text : `x${text}x`;
    const at = 1 + (n % (base.length - 1));
    return base.slice(0, at) + c + base.slice(at);
  });

export interface HostileText {
  body: string;
  /** The field holds a refused control character: the request must be refused with a 4xx. */
  mustRefuse: boolean;
  field: string;
}

/** Every string leaf of `v`, as a path. */
function textPaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [prefix];
  if (v === null || typeof v !== 'object') return [];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v as object);
  return keys.flatMap((k) => textPaths((v as Record<string | number, Json>)[k], [...prefix, k]));
}

/**
 * Every text field of `sample` once with a refused control character (cycling through all of them
 * across calls via `nth`) and once with a prototype word: the fixed sweep behind the random runs.
 */
export function hostileTextSweep(sample: Record<string, unknown>, nth: () => number): HostileText[] {
  const controls = [...Array(0xa0).keys()].filter(
    (c) => (c < 0x20 || c >= 0x7f) && c !== 0x09 && c !== 0x0a && c !== 0x0d,
  );
  return textPaths(sample).flatMap((path) => {
    const field = fieldName(path);
    const original = textAt(sample, path);
    const n = nth();
    const control = `${original.slice(0, 1) || 'x'}${String.fromCharCode(controls[n % controls.length])}${original.slice(1)}`;
    return [
      { body: JSON.stringify(update(sample, path, () => control)), mustRefuse: true, field },
      {
        body: JSON.stringify(update(sample, path, () => PROTOTYPE_WORDS[n % PROTOTYPE_WORDS.length])),
        mustRefuse: false,
        field,
      },
    ];
  });
}

const textAt = (v: Json, path: (string | number)[]): string =>
  path.reduce<Json>((o, k) => (o as Record<string | number, Json>)[k], v) as string;

/** `officers[0].officerRef`, as the 400 names it. */
const fieldName = (path: (string | number)[]) =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');

/** A valid body with one text field holding a control character or a prototype word. */
export function hostileTextBody(sample: Record<string, unknown>): fc.Arbitrary<HostileText> | undefined {
  const all = textPaths(sample);
  if (all.length === 0) return undefined;
  return fc.constantFrom(...all).chain((path) => {
    const original = textAt(sample, path);
    const field = fieldName(path);
    const make = (value: string, mustRefuse: boolean): HostileText => ({
      body: JSON.stringify(update(sample, path, () => value)),
      mustRefuse,
      field,
    });
    return fc.oneof(
      withControlInside(original).map((v) => make(v, true)),
      refusedControl.map((c) => make(c, true)),
      fc.constantFrom(...PROTOTYPE_WORDS).map((w) => make(w, false)),
    );
  });
}

const CSV_HEADER = ['officerRef', 'sworn', 'joinedOn', 'separatedOn', 'programId', 'completedOn', 'hours'];
const quoteCsv = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
/** A valid join row (values by column); the other columns stay empty. */
const joinRow = fc.record({
  officerRef: fc.stringMatching(/^h-[a-z0-9]{6,10}$/),
  sworn: fc.constantFrom('', 'true', 'no', 'N', '0'),
  joinedOn: fc.constant('2020-01-01'),
});

/**
 * A roster CSV of valid join rows, most with one cell (in any column) swapped for a prototype word
 * or for its text with a refused control character inside; a quarter of the headers also hold a
 * prototype word or a column name with a control character.
 */
export const hostileCsv: fc.Arbitrary<HostileText> = fc
  .tuple(
    fc.shuffledSubarray(CSV_HEADER.slice(3)).map((rest) => [...CSV_HEADER.slice(0, 3), ...rest]),
    fc.option(
      fc.oneof(fc.constantFrom(...PROTOTYPE_WORDS), fc.constantFrom(...CSV_HEADER).chain(withControlInside)),
      { freq: 4 },
    ),
    fc.nat(),
  )
  .chain(([header, hostileHeader, at]) => {
    const columns =
      hostileHeader === null ? header : header.toSpliced(at % (header.length + 1), 0, hostileHeader);
    // Words are twice as likely as controls, and the two that Object.prototype answers to in lower case more so.
    const word = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('__proto__', 'constructor') },
      { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS) },
    );
    const hostileCell = (text: string) =>
      fc.oneof(
        { weight: 2, arbitrary: word.map((v) => ({ v, control: false })) },
        { weight: 1, arbitrary: withControlInside(text).map((v) => ({ v, control: true })) },
      );
    const row = fc
      .tuple(joinRow, fc.option(fc.nat({ max: columns.length - 1 }), { freq: 3 }))
      .chain(([valid, hostileAt]) => {
        const cells = columns.map((c) => new Map(Object.entries(valid)).get(c) ?? '');
        if (hostileAt === null) return fc.constant(cells.map((v) => ({ v, control: false })));
        return hostileCell(cells[hostileAt]).map((h) =>
          cells.map((v, i) => (i === hostileAt ? h : { v, control: false })),
        );
      });
    return fc.array(row, { minLength: 1, maxLength: 3 }).map((rows) => {
      const control = rows.some((r) => r.some((c) => c.control));
      const text =
        [columns.map(quoteCsv).join(','), ...rows.map((r) => r.map((c) => quoteCsv(c.v)).join(','))].join(
          '\n',
        ) + '\n';
      return {
        body: text,
        mustRefuse: hostileHeader !== null || control,
        field: hostileHeader !== null ? `header ${JSON.stringify(hostileHeader)}` : 'cells',
      };
    });
  });
