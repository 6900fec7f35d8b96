import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { deployPlanFixture, DeployedPlanFixture, STACK, synthPlanApp } from './plan-fixture';
import { planDeployment } from '../../cli/plan';
import { buildExampleApp } from '../../example/app';
import { loadSeedFile, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';
import { deploy } from '../../local/runner';
import { loadState } from '../../local/runner/state';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * `plan` reading the deployed stack from CloudFormation: a stand-in answering GetTemplate and
 * DescribeStackResources (query protocol, as CloudFormation does) with what the local runner deployed,
 * and refusing every other action. The plan must be the one made from the runner's state file.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROOT = path.join(__dirname, '..', '..');
/** The bundled executable (the test task bundles first). */
const BIN = path.join(ROOT, (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['cdk-workmail']);
const READ_ONLY = Object.keys(OPERATIONS).filter((op) => /^(List|Describe|Get)/.test(op));
const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/0f4e3c10-0000-4000-8000-000000000000`;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface StandIn {
  readonly endpoint: string;
  /** The actions asked, in order. */
  readonly actions: string[];
  /** Whether the stack exists. */
  deployed: boolean;
  close(): Promise<void>;
}

/** CloudFormation as far as plan reads it: the deployed template, and the physical ids from the runner's state. */
async function cloudFormationStandIn(templateFile: string, stateFile: string, stackName = STACK): Promise<StandIn> {
  const actions: string[] = [];
  const answer = (action: string, result: string) => `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>`
    + `<ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></${action}Response>`;
  const error = (code: string, message: string) => `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code>`
    + `<Message>${escapeXml(message)}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;
  const standIn = { deployed: true } as { deployed: boolean };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      actions.push(action);
      const reply = (status: number, xml: string) => res.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
      if (action !== 'GetTemplate' && action !== 'DescribeStackResources') return reply(403, error('AccessDenied', `${action} is not allowed`));
      if (form.get('StackName') !== stackName || !standIn.deployed) return reply(400, error('ValidationError', `Stack with id ${form.get('StackName')} does not exist`));
      if (action === 'GetTemplate') {
        return reply(200, answer(action, `<TemplateBody>${escapeXml(fs.readFileSync(templateFile, 'utf8'))}</TemplateBody>`
          + '<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>'));
      }
      const resources = Object.entries(loadState(stateFile)!.resources).map(([logicalId, r]) => '<member>'
        + `<StackName>${stackName}</StackName><StackId>${STACK_ID.replace(STACK, stackName)}</StackId><LogicalResourceId>${escapeXml(logicalId)}</LogicalResourceId>`
        + `<PhysicalResourceId>${escapeXml(r.physicalId)}</PhysicalResourceId><ResourceType>${escapeXml(r.type)}</ResourceType>`
        + '<Timestamp>2026-01-01T00:00:00.000Z</Timestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>');
      return reply(200, answer(action, `<StackResources>${resources.join('')}</StackResources>`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(standIn, {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let fixture: DeployedPlanFixture;
let standIn: StandIn;
let cloudFormation: CloudFormationClient;

beforeAll(async () => {
  fixture = await deployPlanFixture();
  standIn = await cloudFormationStandIn(path.join(fixture.v1, `${STACK}.template.json`), fixture.stateFile);
  cloudFormation = new CloudFormationClient({ endpoint: standIn.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
}, DEPLOY_TEST_TIMEOUT_MS);

afterAll(async () => {
  cloudFormation?.destroy();
  await standIn?.close();
  await fixture?.close();
});

beforeEach(() => {
  standIn.actions.length = 0;
  standIn.deployed = true;
  fixture.emulator.resetCalls();
  fixture.emulator.setAllowedOperations(READ_ONLY);
});

afterEach(() => fixture.emulator.setAllowedOperations(undefined));

test('the deployed template and physical ids from CloudFormation give the plan the state file gives', async () => {
  const appDir = synthPlanApp(path.join(fixture.workdir, 'v2'), 2);
  const fromCloudFormation = await planDeployment({ client: fixture.client, appDir, deployed: { cloudFormation } });
  expect(standIn.actions).toEqual(['GetTemplate', 'DescribeStackResources']);
  const cloudFormationCalls = fixture.emulator.calls.map((c) => c.operation).sort();
  fixture.emulator.resetCalls();
  const fromState = await planDeployment({ client: fixture.client, appDir, deployed: { stateFile: fixture.stateFile } });
  expect(fromCloudFormation).toEqual(fromState);
  expect(fromCloudFormation.summary).toEqual({ create: 2, adopt: 1, update: 4, replace: 2, delete: 2, retain: 1, unchanged: 0, failing: 0 });
  // The same reads of the organization, and no write.
  expect(cloudFormationCalls).toEqual(fixture.emulator.calls.map((c) => c.operation).sort());
  expect(cloudFormationCalls.every((op) => /^(List|Describe|Get)/.test(op))).toBe(true);
});

test('a stack CloudFormation does not have plans as all create: names the organization already holds fail', async () => {
  standIn.deployed = false;
  const report = await planDeployment({ client: fixture.client, appDir: fixture.v1, deployed: { cloudFormation } });
  expect(standIn.actions).toEqual(['GetTemplate']);
  expect(report.actions.every((a) => a.action === 'create')).toBe(true);
  expect(report.summary).toMatchObject({ create: 9, update: 0, delete: 0, retain: 0, unchanged: 0 });
  const alice = report.actions.find((a) => a.kind === 'user' && a.name === 'alice')!;
  expect(alice.failure).toMatch(/^CreateUser failed for user 'alice' in organization m-[0-9a-f]{32}: NameAvailabilityException\. The user already exists/);
});

test('the bundled command reads CloudFormation at AWS_ENDPOINT_URL_CLOUDFORMATION; --fail-on-destroy exits 4', async () => {
  const appDir = synthPlanApp(path.join(fixture.workdir, 'cli-v2'), 2);
  const env = {
    ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', INIT_CWD: '', AWS_ENDPOINT_URL_CLOUDFORMATION: standIn.endpoint,
  };
  const args = ['plan', '--app', appDir, '--endpoint', fixture.emulator.endpoint, '--quiet', '--format', 'json', '--fail-on-destroy'];
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(BIN, args, { cwd: ROOT, env, encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out, stderr: err });
    });
  });
  expect({ code, stderr }).toEqual({ code: 4, stderr: '' });
  expect(standIn.actions).toEqual(['GetTemplate', 'DescribeStackResources']);
  expect(JSON.parse(stdout).summary).toMatchObject({ replace: 2, delete: 2 });
});

test('an organization looked up by alias: its domain, which CloudFormation does not serve, is looked up, so no entity plans as changed for it', async () => {
  // The example app on an emulator of its own (its names are those of the fixture's).
  const emulator = await startEmulator({ seed: loadSeedFile(path.join(ROOT, 'example', 'seed.json')) });
  const client = new WorkMailClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const stateFile = path.join(fixture.workdir, 'example-state.json');
  const v1 = path.join(fixture.workdir, 'example-v1');
  const v2 = path.join(fixture.workdir, 'example-v2');
  buildExampleApp(v1, { revision: 1 }).synth();
  buildExampleApp(v2, { revision: 2 }).synth();
  const exampleStandIn = await cloudFormationStandIn(path.join(v1, 'WorkMailExample.template.json'), stateFile, 'WorkMailExample');
  const exampleCloudFormation = new CloudFormationClient({
    endpoint: exampleStandIn.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  try {
    await deploy({ cloudAssemblyDir: v1, stackName: 'WorkMailExample', stateFile, workmailEndpoint: emulator.endpoint });
    emulator.setAllowedOperations(READ_ONLY);
    const unchanged = await planDeployment({ client, appDir: v1, deployed: { cloudFormation: exampleCloudFormation } });
    expect(unchanged.actions).toEqual([]);
    expect((await planDeployment({ client, appDir: v1, deployed: { stateFile } })).actions).toEqual([]);
    expect(unchanged.summary).toMatchObject({ unchanged: 12, failing: 0 }); // 9 entities, 2 alias sets, 1 permission set
    const fromCloudFormation = await planDeployment({ client, appDir: v2, deployed: { cloudFormation: exampleCloudFormation } });
    const fromState = await planDeployment({ client, appDir: v2, deployed: { stateFile } });
    expect(fromCloudFormation.actions).toEqual(fromState.actions);
    expect(fromCloudFormation.actions.map((a) => `${a.action} ${a.kind} ${a.name}`)).toEqual([
      'update user alice', 'update group all-staff', 'update group engineering', 'update resource boardroom', 'update aliases alice',
      'update permissions support',
    ]);
    expect(fromCloudFormation.actions.find((a) => a.kind === 'permissions')!.changes).toEqual([
      { field: 'permissions of alice', from: 'SEND_ON_BEHALF', to: 'FULL_ACCESS, SEND_ON_BEHALF' },
    ]);
    expect(emulator.calls.filter((c) => c.errorName !== undefined)).toEqual([]);
  } finally {
    exampleCloudFormation.destroy();
    await exampleStandIn.close();
    client.destroy();
    await emulator.close();
  }
}, DEPLOY_TEST_TIMEOUT_MS);
