/**
 * The local deploy runner's command line, for both of its entries: `cdk-workmail local-deploy` (LOCAL_DEPLOY_FLAGS)
 * and the repository's `npm run local-deploy` (cli.ts: those and the debugging flags). Prints one line per
 * event; exits 1 with the failure's reason, 2 on a usage error. Relative paths are taken from the directory
 * npm was run from (INIT_CWD: the npm script runs in the repository root), else from the current directory.
 */
import { deploy, destroy, LocalDeployError, LocalRunnerOptions } from './index';
import { DEFAULT_CONCURRENCY } from './scheduler';
import { CrashInjection, summarizeReason } from './types';
import { optionalString, parseOrHelp, Parsed, UsageError, workingDirectory } from '../../cli/args';
import { checkRequired, Flags, Help, ParseOptions, parseFlags, usageText } from '../../cli/flags';

/** The flags of every local-deploy command line. */
export const LOCAL_DEPLOY_FLAGS: Flags = {
  'app-dir': { type: 'string', value: '<dir>', required: true, description: 'the synthesized cloud assembly (cdk.out)' },
  'endpoint': { type: 'string', value: '<url>', description: 'WorkMail endpoint, e.g. the emulator\'s (default: $AWS_ENDPOINT_URL_WORKMAIL)' },
  'stack': { type: 'string', value: '<name>', description: 'the stack to deploy (default: the assembly\'s only stack)' },
  'state': { type: 'string', value: '<file>', description: 'state file (default .workmail-local/<stack>.json; holds generated secrets)' },
  'secrets': { type: 'string', value: '<file>', description: 'JSON { "<secret arn or name>": "<secret string>" } for imported secrets' },
  'region': { type: 'string', value: '<region>', description: 'AWS region (default: the stack\'s, else us-east-1)' },
  'account': { type: 'string', value: '<id>', description: 'AWS account (default: the stack\'s, else 123456789012)' },
  'concurrency': {
    type: 'string',
    value: '<n>',
    default: DEFAULT_CONCURRENCY,
    description: 'resources in progress at once, as CloudFormation runs every one whose dependencies are done;\n'
      + '1: one at a time, in a fixed order (reproducible); lines then follow that order, else completion',
  },
  'verbose': {
    type: 'boolean',
    description: 'also print the functions\' logs (secrets masked) at the level of their LoggingConfig,\n'
      + 'as Lambda would keep them (the framework\'s: none by default)',
  },
  'no-iam': { type: 'boolean', description: 'do not enforce the handler role\'s IAM policies on its WorkMail calls' },
};

/** Debugging flags of `npm run local-deploy` only (they need the repository's sources, which the bundled command lacks). */
export const DEBUG_FLAGS: Flags = {
  isolate: { type: 'boolean', description: 'run each handler invocation in a process of its own, killed at its Timeout' },
  crash: {
    type: 'string',
    value: '<spec>',
    description: 'kill the handler at a WorkMail call of one event, for debugging:\n'
      + '<logicalId>[#<event>]:<call>:before|after[:redeliver]  e.g. Alice:2:after\n'
      + '(event: which of the resource\'s events, default 1; call: counted from 1; before: the call never\n'
      + 'reaches WorkMail; after: it is applied, the answer never read; redeliver: Lambda retries the same\n'
      + 'event after the crash)',
  },
};

/** Both command lines take the action first; a flag is given once. */
export const PARSE_OPTIONS: ParseOptions = { positionals: true, once: true };

/** The help of a local-deploy command line, `program` naming it. */
export function localDeployHelp(program: string): Help {
  return {
    synopsis: `${program} <deploy|destroy> --app-dir <cdk.out> [options]`,
    description: 'Deploys, updates or destroys the WorkMail custom resources of a synthesized app against a WorkMail endpoint\n'
      + '(e.g. `cdk-workmail emulator`), through the real provider framework (from your aws-cdk-lib) and the handler\n'
      + 'asset staged in cdk.out. A test harness, not CloudFormation. State is kept in .workmail-local/ where you run it.',
    footer: 'Relative paths are taken from where the command runs. Exit codes: 0 done, 1 failed (rolled back), 2 usage error.',
  };
}

