import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENV, type Variable } from './env-schema.js';

/** The variables named in the first column of README's "Configuration" table. */
function readmeVariables(): string[] {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const firstCells = section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|')[1]);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));
}

describe("README's configuration table and the schema agree", () => {
  const documented = readmeVariables();
  const entries = Object.entries(ENV) as [string, Variable<unknown>][];

  it('every variable in the table is in the schema', () => {
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((name) => !(name in ENV))).toEqual([]);
  });

  it('every variable in the schema is in the table, unless marked internal (and then it is not)', () => {
    expect(
      entries.filter(([name, v]) => !v.internal && !documented.includes(name)).map(([name]) => name),
    ).toEqual([]);
    expect(
      entries.filter(([name, v]) => v.internal && documented.includes(name)).map(([name]) => name),
    ).toEqual([]);
  });
});
