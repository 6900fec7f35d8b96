/** `cdk-workmail plan`: what deploying a synthesized app would do, from the deployed stack and the live organization. */
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  Command, command, Flags, integer, Io, optionalString, Parsed, requiredString, UsageError, workingDirectory,
} from '../args';
import { Connection, CONNECTION_FLAGS, connectionOf, MAX_ATTEMPTS, workmailClient } from '../connection';
import { destroysMailbox, formatPlan, planDeployment, PLAN_FORMATS, PlanFormat } from '../plan';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../scan';

const FLAGS: Flags = {
  'app': { type: 'string', value: '<cdk.out>', required: true, description: 'the synthesized cloud assembly' },
  'stack': { type: 'string', value: '<name>', description: 'only this stack (default: every stack of the assembly)' },
  'format': { type: 'string', value: '<format>', default: 'text', description: 'text, markdown (a pull request comment) or json' },
  'state': {
    type: 'string',
    value: '<file>',
    description: 'the local runner\'s state file of the deployed stack, instead of CloudFormation\n(for an app deployed into the emulator)',
  },
  'fail-on-destroy': { type: 'boolean', description: 'exit 4 when a mailbox (a user\'s or a resource\'s) would be deleted or replaced' },
  'concurrency': { type: 'string', value: '<n>', default: DEFAULT_CONCURRENCY, description: `WorkMail calls in flight at most, 1-${MAX_CONCURRENCY}` },
  'quiet': { type: 'boolean', description: 'no progress on stderr' },
  ...CONNECTION_FLAGS,
};

/** The CloudFormation client of the same account and region; an emulator's dummy credentials with --endpoint. */
function cloudFormationClient(connection: Connection): CloudFormationClient {
  const common = { retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS };
  if (connection.endpoint !== undefined) {
    return new CloudFormationClient({ ...common, region: connection.region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  }
  return new CloudFormationClient({
    ...common,
    ...(connection.region === undefined ? {} : { region: connection.region }),
    ...(connection.profile === undefined ? {} : { profile: connection.profile }),
  });
}

function formatOf(parsed: Parsed): PlanFormat {
  const format = optionalString(parsed, 'format') ?? 'text';
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${PLAN_FORMATS.join(', ')}, got '${format}'`);
  return format as PlanFormat;
}

async function run(parsed: Parsed, io: Io): Promise<number> {
  const appDir = path.resolve(workingDirectory(), requiredString(parsed, 'app'));
  const stackName = optionalString(parsed, 'stack');
  const format = formatOf(parsed);
  const state = optionalString(parsed, 'state');
  const concurrency = integer(parsed, 'concurrency', 1, MAX_CONCURRENCY);
  const connection = connectionOf(parsed);
  const client = workmailClient(connection);
  const cloudFormation = state === undefined ? cloudFormationClient(connection) : undefined;
  try {
    const report = await planDeployment({
      client,
      appDir,
      stackName,
      deployed: cloudFormation ? { cloudFormation } : { stateFile: path.resolve(workingDirectory(), state!) },
      concurrency,
      progress: parsed.values.quiet === true ? undefined : io.err,
    });
    io.out(formatPlan(report, format).replace(/\n$/, ''));
    if (report.summary.failing > 0) {
      io.err(`cdk-workmail: the deployment would fail (${report.summary.failing} failing)`);
      return 1;
    }
    return parsed.values['fail-on-destroy'] === true && destroysMailbox(report) ? 4 : 0;
  } finally {
    client.destroy();
    cloudFormation?.destroy();
  }
}

export const planCommand: Command = command({
  name: 'plan',
  summary: 'what deploying a synthesized app would do to its organizations',
  synopsis: 'cdk-workmail plan --app <cdk.out> [--stack <name>] [--format text|markdown|json] [--state <file>] [--fail-on-destroy]',
  description: 'Sets every WorkMail resource of a synthesized app against the deployed stack (CloudFormation\'s template and\n'
    + 'physical ids, or the local runner\'s --state file) and the live organization, read-only (only List*, Describe*\n'
    + 'and Get* calls, and only for what the app declares or the stack holds), and prints what the deployment would\n'
    + 'do: create, adopt, update, replace, delete or retain, field by field, what would fail with the message the\n'
    + 'deployment would give, and drift it puts back. Unchanged entities are counted, not listed.',
  flags: FLAGS,
  footer: 'Exit codes: 0 plan made, 1 failed (or the deployment would fail), 2 usage error,\n'
    + '4 with --fail-on-destroy: a mailbox would be deleted or replaced.',
  run,
});
