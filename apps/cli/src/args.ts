import { parseArgs as parseStrict, type ParseArgsConfig } from 'node:util';

/** The options one command takes, declared for node's `util.parseArgs`. */
export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  positional: string[];
  /** Null prototype (util.parseArgs): `--constructor` is an unknown option, never an inherited value. */
  flags: Record<string, string | boolean | undefined>;
}

export class UsageError extends Error {}

/**
 * Strict: an option the command does not declare, a missing value (`--role` at the end), a value
 * given to a switch (`--all=x`) or more positional arguments than the command takes is a usage
 * error (exit 2), never silently ignored.
 */
export function parseArgs(argv: string[], options: Options = {}, maxPositionals = 0): ParsedArgs {
  try {
    const { values, positionals } = parseStrict({
      args: argv,
      options,
      strict: true,
      allowPositionals: maxPositionals > 0,
    });
    if (positionals.length > maxPositionals)
      throw new UsageError(`unexpected argument "${positionals[maxPositionals]}"`);
    return { positional: positionals, flags: values as ParsedArgs['flags'] };
  } catch (err) {
    throw isParseError(err) ? new UsageError(usageMessage(err)) : err;
  }
}

/** By its code, not `instanceof TypeError`: node's errors come from another realm under jest's VM. */
const isParseError = (err: unknown): err is Error & { code: string } =>
  String((err as { code?: unknown } | null)?.code).startsWith('ERR_PARSE_ARGS_');

/** node's wording, but the one this CLI printed before for a missing value. */
function usageMessage(err: Error): string {
  const missing = /^Option '(--[^' ]+) <value>' argument missing/.exec(err.message);
  return missing ? `${missing[1]} needs a value` : err.message;
}

export function stringFlag(args: ParsedArgs, name: string, required: true): string;
export function stringFlag(args: ParsedArgs, name: string, required?: false): string | undefined;
export function stringFlag(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.flags[name];
  if (typeof v !== 'string' && required) throw new UsageError(`--${name} is required`);
  return typeof v === 'string' ? v : undefined;
}
