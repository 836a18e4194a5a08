import { ConfigError } from '#config';
import { parseArgs, UsageError, type Options, type ParsedArgs } from './args.js';
import { tokenCommand } from './token.command.js';
import { pseudonymizeCommand } from './pseudonymize.command.js';
import { timersCommand } from './timers.command.js';
import { importAgenciesCommand } from './import-agencies.command.js';
import { importCertificationsCommand } from './import-certifications.command.js';
import { replayCommand } from './replay.command.js';
import { verifyCommand } from './verify.command.js';
import { exportCommand } from './export.command.js';
import { rebuildCommand } from './rebuild.command.js';
import { migrateLogCommand } from './migrate-log.command.js';

type CommandFn = (args: ParsedArgs) => Promise<number>;
interface Command {
  usage: string;
  /** Every option the command takes (anything else is a usage error) and how many positional arguments. */
  options?: Options;
  positionals?: number;
  run: CommandFn;
}

const text = { type: 'string' } as const;

/** Each CLI command is a module of its own; this table is the whole surface (API.md, CLI). */
export const COMMANDS: Record<string, Command> = {
  token: {
    usage: 'token --role agency|staff|auditor --sub S [--agency A] [--ttl 1h] [--name N]',
    options: { role: text, sub: text, agency: text, ttl: text, name: text },
    run: tokenCommand,
  },
  pseudonymize: {
    usage:
      'pseudonymize <roster.csv> --key-file <file> [--column officerRef] [--out out.csv]  (badge numbers → keyed om-… references, locally)',
    options: { 'key-file': text, column: text, out: text },
    positionals: 1,
    run: pseudonymizeCommand,
  },
  timers: { usage: 'timers reconcile', positionals: 1, run: timersCommand },
  replay: {
    usage: 'replay <agencyId> [--as-of YYYY-MM-DD]',
    options: { 'as-of': text },
    positionals: 1,
    run: replayCommand,
  },
  verify: {
    usage: 'verify [<agencyId>] [--documents <folder>] | verify --file export.ndjson [--documents <folder>]',
    options: { file: text, documents: text },
    positionals: 1,
    run: verifyCommand,
  },
  export: {
    usage: 'export <agencyId|--all> > file.ndjson',
    options: { all: { type: 'boolean' } },
    positionals: 1,
    run: exportCommand,
  },
  'migrate-log': {
    usage: 'migrate-log --to postgres [--from events.sqlite]  (SQLite log → DATABASE_URL, resumable)',
    options: { to: text, from: text },
    run: migrateLogCommand,
  },
  rebuild: {
    usage: 'rebuild [--projection agencies|roster|catalogue|certificates|review]',
    options: { projection: text },
    run: rebuildCommand,
  },
  'import-agencies': {
    usage:
      'import-agencies <file.csv> [--url http://127.0.0.1:3000] [--token T] [--batch 100] [--concurrency 2] [--max-wait 600]',
    options: { url: text, token: text, concurrency: text, batch: text, 'max-wait': text },
    positionals: 1,
    run: importAgenciesCommand,
  },
  'import-certifications': {
    usage:
      'import-certifications <file.csv> [--url http://127.0.0.1:3000] [--token T] [--concurrency 2] [--max-wait 600]',
    options: { url: text, token: text, concurrency: text, 'max-wait': text },
    positionals: 1,
    run: importCertificationsCommand,
  },
};

function usage(): string {
  return ['usage: onemind <command>', ...Object.values(COMMANDS).map((c) => `  onemind ${c.usage}`)].join(
    '\n',
  );
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // Own keys only: `onemind constructor` found Object itself and crashed with a stack trace.
  const command = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name && name !== '--help' ? `unknown command "${name}"\n` : ''}${usage()}\n`);
    return name && name !== '--help' ? 2 : 0;
  }
  try {
    return await command.run(parseArgs(rest, command.options, command.positionals));
  } catch (err) {
    return reportError(name, err);
  }
}

/**
 * Every failure is one line on stderr and a non-zero exit (issue 13 item 10): the person at the
 * terminal needs what was wrong, not our call stack. Usage and configuration mistakes exit 2; a
 * file that cannot be opened, or anything unexpected, exits 1. ONEMIND_DEBUG=1 adds the stack.
 */
export function reportError(name: string, err: unknown): number {
  const debug = /^(1|true|yes)$/i.test(process.env.ONEMIND_DEBUG ?? '');
  const expected = err instanceof UsageError || err instanceof ConfigError;
  const message = expected
    ? (err as Error).message
    : (fileProblem(err) ??
      `${(err as Error)?.message ?? String(err)}${debug ? '' : ' (ONEMIND_DEBUG=1 shows where)'}`);
  process.stderr.write(`onemind ${name}: ${oneLine(message)}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return expected ? 2 : 1;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'the disk is full',
};

/** `cannot open roster.csv: no such file or folder` for the file errors a user can fix. */
function fileProblem(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string' || !Object.hasOwn(FILE_ERRORS, e.code)) return null;
  return e.path ? `cannot use ${e.path}: ${FILE_ERRORS[e.code]}` : `${FILE_ERRORS[e.code]} (${e.message})`;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').slice(0, 1000);
