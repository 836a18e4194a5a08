import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '#event-store';
import { rebuildReadModels } from '#read-models';
import { parseArgs, stringFlag, UsageError } from '../src/args.js';
import { runCli } from '../src/main.js';

/** Issue 13, item 3: what a user types is looked up as an own key, never through a prototype. */
describe('the CLI looks up user text as own keys only', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    '`onemind %s` is an unknown command (exit 2), not a stack trace',
    async (name) => {
      const written: string[] = [];
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string) =>
        written.push(chunk) > 0) as unknown as typeof process.stderr.write;
      try {
        expect(await runCli([name])).toBe(2);
      } finally {
        process.stderr.write = write;
      }
      expect(written.join('')).toContain(`unknown command "${name}"`);
    },
  );

  it('options named like prototype members are unknown options, and absent ones are absent', () => {
    const url = { url: { type: 'string' } } as const;
    expect(() => parseArgs(['--__proto__', 'x'], url)).toThrow(
      new UsageError("Unknown option '--__proto__'"),
    );
    expect(() => parseArgs(['--constructor'], url)).toThrow(UsageError);
    expect(stringFlag(parseArgs(['--url', 'http://h'], url), 'url')).toBe('http://h');
    expect(stringFlag(parseArgs([], url), 'constructor')).toBeUndefined();
    expect(stringFlag(parseArgs([], url), 'toString')).toBeUndefined();
  });

  it('`rebuild --projection constructor` is an unknown projection, refused before anything is touched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onemind-own-keys-'));
    try {
      await expect(
        rebuildReadModels({} as EventStore, join(dir, 'read-models.sqlite'), { projection: 'constructor' }),
      ).rejects.toThrow('unknown projection "constructor"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
