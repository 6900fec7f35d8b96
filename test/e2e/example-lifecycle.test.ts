import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildExampleApp, EXAMPLE_ORGANIZATION_ID } from '../../example/app';
import { loadSeedFile, RunningEmulator, startEmulator } from '../../local/emulator';
import { deploy, destroy, LocalDeployError, readState } from '../../local/runner';
import { WorkMailOrganization, WorkMailUser } from '../../src';

/**
 * The example app end to end: synth → local deploy (provider framework + bundled handler asset)
 * → change → deploy → destroy, asserting what the emulator holds after each step.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let emulator: RunningEmulator;
let workdir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: loadSeedFile(path.join(__dirname, '..', '..', 'example', 'seed.json')) });
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-e2e-'));
});

afterAll(async () => {
  await emulator?.close();
  fs.rmSync(workdir, { recursive: true, force: true });
});

function synth(name: string, props?: Parameters<typeof buildExampleApp>[1]): string {
  const outdir = path.join(workdir, name);
  buildExampleApp(outdir, props).synth();
  return outdir;
}

function users() {
  const organization = emulator.snapshot().organizations.find((org) => org.id === EXAMPLE_ORGANIZATION_ID)!;
  return organization.users.filter((user) => user.state !== 'DELETED');
}

function byName(name: string) {
  return users().find((user) => user.name === name);
}

test('deploy → update → failed update rolls back → destroy', async () => {
  const stateFile = path.join(workdir, 'state.json');
  const lines: string[] = [];
  const functionLog: string[] = [];
  const options = (cloudAssemblyDir: string) => ({
    cloudAssemblyDir,
    stateFile,
    workmailEndpoint: emulator.endpoint,
    log: (line: string) => lines.push(line),
    functionLog: (line: string) => functionLog.push(line),
  });

  // 1. First deploy creates the three users.
  const first = await deploy(options(synth('v1')));
  expect(users().map((user) => [user.name, user.displayName, user.email, user.state]).sort()).toEqual([
    ['alice', 'Alice Liddell', 'alice@acme.example.com', 'ENABLED'],
    ['bob', 'Bob Builder', 'bob@acme.example.com', 'ENABLED'],
    ['carol', 'Carol Service Account', undefined, 'DISABLED'],
  ]);
  const alice = byName('alice')!;
  expect(first.outcomes.find((outcome) => outcome.logicalId.startsWith('Alice') && outcome.type === 'Custom::WorkMailUser'))
    .toMatchObject({ action: 'CREATE', physicalId: alice.id, data: { UserId: alice.id, Email: 'alice@acme.example.com' } });
  // Each user's password is the one generated into its secret, read by the handler at deploy time,
  // and it appears in no line the runner printed nor in the handler's log.
  const state = readState(options(synth('v1-again')))!;
  for (const logicalId of Object.keys(state.resources).filter((id) => state.resources[id].type === 'Custom::WorkMailUser')) {
    const resource = state.resources[logicalId];
    const secret = state.secrets.find((stored) => stored.arn === resource.properties.PasswordSecretArn)!;
    expect(secret.secretString.length).toBe(32);
    expect(emulator.checkPassword(EXAMPLE_ORGANIZATION_ID, resource.physicalId, secret.secretString)).toBe(true);
    expect(lines.join('\n')).not.toContain(secret.secretString);
    expect(functionLog.join('\n')).not.toContain(secret.secretString);
  }
  expect(functionLog.some((line) => line.includes('"operation":"CreateUser"'))).toBe(true);
  // The runner masks known secrets as a second line of defence; a mask in the handler's log would mean a leak.
  expect(functionLog.join('\n')).not.toContain('*****');

  // 2. Deploying the same app again changes nothing.
  emulator.resetCalls();
  await deploy(options(synth('v1-again')));
  expect(emulator.calls.filter((call) => !call.operation.startsWith('Describe') && !call.operation.startsWith('List'))).toEqual([]);

  // 3. A reviewed change: Alice's display name, in place (same id).
  emulator.resetCalls();
  await deploy(options(synth('v2', { displayNames: { alice: 'Alice Kingsleigh' } })));
  expect(byName('alice')).toMatchObject({ id: alice.id, displayName: 'Alice Kingsleigh', state: 'ENABLED' });
  expect(emulator.calls.map((call) => call.operation).filter((op) => op !== 'DescribeUser')).toEqual(['UpdateUser']);

  // 4. A change that WorkMail refuses rolls back: nothing of it stays, the state is as before.
  const before = emulator.snapshot();
  const stateBefore = readState(options(synth('v2-state')));
  const failure = await deploy(options(synth('v3-bad', {
    organizationId: 'm-ffffffffffffffffffffffffffffffff',
    displayNames: { alice: 'Alice Kingsleigh' },
  }))).catch((error) => error);
  expect(failure).toBeInstanceOf(LocalDeployError);
  expect(failure.rollbackFailures).toEqual([]);
  expect(failure.rolledBack).toBe(true);
  expect(failure.reason).toMatch(/\w+ failed for user '\w+' (\([^)]+\) )?in organization m-f{32}: OrganizationNotFoundException/);
  expect(emulator.snapshot()).toEqual(before);
  expect(readState(options(synth('v2-state-after')))).toEqual(stateBefore);

  // 5. Destroy: DESTROY users are deregistered and deleted, the RETAIN one (alice) stays with its mailbox.
  await destroy(options(synth('v2-destroy', { displayNames: { alice: 'Alice Kingsleigh' } })));
  expect(users().map((user) => [user.name, user.state])).toEqual([['alice', 'ENABLED']]);
  expect(readState(options(synth('v2-after')))).toBeUndefined();
});

test('a first deploy that fails leaves nothing it created, retained users and their secrets included', async () => {
  const outdir = path.join(workdir, 'failing-first');
  const app = new App({ outdir });
  const stack = new Stack(app, 'FailingFirst');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', EXAMPLE_ORGANIZATION_ID);
  const amy = new WorkMailUser(stack, 'Amy', { organization, name: 'amy', email: 'amy@acme.example.com' });
  // The organization has no such domain: RegisterToWorkMail fails after Amy exists.
  const zed = new WorkMailUser(stack, 'Zed', { organization, name: 'zed', email: 'zed@unverified.example.org' });
  zed.node.addDependency(amy);
  app.synth();

  const stateFile = path.join(workdir, 'failing-first.json');
  const lines: string[] = [];
  const failure = await deploy({ cloudAssemblyDir: outdir, stateFile, workmailEndpoint: emulator.endpoint, log: (line) => lines.push(line) })
    .catch((error) => error);

  expect(failure).toBeInstanceOf(LocalDeployError);
  expect(failure.reason).toMatch(/RegisterToWorkMail failed for user 'zed' .*in organization m-0123456789abcdef0123456789abcdef: MailDomainNotFoundException/);
  expect(failure.rolledBack).toBe(true);
  expect(byName('amy')).toBeUndefined();
  expect(byName('zed')).toBeUndefined();
  expect(lines.filter((line) => line.startsWith('DELETE_COMPLETE')).length).toBeGreaterThanOrEqual(3); // Amy, her secret, Zed's secret
  expect(readState({ cloudAssemblyDir: outdir, stateFile, workmailEndpoint: emulator.endpoint })).toBeUndefined();
});

test('a rename whose deployment fails later is rolled back to the original user, and the new one is removed', async () => {
  const stateFile = path.join(workdir, 'rename-rollback.json');
  const build = (name: string, failing: boolean) => {
    const outdir = path.join(workdir, `rename-${name}-${failing}`);
    const app = new App({ outdir });
    const stack = new Stack(app, 'RenameRollback');
    const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', EXAMPLE_ORGANIZATION_ID);
    const renamed = new WorkMailUser(stack, 'Renamed', { organization, name, email: `${name}@acme.example.com` });
    if (failing) {
      const broken = new WorkMailUser(stack, 'Broken', { organization, name: 'broken', email: 'broken@unverified.example.org' });
      broken.node.addDependency(renamed);
    }
    app.synth();
    return { cloudAssemblyDir: outdir, stateFile, workmailEndpoint: emulator.endpoint };
  };

  await deploy(build('anna', false));
  const anna = byName('anna')!;
  const failure = await deploy(build('bella', true)).catch((error) => error);

  expect(failure).toBeInstanceOf(LocalDeployError);
  expect(failure.rolledBack).toBe(true);
  // CloudFormation sent the old declaration to bella's id: the handler answered anna's id and removed bella.
  expect(byName('anna')).toMatchObject({ id: anna.id, state: 'ENABLED', email: 'anna@acme.example.com' });
  expect(byName('bella')).toBeUndefined();
  expect(byName('broken')).toBeUndefined();
  const userResources = Object.values(readState(build('anna', false))!.resources).filter((resource) => resource.type === 'Custom::WorkMailUser');
  expect(userResources.map((resource) => resource.physicalId)).toEqual([anna.id]);
});
