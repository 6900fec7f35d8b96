/**
 * `export-mailboxes --stack`: the destination read from the outputs of a stack holding a
 * WorkMailMailboxExportDestination, deployed by the local runner and served by its CloudFormation endpoint.
 */
import { rmSync } from 'fs';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { App, Stack } from 'aws-cdk-lib';
import { exportEmulator, exportMailboxes, ORG, readManifest, useLocalS3Credentials, workDir } from './export-mailboxes-harness';
import { DESTINATION_OUTPUT_DESCRIPTION } from '../../cli/mailbox-export';
import { RunningEmulator } from '../../local/emulator';
import { deploy, LocalCloudFormation, serveLocalCloudFormation } from '../../local/runner';
import { LocalS3, startLocalS3 } from '../../local/s3';
import { WorkMailMailboxExportDestination, WorkMailOrganization } from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

const ENV = { account: '111122223333', region: 'us-east-1' };

let s3: LocalS3;
let emulator: RunningEmulator;
let cloudFormation: LocalCloudFormation;
let restoreEnv: () => void;
let dir: string;

/** One stack with a destination, one with two. */
function synth(outdir: string): void {
  // The built-in template validation costs seconds and checks nothing the command reads.
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const one = new Stack(app, 'Exports', { env: ENV });
  new WorkMailMailboxExportDestination(one, 'Destination', { organization: WorkMailOrganization.fromOrganizationId(one, 'Org', ORG) });
  const two = new Stack(app, 'TwoDestinations', { env: ENV });
  const organization = WorkMailOrganization.fromOrganizationId(two, 'Org', ORG);
  new WorkMailMailboxExportDestination(two, 'Archive', { organization });
  new WorkMailMailboxExportDestination(two, 'Legal', { organization, prefix: 'legal-hold/' });
  app.synth();
}

beforeAll(async () => {
  restoreEnv = useLocalS3Credentials();
  dir = workDir();
  s3 = await startLocalS3();
  emulator = await exportEmulator(s3);
  const assembly = path.join(dir, 'cdk.out');
  synth(assembly);
  const stateFiles = [];
  for (const stackName of ['Exports', 'TwoDestinations']) {
    const stateFile = path.join(dir, `${stackName}.json`);
    const { state } = await deploy({ cloudAssemblyDir: assembly, stackName, stateFile, workmailEndpoint: emulator.endpoint });
    // The buckets exist as the stacks made them.
    for (const output of state.outputs ?? []) {
      if (output.key.endsWith('BucketName')) await s3.client.send(new CreateBucketCommand({ Bucket: output.value }));
    }
    stateFiles.push(stateFile);
  }
  cloudFormation = await serveLocalCloudFormation({ stateFiles });
}, DEPLOY_TEST_TIMEOUT_MS);

afterAll(async () => {
  await cloudFormation.stop();
  await emulator.close();
  await s3.stop();
  restoreEnv();
  rmSync(dir, { recursive: true, force: true });
});

const flags = (state: string, ...extra: string[]) => [
  '--organization', ORG, '--endpoint', emulator.endpoint, '--s3-endpoint', s3.endpoint, '--state', path.join(dir, state),
  '--poll-interval', '20', '--quiet', ...extra,
];

test('the command and the construct agree on how destination outputs are described', () => {
  expect(DESTINATION_OUTPUT_DESCRIPTION).toBe(WorkMailMailboxExportDestination.OUTPUT_DESCRIPTION);
});

test('the local CloudFormation endpoint answers DescribeStacks with the deployed stack\'s resolved outputs', async () => {
  const client = new CloudFormationClient({ endpoint: cloudFormation.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    const stack = (await client.send(new DescribeStacksCommand({ StackName: 'Exports' }))).Stacks![0];
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({
      DestinationBucketName: expect.stringMatching(/^exports-destinationbucket[0-9a-f]{8}$/),
      DestinationPrefix: 'workmail-export/',
      DestinationRoleArn: expect.stringMatching(/^arn:aws:iam::111122223333:role\/Exports-DestinationRole[0-9A-F]{8}$/),
      DestinationKmsKeyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:111122223333:key\/DestinationKey[0-9A-F]{8}$/),
    });
    expect(stack.Outputs!.every((o) => o.Description?.startsWith(`${DESTINATION_OUTPUT_DESCRIPTION}: `))).toBe(true);
    await expect(client.send(new DescribeStacksCommand({ StackName: 'Missing' }))).rejects.toThrow('Stack with id Missing does not exist');
  } finally {
    client.destroy();
  }
});

test('--stack reads the destination from the stack\'s outputs (endpoint from AWS_ENDPOINT_URL_CLOUDFORMATION)', async () => {
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = cloudFormation.endpoint;
  try {
    const run = await exportMailboxes(flags('one.json', '--stack', 'Exports', '--only', 'user01', '--verify'));
    expect(run).toMatchObject({ code: 0, err: [] });
    const [row] = readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows;
    expect(row).toMatchObject({ mailbox: 'user01', state: 'COMPLETED', verified: 'yes' });
    expect(row['S3 path']).toMatch(/^s3:\/\/exports-destinationbucket[0-9a-f]{8}\/workmail-export\/[\w-]+\.zip$/);
  } finally {
    delete process.env.AWS_ENDPOINT_URL_CLOUDFORMATION;
  }
});

test('a stack with two destinations needs --destination; a missing stack is named', async () => {
  const ambiguous = await exportMailboxes(flags('two.json', '--stack', 'TwoDestinations', '--cloudformation-endpoint', cloudFormation.endpoint));
  expect(ambiguous).toEqual({
    code: 2,
    out: [],
    err: [
      "cdk-workmail: stack 'TwoDestinations' holds 2 mailbox export destinations (Archive, Legal): choose one with --destination "
    + '(see cdk-workmail export-mailboxes --help)',
    ],
  });

  const legal = await exportMailboxes(flags('two.json', '--stack', 'TwoDestinations', '--destination', 'Legal', '--only', 'user02',
    '--cloudformation-endpoint', cloudFormation.endpoint));
  expect(legal.code).toBe(0);
  expect(legal.out.find((l) => l.startsWith('exported '))).toMatch(/^exported 1 of 1 mailboxes of acme .* into s3:\/\/twodestinations-legalbucket[0-9a-f]{8}\/legal-hold\/$/);

  const missing = await exportMailboxes(flags('three.json', '--stack', 'Missing', '--cloudformation-endpoint', cloudFormation.endpoint));
  expect(missing).toEqual({ code: 1, out: [], err: ["cdk-workmail: stack 'Missing' does not exist in this account and region (CloudFormation DescribeStacks)"] });
});
