/** Argument parsing for every subcommand: Node's own `util.parseArgs`, strict, with one-line usage errors. */
import { parseArgs, ParseArgsConfig } from 'util';

/** A usage error: the command prints it on one line and exits 2. */
export class UsageError extends Error {}

/** A failure: the command prints it on one line and exits 1. */
export class CommandError extends Error {}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** util.parseArgs's message, first line only and without its advice: "unknown option '--x'". */
function usageMessage(e: Error): string {
  const first = e.message.split('\n')[0].split('. ')[0].replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

export function parse(args: readonly string[], options: OptionSpec, allowPositionals = false): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(usageMessage(e as Error));
    throw e;
  }
}

export function requiredString(parsed: Parsed, name: string): string {
  const value = parsed.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  if (value === '') throw new UsageError(`--${name} needs a value`);
  return typeof value === 'string' ? value : undefined;
}

/** A whole number in [min, max], or the default when the flag is absent. */
export function integer(parsed: Parsed, name: string, min: number, max: number, fallback?: number): number | undefined {
  const value = optionalString(parsed, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

/** The options of a command as usage lines: `  --name <value>  what it does`. */
export interface FlagHelp {
  readonly flag: string;
  readonly text: string;
}

export function usageText(synopsis: string, description: string, flags: readonly FlagHelp[], footer?: string): string {
  const width = Math.max(...flags.map((f) => f.flag.length)) + 2;
  const lines = flags.map((f) => `  ${f.flag.padEnd(width)}${f.text}`);
  return [`usage: ${synopsis}`, '', description, '', 'options:', ...lines, ...(footer ? ['', footer] : [])].join('\n');
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

/** A subcommand of `cdk-workmail`. */
export interface Command {
  readonly name: string;
  /** One line for the command's own --help list. */
  readonly summary: string;
  readonly usage: string;
  /** Resolves to the exit code; throws UsageError (exit 2) or anything else (exit 1). */
  run(args: readonly string[], io: Io): Promise<number>;
}

const HELP_OPTION: OptionSpec = { help: { type: 'boolean', short: 'h' } };

/**
 * A command's flags, parsed, with `--help`/`-h` added; undefined when help was asked for (the usage is then
 * printed, and the command exits 0).
 */
export function parseOrHelp(args: readonly string[], options: OptionSpec, usage: string, io: Io, allowPositionals = false): Parsed | undefined {
  const parsed = parse(args, { ...HELP_OPTION, ...options }, allowPositionals);
  if (parsed.values.help !== true) return parsed;
  io.out(usage);
  return undefined;
}
