/** The commands of `cdk-workmail`: their shape, their flags' values read and checked, one-line usage errors. */
import { checkRequired, Flags, Help, HELP_FLAG, ParseOptions, parseFlags, Parsed, usageText } from './flags';
import { UsageError } from './usage-error';

export { UsageError } from './usage-error';
export type { Flags, Parsed } from './flags';

/** A failure: the command prints it on one line and exits 1. */
export class CommandError extends Error {}

/** The declared default of a flag (throws for a flag the command does not declare: a bug, not a usage error). */
function declaredDefault(parsed: Parsed, name: string): string | number | undefined {
  const flag = parsed.flags[name];
  if (flag === undefined) throw new Error(`--${name} is not declared`);
  return flag.type === 'string' ? flag.default : undefined;
}

export function requiredString(parsed: Parsed, name: string): string {
  const value = parsed.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** The flag's value, else its declared default. */
export function optionalString(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  if (value === '') throw new UsageError(`--${name} needs a value`);
  if (typeof value === 'string') return value;
  const fallback = declaredDefault(parsed, name);
  return fallback === undefined ? undefined : String(fallback);
}

/** A whole number in [min, max], or the declared default when the flag is absent. */
export function integer(parsed: Parsed, name: string, min: number, max: number): number | undefined {
  const value = optionalString(parsed, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

/** Where relative paths start: where the command was run (npm runs scripts in the package root and says so in INIT_CWD). */
export function workingDirectory(): string {
  return process.env.INIT_CWD || process.cwd();
}

/** How a command talks to the terminal: results on `out` (stdout), everything else on `err` (stderr). */
export interface Io {
  /** Stops a long-running command early (it saves what it has and says how to go on). */
  readonly signal?: AbortSignal;
  out(line: string): void;
  err(line: string): void;
}

/**
 * Flags parsed with `--help`/`-h` added, required ones checked; undefined when help was asked for (the usage
 * is then printed, and the command exits 0).
 */
export function parseOrHelp(args: readonly string[], flags: Flags, usage: string, io: Io, options?: ParseOptions): Parsed | undefined {
  const parsed = parseFlags(args, { ...flags, ...HELP_FLAG }, options);
  if (parsed.values.help === true) {
    io.out(usage);
    return undefined;
  }
  checkRequired(parsed);
  return parsed;
}

/** A subcommand of `cdk-workmail`. */
export interface Command {
  readonly name: string;
  /** One line for the command's own --help list. */
  readonly summary: string;
  readonly usage: string;
  /** Every flag the command takes (--help aside): the source of both its parser and its help. */
  readonly flags: Flags;
  /** Resolves to the exit code; throws UsageError (exit 2) or anything else (exit 1). */
  run(args: readonly string[], io: Io): Promise<number>;
}

export interface CommandSpec extends Help, ParseOptions {
  readonly name: string;
  readonly summary: string;
  readonly flags: Flags;
  /** Runs on the parsed flags (never called for --help). */
  run(parsed: Parsed, io: Io): Promise<number>;
}

/** A command whose parser and help both come from `spec.flags`. */
export function command(spec: CommandSpec): Command {
  const flags = spec.flags;
  const usage = usageText(spec, flags);
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    flags,
    run: async (args, io) => {
      const parsed = parseOrHelp(args, flags, usage, io, spec);
      return parsed === undefined ? 0 : spec.run(parsed, io);
    },
  };
}
