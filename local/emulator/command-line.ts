/**
 * The emulator's flags, declared once for both of its command lines: `cdk-workmail emulator` takes
 * SERVE_FLAGS, the repository's `npm run emulator` (cli.ts) every flag, fault injection included.
 * Runs nothing when imported (the bundled cdk-workmail imports it; see ../runner/cli.ts).
 */
import * as path from 'path';
import { BehaviourError, BehaviourOptions, loadBehaviourFile } from './behaviour';
import { ExportJobOptions } from './export/jobs';
import { OPERATIONS } from './operations';
import { loadSeedFile } from './seed';
import { EmulatorOptions, FaultOptions } from './types';
import { integer, optionalString, Parsed, UsageError } from '../../cli/args';
import { Flags, parseFlags, StringFlag, usageText } from '../../cli/flags';

/** What every command line of the emulator takes. */
export const SERVE_FLAGS: Flags = {
  port: { type: 'string', value: '<n>', default: 0, description: 'port to listen on; 0 picks a free one' },
  host: { type: 'string', value: '<addr>', description: 'address to listen on (default 127.0.0.1)' },
  seed: { type: 'string', value: '<file>', description: 'organizations to start with, in the seed shape (e.g. an `export --format json`)' },
  allow: { type: 'string', value: '<ops>', description: 'only these operations, comma-separated; others answer AccessDeniedException' },
  behaviour: {
    type: 'string', value: '<file>', description: 'answers where the service is undocumented: JSON {"<question>": "<answer>", ...}',
  },
};

/** The fields of T that hold numbers. */
type NumberKey<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

/** A number flag that sets one field of an option group. */
interface NumberFlag<Key> {
  readonly key: Key;
  readonly flag: StringFlag;
  /** The smallest value allowed, if any. */
  readonly min?: number;
}

const FAULTS: Readonly<Record<string, NumberFlag<NumberKey<FaultOptions>>>> = {
  'throttle-rate': { key: 'throttleRate', flag: { type: 'string', value: '<0..1>', description: 'share of requests answered ThrottlingException' } },
  'server-error-rate': { key: 'serverErrorRate', flag: { type: 'string', value: '<0..1>', description: 'share of requests answered InternalFailure, not done' } },
  'lost-response-rate': {
    key: 'lostResponseRate', flag: { type: 'string', value: '<0..1>', description: 'share of requests done, then answered InternalFailure' },
  },
  'latency-ms': { key: 'latencyMs', flag: { type: 'string', value: '<n>', description: 'delay before each request is handled' } },
  'latency-jitter-ms': { key: 'latencyJitterMs', flag: { type: 'string', value: '<n>', description: 'up to this much more delay, drawn per request' } },
  'consistency-delay-ms': {
    key: 'consistencyDelayMs', flag: { type: 'string', value: '<n>', description: 'after DeregisterFromWorkMail, deleting the entity fails this long' },
  },
  'fault-seed': { key: 'seed', flag: { type: 'string', value: '<n>', description: 'seed of the fault sequence (the same seed, the same faults)' } },
};

const EXPORT_JOBS: Readonly<Record<string, NumberFlag<NumberKey<ExportJobOptions>>>> = {
  'export-duration-ms': { key: 'durationMs', min: 0, flag: { type: 'string', value: '<n>', description: 'clock time every mailbox export job takes' } },
  'export-ms-per-message': { key: 'msPerMessage', min: 0, flag: { type: 'string', value: '<n>', description: 'clock time added per message' } },
  'export-messages': { key: 'messagesPerMailbox', min: 0, flag: { type: 'string', value: '<n>', description: 'messages per mailbox' } },
};

const flagsOf = (group: Readonly<Record<string, NumberFlag<unknown>>>): Flags =>
  Object.fromEntries(Object.entries(group).map(([name, { flag }]) => [name, flag]));

/** Every flag of `npm run emulator`. */
export const EMULATOR_FLAGS: Flags = {
  ...SERVE_FLAGS,
  ...flagsOf(FAULTS),
  's3-endpoint': { type: 'string', value: '<url>', description: 'where mailbox export jobs write (path-style, dummy credentials)' },
  ...flagsOf(EXPORT_JOBS),
  'rate-limit': { type: 'string', value: '<n>', description: 'requests per second per organization; beyond it ThrottlingException' },
  'rate-burst': { type: 'string', value: '<n>', description: 'requests at once within --rate-limit (needs it)' },
};

