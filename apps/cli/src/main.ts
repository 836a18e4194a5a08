import { ConfigError } from '../../../libs/config/src/index.js';
import { parseArgs, UsageError, type ParsedArgs } from './args.js';
import { tokenCommand } from './token.command.js';
import { pseudonymizeCommand } from './pseudonymize.command.js';
import { timersCommand } from './timers.command.js';
import { importAgenciesCommand } from './import-agencies.command.js';
import { replayCommand } from './replay.command.js';
import { verifyCommand } from './verify.command.js';
import { exportCommand } from './export.command.js';
import { rebuildCommand } from './rebuild.command.js';

type CommandFn = (args: ParsedArgs) => Promise<number>;

/** Each CLI command is a module of its own; this table is the whole surface (API.md, CLI). */
export const COMMANDS: Record<string, { usage: string; run: CommandFn }> = {
  token: { usage: 'token --role agency|staff|auditor --sub S [--agency A] [--ttl 1h] [--name N]', run: tokenCommand },
  pseudonymize: { usage: 'pseudonymize <roster.csv> --key-file <file> [--column officerRef] [--out out.csv]  (badge numbers → keyed om-… references, locally)', run: pseudonymizeCommand },
  timers: { usage: 'timers reconcile', run: timersCommand },
  replay: { usage: 'replay <agencyId> [--as-of YYYY-MM-DD]', run: replayCommand },
  verify: { usage: 'verify [<agencyId>] | verify --file export.ndjson', run: verifyCommand },
  export: { usage: 'export <agencyId|--all> > file.ndjson', run: exportCommand },
  rebuild: { usage: 'rebuild [--projection agencies|roster|catalogue|certificates]', run: rebuildCommand },
  'import-agencies': { usage: 'import-agencies <file.csv> [--url http://127.0.0.1:3000] [--token T] [--concurrency 8]', run: importAgenciesCommand },
};

function usage(): string {
  return ['usage: onemind <command>', ...Object.values(COMMANDS).map((c) => `  onemind ${c.usage}`)].join('\n');
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
    return await command.run(parseArgs(rest));
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`onemind ${name}: ${err.message}\nusage: onemind ${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}
