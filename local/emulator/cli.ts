/**
 * Command line: serves the emulator until SIGINT/SIGTERM.
 *   --port <n> (default 0: a free port)  --host <addr>  --seed <file>
 *   --throttle-rate <0..1>  --server-error-rate <0..1>  --lost-response-rate <0..1>
 *   --latency-ms <n>  --consistency-delay-ms <n>  --fault-seed <n>
 *   --allow <Operation,Operation,...> (only these operations; others answer AccessDeniedException)
 *   --s3-endpoint <url> (where mailbox export jobs write)  --export-duration-ms <n>  --export-ms-per-message <n>
 *   --export-messages <n> (messages per mailbox)
 *   --rate-limit <requests per second> [--rate-burst <n>] (per organization; beyond it ThrottlingException)
 * Prints exactly `listening on <endpoint>` on stdout once it accepts requests.
 */
import { ExportJobOptions } from './export/jobs';
import { OPERATIONS } from './operations';
import { loadSeedFile } from './seed';
import { startEmulator } from './server';
import { EmulatorOptions, FaultOptions } from './types';

const USAGE = 'usage: cli.ts [--port <n>] [--host <addr>] [--seed <file>] [--throttle-rate <0..1>] [--server-error-rate <0..1>] '
  + '[--lost-response-rate <0..1>] [--latency-ms <n>] [--latency-jitter-ms <n>] [--consistency-delay-ms <n>] [--fault-seed <n>] [--allow <Operation,...>] '
  + '[--s3-endpoint <url>] [--export-duration-ms <n>] [--export-ms-per-message <n>] [--export-messages <n>] '
  + '[--rate-limit <requests per second>] [--rate-burst <n>]';

const FAULT_FLAGS: { readonly [flag: string]: keyof FaultOptions } = {
  '--throttle-rate': 'throttleRate',
  '--server-error-rate': 'serverErrorRate',
  '--lost-response-rate': 'lostResponseRate',
  '--latency-ms': 'latencyMs',
  '--latency-jitter-ms': 'latencyJitterMs',
  '--consistency-delay-ms': 'consistencyDelayMs',
  '--fault-seed': 'seed',
};

const EXPORT_FLAGS: { readonly [flag: string]: keyof ExportJobOptions } = {
  '--export-duration-ms': 'durationMs',
  '--export-ms-per-message': 'msPerMessage',
  '--export-messages': 'messagesPerMailbox',
};

class UsageError extends Error {}

function number(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} needs a number`);
  return n;
}

/** `--allow CreateUser,DescribeUser`: known operation names, comma-separated. */
function operationList(flag: string, value: string): string[] {
  const operations = value.split(',').map((op) => op.trim()).filter((op) => op !== '');
  const unknown = operations.filter((op) => !Object.prototype.hasOwnProperty.call(OPERATIONS, op));
  if (unknown.length > 0) throw new UsageError(`${flag}: unknown operation ${unknown.join(', ')}`);
  return operations;
}

export function parseArgs(argv: readonly string[]): EmulatorOptions {
  let port: number | undefined;
  let host: string | undefined;
  let seedFile: string | undefined;
  let allowedOperations: string[] | undefined;
  let s3Endpoint: string | undefined;
  let requestsPerSecond: number | undefined;
  let burst: number | undefined;
  const faults: Record<string, number> = {};
  const exportJobs: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--port') {
      port = number(flag, value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
    } else if (flag === '--host') {
      host = value();
    } else if (flag === '--seed') {
      seedFile = value();
    } else if (flag === '--allow') {
      allowedOperations = operationList(flag, value());
    } else if (flag === '--s3-endpoint') {
      s3Endpoint = value();
      if (!/^https?:\/\/[^/]+/.test(s3Endpoint)) throw new UsageError('--s3-endpoint needs an http(s) URL');
    } else if (EXPORT_FLAGS[flag] !== undefined) {
      const n = number(flag, value());
      if (n < 0) throw new UsageError(`${flag} must be >= 0`);
      exportJobs[EXPORT_FLAGS[flag]] = n;
    } else if (flag === '--rate-limit') {
      requestsPerSecond = number(flag, value());
      if (requestsPerSecond <= 0) throw new UsageError('--rate-limit must be > 0');
    } else if (flag === '--rate-burst') {
      burst = number(flag, value());
      if (!Number.isInteger(burst) || burst < 1) throw new UsageError('--rate-burst must be an integer >= 1');
    } else if (FAULT_FLAGS[flag] !== undefined) {
      faults[FAULT_FLAGS[flag]] = number(flag, value());
    } else {
      throw new UsageError(`unknown argument ${argv[i]}`);
    }
  }
  if (burst !== undefined && requestsPerSecond === undefined) throw new UsageError('--rate-burst needs --rate-limit');
  return {
    port,
    host,
    seed: seedFile === undefined ? undefined : loadSeedFile(seedFile),
    faults,
    ...(allowedOperations === undefined ? {} : { allowedOperations }),
    ...(s3Endpoint === undefined ? {} : { s3Endpoint }),
    ...(Object.keys(exportJobs).length === 0 ? {} : { exportJobs }),
    ...(requestsPerSecond === undefined ? {} : { rateLimit: { requestsPerSecond, ...(burst === undefined ? {} : { burst }) } }),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const emulator = await startEmulator(options);
  process.stdout.write(`listening on ${emulator.endpoint}\n`);
  const stop = () => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n${e instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