/** Every flag of `npm run local-deploy`. */
export const RUNNER_FLAGS: Flags = { ...LOCAL_DEPLOY_FLAGS, ...DEBUG_FLAGS };
export const USAGE = usageText(localDeployHelp('npm run local-deploy --'), RUNNER_FLAGS);

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const STDIO: CliIo = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

const CRASH_SPEC = /^([A-Za-z0-9]+)(?:#([1-9][0-9]*))?:([1-9][0-9]*):(before|after)(:redeliver)?$/;

/** `--crash <logicalId>[#<event>]:<call>:before|after[:redeliver]` */
export function parseCrash(spec: string): CrashInjection {
  const match = CRASH_SPEC.exec(spec);
  if (!match) throw new UsageError(`--crash must be <logicalId>[#<event>]:<call>:before|after[:redeliver], got ${spec}`);
  const [, logicalId, event, atCall, when, redeliver] = match;
  return {
    logicalId,
    ...(event ? { event: Number(event) } : {}),
    atCall: Number(atCall),
    when: when === 'before' ? 'before-call' : 'after-call',
    ...(redeliver ? { redeliver: true } : {}),
  };
}

interface ParsedArgs {
  readonly command: 'deploy' | 'destroy';
  readonly options: LocalRunnerOptions;
}

/** The action and the runner's options from flags parsed with (a subset of) RUNNER_FLAGS. */
export function localDeployArgs(parsed: Parsed, io: CliIo): ParsedArgs {
  const [command, extra] = parsed.positionals;
  if (command !== 'deploy' && command !== 'destroy') throw new UsageError(`expected deploy or destroy, got ${command === undefined ? 'nothing' : `'${command}'`}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  const workmailEndpoint = optionalString(parsed, 'endpoint') ?? process.env.AWS_ENDPOINT_URL_WORKMAIL;
  if (!workmailEndpoint) throw new UsageError('--endpoint is required (or set AWS_ENDPOINT_URL_WORKMAIL)');
  if (!/^https?:\/\/[^/]+/.test(workmailEndpoint)) throw new UsageError(`--endpoint must be an http(s) URL, got '${workmailEndpoint}'`);
  const concurrency = optionalString(parsed, 'concurrency')!;
  if (!/^[1-9]\d*$/.test(concurrency)) throw new UsageError(`--concurrency must be a whole number of at least 1, got ${concurrency}`);
  const crash = parsed.flags.crash === undefined ? undefined : optionalString(parsed, 'crash');
  return {
    command,
    options: {
      workingDirectory: workingDirectory(),
      cloudAssemblyDir: optionalString(parsed, 'app-dir')!,
      workmailEndpoint,
      stackName: optionalString(parsed, 'stack'),
      stateFile: optionalString(parsed, 'state'),
      secretsFile: optionalString(parsed, 'secrets'),
      region: optionalString(parsed, 'region'),
      account: optionalString(parsed, 'account'),
      log: line => io.out(line),
      functionLog: parsed.values.verbose === true ? line => io.err(`  | ${line}`) : undefined,
      enforceIam: parsed.values['no-iam'] !== true,
      concurrency: Number(concurrency),
      isolateHandler: parsed.values.isolate === true,
      crash: crash === undefined ? undefined : parseCrash(crash),
    },
  };
}

/** `npm run local-deploy`'s arguments (--help aside). */
export function parseArgs(argv: readonly string[], io: CliIo): ParsedArgs {
  const parsed = parseFlags(argv, RUNNER_FLAGS, PARSE_OPTIONS);
  checkRequired(parsed);
  return localDeployArgs(parsed, io);
}

/** Deploys or destroys; resolves to the exit code (1: failed, the reason on one line). */
export async function runLocalDeploy(parsed: ParsedArgs, io: CliIo): Promise<number> {
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

/** Runs `npm run local-deploy`; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = STDIO): Promise<number> {
  let parsed: ParsedArgs;
  try {
    const flags = parseOrHelp(argv, RUNNER_FLAGS, USAGE, io, PARSE_OPTIONS);
    if (flags === undefined) return 0;
    parsed = localDeployArgs(flags, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`error: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  return runLocalDeploy(parsed, io);
}
