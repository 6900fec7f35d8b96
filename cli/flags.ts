/**
 * Command-line flags, each declared once: Node's strict `util.parseArgs` options and the help's flag list
 * are both derived from the declaration, so a command cannot accept a flag it does not document or the reverse.
 */
import { parseArgs, ParseArgsConfig } from 'util';
import { UsageError } from './usage-error';

interface FlagBase {
  /** One line (or several, joined by \n) for the help. */
  readonly description: string;
  readonly short?: string;
}

export interface BooleanFlag extends FlagBase {
  readonly type: 'boolean';
}

export interface StringFlag extends FlagBase {
  readonly type: 'string';
  /** The value's placeholder in the help: `<n>` for `--port <n>`. */
  readonly value: string;
  /** Missing or empty: a usage error (once --help has had its chance). */
  readonly required?: boolean;
  /** Taken when the flag is absent (by the readers of args.ts), and shown in the help. */
  readonly default?: string | number;
}

export type Flag = BooleanFlag | StringFlag;
export type Flags = Readonly<Record<string, Flag>>;

export const HELP_FLAG: Flags = { help: { type: 'boolean', short: 'h', description: 'this help' } };

export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  readonly flags: Flags;
}

export interface ParseOptions {
  readonly positionals?: boolean;
  /** A flag given twice is a usage error (otherwise the last one counts). */
  readonly once?: boolean;
}

function parserOptions(flags: Flags): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(Object.entries(flags).map(([name, flag]) => [name, { type: flag.type, ...(flag.short ? { short: flag.short } : {}) }]));
}

/** util.parseArgs's message as one short line: "unknown option '--x'", "--x needs a value". */
function usageMessage(e: Error): string {
  const flag = /'(?:-\w, )?(--?[\w-]+)/.exec(e.message)?.[1];
  if (flag !== undefined && /argument missing/.test(e.message)) return `${flag} needs a value`;
  if (flag !== undefined && /argument is ambiguous/.test(e.message)) return `${flag} needs a value`;
  if (flag !== undefined && /does not take an argument/.test(e.message)) return `${flag} takes no value`;
  const first = e.message.split('\n')[0].split('. ')[0].replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/**
 * `--latency-ms -1` as `--latency-ms=-1`: a value with one leading dash (a negative number, say) belongs to the
 * flag before it, unless it is a short flag (-h), as util.parseArgs would otherwise refuse it as ambiguous.
 */
function dashValuesJoined(args: readonly string[], flags: Flags): string[] {
  const shorts = new Set(Object.values(flags).flatMap((f) => (f.short ? [`-${f.short}`] : [])));
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [arg, next] = [args[i], args[i + 1]];
    if (arg === '--') return [...joined, ...args.slice(i)];
    const flag = /^--([^=]+)$/.exec(arg)?.[1];
    const takesValue = flag !== undefined && Object.prototype.hasOwnProperty.call(flags, flag) && flags[flag].type === 'string';
    if (takesValue && next !== undefined && /^-[^-]/.test(next) && !shorts.has(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export function parseFlags(args: readonly string[], flags: Flags, options: ParseOptions = {}): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: dashValuesJoined(args, flags), options: parserOptions(flags), strict: true, allowPositionals: options.positionals === true, tokens: true,
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(usageMessage(e as Error));
    throw e;
  }
  if (options.once) {
    const seen = new Set<string>();
    for (const token of parsed.tokens) {
      if (token.kind !== 'option') continue;
      if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice`);
      seen.add(token.name);
    }
  }
  return { values: parsed.values as Parsed['values'], positionals: parsed.positionals, flags };
}

/** Every declared required flag is there, in the order declared. */
export function checkRequired(parsed: Parsed): void {
  for (const [name, flag] of Object.entries(parsed.flags)) {
    if (flag.type === 'string' && flag.required && (parsed.values[name] === undefined || parsed.values[name] === '')) {
      throw new UsageError(`--${name} is required`);
    }
  }
}

/** The help's name of a flag: `-h, --help`, `--port <n>`. */
export function flagName(name: string, flag: Flag): string {
  return `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.type === 'string' ? ` ${flag.value}` : ''}`;
}

function flagText(flag: Flag): string {
  if (flag.type === 'boolean') return flag.description;
  const notes = [...(flag.default === undefined ? [] : [`default ${flag.default}`]), ...(flag.required ? ['required'] : [])];
  return notes.length === 0 ? flag.description : `${flag.description} (${notes.join('; ')})`;
}

/** The flags as usage lines, `  --name <value>  what it does`, continuation lines under the text. */
export function flagList(flags: Flags): string[] {
  const entries = Object.entries(flags).map(([name, flag]) => ({ name: flagName(name, flag), text: flagText(flag) }));
  const width = Math.max(...entries.map((e) => e.name.length)) + 2;
  return entries.flatMap(({ name, text }) => text.split('\n').map((line, i) => `  ${(i === 0 ? name : '').padEnd(width)}${line}`));
}

/** What a command's help says besides its flags. */
export interface Help {
  readonly synopsis: string;
  readonly description: string;
  /** A closing note, e.g. the exit codes. */
  readonly footer?: string;
}

/** A command's whole help: synopsis, what it does, its flags and --help, and the closing note. */
export function usageText(help: Help, flags: Flags): string {
  return [
    `usage: ${help.synopsis}`, '', help.description, '', 'options:', ...flagList({ ...flags, ...HELP_FLAG }), ...(help.footer ? ['', help.footer] : []),
  ].join('\n');
}
