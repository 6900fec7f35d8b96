/**
 * Command line of the local deploy runner:
 *
 *   local-deploy deploy|destroy --app-dir cdk.out [--stack S] [--state F] [--endpoint URL] [--secrets F]
 *                               [--region R] [--account A] [--concurrency N] [--verbose] [--no-iam]
 *
 * Prints one line per event; exits 1 with the failure's reason, 2 on a usage error.
 * Relative paths are taken from the directory npm was run from (INIT_CWD: the
 * npm script runs in the repository root), else from the current directory.
 */
import { deploy, destroy, LocalDeployError, LocalRunnerOptions } from './index';
import { summarizeReason } from './types';

const USAGE = `usage: local-deploy deploy|destroy --app-dir <cdk.out> [options]

Deploys, updates or destroys the WorkMail custom resources of a synthesized app
against a WorkMail endpoint, through the real provider framework and the bundled
handler. A test harness, not CloudFormation (see local/runner/README.md).

  --app-dir <dir>    the synthesized cloud assembly (cdk.out)            (required)
  --endpoint <url>   WorkMail endpoint, e.g. the emulator's; default: $AWS_ENDPOINT_URL_WORKMAIL
  --stack <name>     the stack to deploy; default: the assembly's only stack
  --state <file>     state file; default: .workmail-local/<stack>.json (holds generated secrets)
  --secrets <file>   JSON { "<secret arn or name>": "<secret string>" } for imported secrets
  --region <region>  default: the stack's region, else us-east-1
  --account <id>     default: the stack's account, else 123456789012
  --concurrency <n>  how many resources may be in progress at once, as CloudFormation runs every
                     resource whose dependencies are done; default 20. 1: one at a time, in a
                     fixed order (reproducible); lines then follow that order, else completion
  --verbose          also print the functions' logs (secrets masked) at the level of their
                     LoggingConfig, as Lambda would keep them (the framework's: none by default)
  --no-iam           do not enforce the handler role's IAM policies on its WorkMail calls

Relative paths are taken from the directory the command was run from.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const STDIO: CliIo = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

class UsageError extends Error {}

const VALUE_OPTIONS = ['app-dir', 'stack', 'state', 'endpoint', 'secrets', 'region', 'account', 'concurrency'];
const FLAG_OPTIONS = ['verbose', 'no-iam'];

interface ParsedArgs {
  readonly command: 'deploy' | 'destroy';
  readonly options: LocalRunnerOptions;
}

export function parseArgs(argv: readonly string[], io: CliIo): ParsedArgs {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    if (FLAG_OPTIONS.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.includes(name)) throw new UsageError(`unknown option ${arg.slice(0, eq > 0 ? eq : undefined)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    flags.set(name, value);
  }
  const command = positional[0];
  if (command !== 'deploy' && command !== 'destroy') throw new UsageError(`expected deploy or destroy, got ${command ?? 'nothing'}`);
  if (positional.length > 1) throw new UsageError(`unexpected argument ${positional[1]}`);
  const cloudAssemblyDir = flags.get('app-dir');
  if (!cloudAssemblyDir) throw new UsageError('--app-dir is required');
  const workmailEndpoint = flags.get('endpoint') ?? process.env.AWS_ENDPOINT_URL_WORKMAIL;
  if (!workmailEndpoint) throw new UsageError('--endpoint is required (or set AWS_ENDPOINT_URL_WORKMAIL)');
  if (!/^https?:\/\/[^/]+/.test(workmailEndpoint)) throw new UsageError(`--endpoint must be an http(s) URL, got ${workmailEndpoint}`);
  const concurrency = flags.get('concurrency');
  if (concurrency !== undefined && !/^[1-9]\d*$/.test(concurrency)) {
    throw new UsageError(`--concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  return {
    command,
    options: {
      // npm runs the script in the repository root and says in INIT_CWD where it was run from.
      workingDirectory: process.env.INIT_CWD || process.cwd(),
      cloudAssemblyDir,
      workmailEndpoint,
      stackName: flags.get('stack'),
      stateFile: flags.get('state'),
      secretsFile: flags.get('secrets'),
      region: flags.get('region'),
      account: flags.get('account'),
      log: line => io.out(line),
      functionLog: switches.has('verbose') ? line => io.err(`  | ${line}`) : undefined,
      enforceIam: !switches.has('no-iam'),
      concurrency: concurrency === undefined ? undefined : Number(concurrency),
    },
  };
}

/** Runs the command; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = STDIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`error: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    if (parsed.command === 'deploy') {
      const result = await deploy(parsed.options);
      const changed = result.outcomes.filter(o => o.action !== 'NONE').length;
      io.out(`deployed ${parsed.options.stackName ?? result.state.stackName}: ${changed} change(s), ${result.outcomes.length - changed} unchanged`);
    } else {
      const outcomes = await destroy(parsed.options);
      io.out(outcomes.length === 0 ? 'nothing to destroy' : `destroyed: ${outcomes.filter(o => o.action === 'DELETE').length} deleted, ` +
        `${outcomes.filter(o => o.action === 'RETAIN').length} retained`);
    }
    return 0;
  } catch (e) {
    if (e instanceof LocalDeployError) {
      io.err(`error: ${e.logicalId} failed${e.rolledBack ? ' (rolled back)' : ''}: ${summarizeReason(e.reason)}`);
      e.rollbackFailures.forEach(f => io.err(`  rollback failure: ${f}`));
    } else {
      io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    }
    return 1;
  }
}
