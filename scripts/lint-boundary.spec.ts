// The import boundary of ARCHITECTURE.md is only as good as the lint config that enforces it: this runs
// the real eslint.config.js so a glob or rule change that stops matching libs/domain fails a test.
import { ESLint } from 'eslint';

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

const cases: Array<[string, string]> = [
  ['@nestjs/common', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"],
  ['better-sqlite3', "import Database from 'better-sqlite3';\nexport const x = Database;\n"],
  ['node:fs', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ['ioredis', "import { Redis } from 'ioredis';\nexport const x = Redis;\n"],
  ['apps/*', "import { x as y } from '../../../apps/command/src/main.js';\nexport const x = y;\n"],
  [
    'libs/event-store',
    "import { x as y } from '../../event-store/src/event-store.js';\nexport const x = y;\n",
  ],
  ['#event-store', "import { x as y } from '#event-store';\nexport const x = y;\n"],
  ['#config', "import { x as y } from '#config';\nexport const x = y;\n"],
  ['Date.now()', 'export const now = () => Date.now();\n'],
  ['Math.random()', 'export const roll = () => Math.random();\n'],
];

let eslint: ESLint;

async function boundaryMessages(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId));
}

describe('lint: libs/domain and libs/events stay pure', () => {
  // Loading ESLint, typescript-eslint and the config takes seconds on a busy machine: once, up front.
  beforeAll(async () => {
    eslint = new ESLint({ overrideConfigFile: 'eslint.config.js' });
    await eslint.lintText('export {};\n', { filePath: 'libs/domain/src/warm-up.ts' });
  }, 60_000);

  it.each(cases)('%s is reported in libs/domain and libs/events', async (_what, code) => {
    expect(await boundaryMessages(code, 'libs/domain/src/x.ts')).toHaveLength(1);
    expect(await boundaryMessages(code, 'libs/events/src/x.ts')).toHaveLength(1);
  });

  const paths = new Set(['apps/*', 'libs/event-store']);
  it.each(cases.filter(([what]) => !paths.has(what)))(
    '%s is allowed in apps/command',
    async (_what, code) => {
      expect(await boundaryMessages(code, 'apps/command/src/x.ts')).toEqual([]);
    },
  );

  it.each(cases.filter(([what]) => paths.has(what)))(
    'a path into %s is reported everywhere: libs are imported by package name, apps never import apps',
    async (_what, code) => {
      for (const file of [
        'apps/command/src/x.ts',
        'apps/cli/src/x.ts',
        'libs/jobs/src/x.ts',
        'libs/read-models/src/x.ts',
      ]) {
        expect(await boundaryMessages(code, file)).toHaveLength(1);
      }
    },
  );

  it('a lib imported by its package name is fine outside the pure libs', async () => {
    expect(
      await boundaryMessages(
        "import { x as y } from '#event-store';\nexport const x = y;\n",
        'libs/read-models/src/x.ts',
      ),
    ).toEqual([]);
  });

  it('plain domain code passes', async () => {
    const code = "import { foo } from './foo.js';\nexport const at = (now: Date) => foo(now.getTime());\n";
    expect(await boundaryMessages(code, 'libs/domain/src/x.ts')).toEqual([]);
  });
});
