/** `cdk-workmail local-deploy`: the local deploy runner, on the consumer's own synthesized app. */
import { main as runnerMain } from '../../local/runner/command-line';
import { provideModules } from '../../local/runner/fresh-require';

// The provider framework requires these two; Lambda's runtime provides them in AWS, and a consumer's
// project rarely has them, so the command carries them (bundled) for the framework it runs.
provideModules({
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  '@aws-sdk/client-lambda': () => require('@aws-sdk/client-lambda'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  '@aws-sdk/client-sfn': () => require('@aws-sdk/client-sfn'),
});
import {
  Command, Io, optionalString, parseOrHelp, requiredString, usageText, UsageError,
} from '../args';

const usage = usageText(
  'cdk-workmail local-deploy <deploy|destroy> --app-dir <cdk.out> [options]',
  'Deploys, updates or destroys the WorkMail custom resources of a synthesized app against a WorkMail endpoint\n'
  + '(e.g. `cdk-workmail emulator`), through the real provider framework (from your aws-cdk-lib) and the handler\n'
  + 'asset staged in cdk.out. A test harness, not CloudFormation. State is kept in .workmail-local/ where you run it.',
  [
    { flag: '--app-dir <dir>', text: 'the synthesized cloud assembly (cdk.out) (required)' },
    { flag: '--endpoint <url>', text: 'WorkMail endpoint, e.g. the emulator\'s (default: $AWS_ENDPOINT_URL_WORKMAIL)' },
    { flag: '--stack <name>', text: 'the stack to deploy (default: the assembly\'s only stack)' },
    { flag: '--state <file>', text: 'state file (default .workmail-local/<stack>.json; holds generated secrets)' },
    { flag: '--secrets <file>', text: 'JSON { "<secret arn or name>": "<secret string>" } for imported secrets' },
    { flag: '--region <region>', text: 'default: the stack\'s region, else us-east-1' },
    { flag: '--account <id>', text: 'default: the stack\'s account, else 123456789012' },
    { flag: '--concurrency <n>', text: 'resources in progress at once, every one whose dependencies are done (default 20; 1: one at a time)' },
    { flag: '--verbose', text: 'also print the functions\' logs (secrets masked)' },
    { flag: '--no-iam', text: 'do not enforce the handler role\'s IAM policies on its WorkMail calls' },
    { flag: '-h, --help', text: 'this help' },
  ],
  'Relative paths are taken from where the command runs. Exit codes: 0 done, 1 failed (rolled back), 2 usage error.',
);

async function run(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseOrHelp(args, {
    'app-dir': { type: 'string' },
    'endpoint': { type: 'string' },
    'stack': { type: 'string' },
    'state': { type: 'string' },
    'secrets': { type: 'string' },
    'region': { type: 'string' },
    'account': { type: 'string' },
    'concurrency': { type: 'string' },
    'verbose': { type: 'boolean' },
    'no-iam': { type: 'boolean' },
  }, usage, io, true);
  if (parsed === undefined) return 0;
  const [action, extra] = parsed.positionals;
  if (action !== 'deploy' && action !== 'destroy') throw new UsageError(`expected deploy or destroy, got ${action === undefined ? 'nothing' : `'${action}'`}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  requiredString(parsed, 'app-dir');
  const endpoint = optionalString(parsed, 'endpoint') ?? process.env.AWS_ENDPOINT_URL_WORKMAIL;
  if (!endpoint) throw new UsageError('--endpoint is required (or set AWS_ENDPOINT_URL_WORKMAIL)');
  if (!/^https?:\/\/[^/]+/.test(endpoint)) throw new UsageError(`--endpoint must be an http(s) URL, got '${endpoint}'`);
  // Checked here for one-line usage errors; the runner's own command line runs it.
  return runnerMain(args, io);
}

export const localDeployCommand: Command = { name: 'local-deploy', summary: 'deploy a synthesized app into a WorkMail endpoint, locally', usage, run };
