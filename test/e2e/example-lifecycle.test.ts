import * as path from 'path';
import { AssociateMemberToGroupCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import { RemovalPolicy } from 'aws-cdk-lib';
import { useEmulatorAndWorkdir } from './emulated';
import { buildExampleApp, ExampleStackProps, EXAMPLE_ORGANIZATION_ID } from '../../example/app';
import { loadSeedFile, SeedOrganization } from '../../local/emulator';
import { deploy, destroy, LocalDeployError, readState } from '../../local/runner';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * The example app end to end: synth → local deploy (provider framework + bundled handler asset)
 * → change every kind → deploy → a failing change rolls back → destroy, asserting what the emulator
 * holds after each step (read in the seed shape: members, delegates by name).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const file = useEmulatorAndWorkdir('e2e', { seed: loadSeedFile(path.join(__dirname, '..', '..', 'example', 'seed.json')) });

function synth(name: string, props?: ExampleStackProps): string {
  const outdir = path.join(file.workdir, name);
  buildExampleApp(outdir, props).synth();
  return outdir;
}

/** The organization in the seed shape, each kind sorted by name. */
function organization(): SeedOrganization {
  const org = file.emulator.seed().organizations.find((o) => o.id === EXAMPLE_ORGANIZATION_ID)!;
  const byName = <T extends { name: string }>(list: T[] | undefined) => [...(list ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return { ...org, users: byName(org.users), groups: byName(org.groups), resources: byName(org.resources) };
}

const writes = () => file.emulator.calls.map((call) => call.operation).filter((op) => !/^(Describe|List)/.test(op));
const D = 'acme.example.com';

test('deploy → change every kind → a failing change rolls back → destroy leaves nothing the stack made', async () => {
  const stateFile = path.join(file.workdir, 'state.json');
  const lines: string[] = [];
  const functionLog: string[] = [];
  const options = (cloudAssemblyDir: string) => ({
    cloudAssemblyDir,
    stateFile,
    workmailEndpoint: file.emulator.endpoint,
    log: (line: string) => lines.push(line),
    functionLog: (line: string) => functionLog.push(line),
  });

  // 1. First deploy: every kind, Dana (made by hand) taken over.
  await deploy(options(synth('v1')));
  const v1 = organization();
  expect(v1.users!.map((u) => [u.name, u.displayName, u.email ?? null, u.aliases])).toEqual([
    ['alice', 'Alice Liddell', `alice@${D}`, [`a.liddell@${D}`]],
    ['bob', 'Bob Builder', `bob@${D}`, []],
    ['carol', 'Carol Service Account', null, []],
    ['dana', 'Dana Scully', `dana@${D}`, []],
    ['support', 'Acme Support', `support@${D}`, []],
  ]);
  expect(v1.users!.find((u) => u.name === 'alice')).toMatchObject({
    firstName: 'Alice', lastName: 'Liddell', jobTitle: 'Explorer', department: 'Research', city: 'Oxford', country: 'United Kingdom',
  });
  // Adopted: reconciled to the declaration, attributes it does not declare left alone.
  expect(v1.users!.find((u) => u.name === 'dana')).toMatchObject({ department: 'Investigations' });
  expect(v1.groups!.map((g) => [g.name, g.email, [...g.members!].sort(), g.aliases])).toEqual([
    ['all-staff', `all-staff@${D}`, ['carol', 'engineering'], [`everyone@${D}`]],
    ['engineering', `engineering@${D}`, ['alice', 'bob'], []],
  ]);
  expect(v1.resources!.map((r) => [r.name, r.type, r.description, r.bookingOptions, r.delegates])).toEqual([
    ['boardroom', 'ROOM', 'Second floor, 10 seats',
      { autoAcceptRequests: false, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: true }, ['engineering']],
    ['projector', 'EQUIPMENT', 'Portable projector',
      { autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true }, []],
  ]);
  // Each generated password is the user's password, and appears in no line printed or logged.
  const state = readState(options(synth('v1-state')))!;
  const secrets = state.secrets.map((secret) => secret.secretString);
  expect(secrets.length).toBe(4); // alice, bob, carol, support; none for the adopted dana
  for (const secret of secrets) {
    expect(lines.join('\n')).not.toContain(secret);
    expect(functionLog.join('\n')).not.toContain(secret);
  }
  expect(functionLog.join('\n')).not.toContain('*****');

  // 2. Deploying the same app again writes nothing.
  file.emulator.resetCalls();
  await deploy(options(synth('v1-again')));
  expect(writes()).toEqual([]);

  // 3. A reviewed change of every kind.
  // A member added by hand to the exclusive group is removed at its next change; one added to the other group stays.
  const client = new WorkMailClient({ endpoint: file.emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await client.send(new AssociateMemberToGroupCommand({ OrganizationId: EXAMPLE_ORGANIZATION_ID, GroupId: 'all-staff', MemberId: 'dana' }));
  await client.send(new AssociateMemberToGroupCommand({ OrganizationId: EXAMPLE_ORGANIZATION_ID, GroupId: 'engineering', MemberId: 'carol' }));
  client.destroy();
  await deploy(options(synth('v2', { revision: 2, displayNames: { alice: 'Alice Kingsleigh' } })));
  const v2 = organization();
  expect(v2.users!.find((u) => u.name === 'alice')).toMatchObject({
    displayName: 'Alice Kingsleigh', jobTitle: 'Head of Exploration', aliases: [`a.liddell@${D}`, `wonderland@${D}`],
  });
  expect(v2.groups!.map((g) => [g.name, [...g.members!].sort()])).toEqual([
    ['all-staff', ['bob', 'carol', 'engineering']],
    ['engineering', ['alice', 'carol', 'dana']],
  ]);
  expect(v2.resources!.find((r) => r.name === 'boardroom')).toMatchObject({
    description: 'Second floor, 12 seats',
    bookingOptions: { autoAcceptRequests: false, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true },
    delegates: expect.arrayContaining(['engineering', 'alice']),
  });

  // 4. A change that fails (an alias no organization has) rolls back: nothing of it stays.
  const before = file.emulator.seed();
  const failure = await deploy(options(synth('v3-bad', { revision: 2, organizationAlias: 'nowhere', displayNames: { alice: 'Alice K.' } })))
    .catch((error) => error);
  expect(failure).toBeInstanceOf(LocalDeployError);
  expect(failure.rolledBack).toBe(true);
  expect(failure.reason).toMatch(/nowhere/);
  expect(file.emulator.seed()).toEqual(before);

  // 5. Destroy with every removal policy DESTROY: the organization holds only what it held before the stack.
  await deploy(options(synth('v2-destroy-policy', { revision: 2, displayNames: { alice: 'Alice Kingsleigh' }, removalPolicy: RemovalPolicy.DESTROY })));
  await destroy(options(synth('v2-destroy', { revision: 2, displayNames: { alice: 'Alice Kingsleigh' }, removalPolicy: RemovalPolicy.DESTROY })));
  const after = organization();
  expect(after.users!.map((u) => u.name)).toEqual(['dana']);
  expect(after.groups).toEqual([]);
  expect(after.resources).toEqual([]);
}, DEPLOY_TEST_TIMEOUT_MS);
