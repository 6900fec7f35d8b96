/**
 * Command line of the local deploy runner:
 *
 *   local-deploy deploy|destroy --app-dir cdk.out [--stack S] [--state F] [--endpoint URL] [--secrets F]
 *                               [--region R] [--account A] [--verbose]
 *
 * Prints one line per event; exits 1 with the failure's reason.
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
  --verbose          also print the framework's and the handler's logs (secrets masked)`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const STDIO: CliIo = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

class UsageError extends Error {}

interface ParsedArgs {
  readonly command: 'deploy' | 'destroy';
  readonly options: LocalRunnerOptions;
}

export function parseArgs(argv: readonly string[], io: CliIo): ParsedArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--verbose') {
      verbose = true;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (!['app-dir', 'stack', 'state', 'endpoint', 'secrets', 'region', 'account'].includes(name)) {
        throw new UsageError(`unknown option --${name}`);
      }
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  const command = positional[0];
  if (command !== 'deploy' && command !== 'destroy') throw new UsageError(`expected deploy or destroy, got ${command ?? 'nothing'}`);
  if (positional.length > 1) throw new UsageError(`unexpected argument ${positional[1]}`);
  const cloudAssemblyDir = flags.get('app-dir');
  if (!cloudAssemblyDir) throw new UsageError('--app-dir is required');
  const workmailEndpoint = flags.get('endpoint') ?? process.env.AWS_ENDPOINT_URL_WORKMAIL;
  if (!workmailEndpoint) throw new UsageError('--endpoint is required (or set AWS_ENDPOINT_URL_WORKMAIL)');
  if (!/^https?:\/\/[^/]+/.test(workmailEndpoint)) throw new UsageError(`--endpoint must be an http(s) URL, got ${workmailEndpoint}`);
  return {
    command,
    options: {
      cloudAssemblyDir,
      workmailEndpoint,
      stackName: flags.get('stack'),
      stateFile: flags.get('state'),
      secretsFile: flags.get('secrets'),
      region: flags.get('region'),
      account: flags.get('account'),
      log: line => io.out(line),
      functionLog: verbose ? line => io.err(`  | ${line}`) : undefined,
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

if (require.main === module) {
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