export const SERVE_DESCRIPTION = 'Serves an in-memory Amazon WorkMail on 127.0.0.1 (the real wire protocol) until interrupted, and prints\n'
  + '"listening on <url>" once it accepts requests. Point the AWS SDK (endpoint) or the other commands (--endpoint) at it.';

export const USAGE = usageText({ synopsis: 'npm run emulator -- [options]', description: SERVE_DESCRIPTION }, EMULATOR_FLAGS);

function number(parsed: Parsed, name: string): number | undefined {
  const value = optionalString(parsed, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} needs a number`);
  return n;
}

/** `--allow CreateUser,DescribeUser`: known operation names, comma-separated. */
function allowedOperations(parsed: Parsed): string[] | undefined {
  const value = optionalString(parsed, 'allow');
  if (value === undefined) return undefined;
  const operations = value.split(',').map((op) => op.trim()).filter((op) => op !== '');
  const unknown = operations.filter((op) => !Object.prototype.hasOwnProperty.call(OPERATIONS, op));
  if (unknown.length > 0) throw new UsageError(`--allow: unknown operation ${unknown.join(', ')}`);
  return operations;
}

/** `--behaviour <file>`: a file naming an unknown question or answer, or unreadable, is a usage error. */
function behaviourOption(parsed: Parsed, baseDir: string): BehaviourOptions | undefined {
  const file = optionalString(parsed, 'behaviour');
  if (file === undefined) return undefined;
  try {
    return loadBehaviourFile(path.resolve(baseDir, file));
  } catch (e) {
    if (e instanceof BehaviourError) throw new UsageError(`--behaviour: ${e.message}`);
    throw e;
  }
}

/** The options of SERVE_FLAGS; a relative --seed or --behaviour is taken from `baseDir`. */
export function serveOptions(parsed: Parsed, baseDir: string): EmulatorOptions {
  const seedFile = optionalString(parsed, 'seed');
  const allowed = allowedOperations(parsed);
  const behaviour = behaviourOption(parsed, baseDir);
  return {
    port: integer(parsed, 'port', 0, 65535),
    host: optionalString(parsed, 'host'),
    seed: seedFile === undefined ? undefined : loadSeedFile(path.resolve(baseDir, seedFile)),
    ...(allowed === undefined ? {} : { allowedOperations: allowed }),
    ...(behaviour === undefined ? {} : { behaviour }),
  };
}

function numbers<Key extends string>(parsed: Parsed, group: Readonly<Record<string, NumberFlag<Key>>>): Partial<Record<Key, number>> {
  const values: Partial<Record<Key, number>> = {};
  for (const [name, { key, min }] of Object.entries(group)) {
    const n = number(parsed, name);
    if (n === undefined) continue;
    if (min !== undefined && n < min) throw new UsageError(`--${name} must be >= ${min}`);
    values[key] = n;
  }
  return values;
}

/** The options of EMULATOR_FLAGS, parsed (relative paths from the current directory). */
export function emulatorOptions(parsed: Parsed): EmulatorOptions {
  const s3Endpoint = optionalString(parsed, 's3-endpoint');
  if (s3Endpoint !== undefined && !/^https?:\/\/[^/]+/.test(s3Endpoint)) throw new UsageError('--s3-endpoint needs an http(s) URL');
  const exportJobs = numbers(parsed, EXPORT_JOBS);
  const requestsPerSecond = number(parsed, 'rate-limit');
  if (requestsPerSecond !== undefined && requestsPerSecond <= 0) throw new UsageError('--rate-limit must be > 0');
  const burst = number(parsed, 'rate-burst');
  if (burst !== undefined && (!Number.isInteger(burst) || burst < 1)) throw new UsageError('--rate-burst must be an integer >= 1');
  if (burst !== undefined && requestsPerSecond === undefined) throw new UsageError('--rate-burst needs --rate-limit');
  return {
    ...serveOptions(parsed, process.cwd()),
    faults: numbers(parsed, FAULTS),
    ...(s3Endpoint === undefined ? {} : { s3Endpoint }),
    ...(Object.keys(exportJobs).length === 0 ? {} : { exportJobs }),
    ...(requestsPerSecond === undefined ? {} : { rateLimit: { requestsPerSecond, ...(burst === undefined ? {} : { burst }) } }),
  };
}

/** `npm run emulator`'s flags as options (--help aside). */
export function parseArgs(argv: readonly string[]): EmulatorOptions {
  return emulatorOptions(parseFlags(argv, EMULATOR_FLAGS));
}
