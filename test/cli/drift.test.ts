import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AssociateMemberToGroupCommand, AssociateDelegateToResourceCommand, CreateUserCommand, DeleteAliasCommand, DeleteUserCommand,
  DeregisterFromWorkMailCommand, DisassociateDelegateFromResourceCommand, DisassociateMemberFromGroupCommand, RegisterToWorkMailCommand,
  PutMailboxPermissionsCommand, UpdatePrimaryEmailAddressCommand, UpdateResourceCommand, UpdateUserCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { App, CfnResource, Fn, Stack, Token } from 'aws-cdk-lib';
import { driftCheck, driftExitCode, DriftReport, formatDriftReport } from '../../cli/drift';
import { buildExampleApp, EXAMPLE_DOMAIN, EXAMPLE_ORGANIZATION_ID } from '../../example/app';
import { loadSeedFile, RunningEmulator, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';
import { deploy } from '../../local/runner';
import {
  BookableResourceType, MailboxPermission, WorkMailDelegate, WorkMailGroup, WorkMailMailboxPermissions, WorkMailOrganization, WorkMailResource,
  WorkMailUser,
} from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * The drift check against the emulator, through the real constructs and the local runner: the example
 * app plus a second stack (hidden flags, delegates across stacks, an entity imported by id) is
 * deployed, changed by hand through the SDK, checked, converged and checked again. The check itself
 * runs while the emulator allows only List* and Describe*.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const D = EXAMPLE_DOMAIN;
const ORG = EXAMPLE_ORGANIZATION_ID;
const READ_ONLY = Object.keys(OPERATIONS).filter((op) => /^(List|Describe)/.test(op));

let emulator: RunningEmulator;
let client: WorkMailClient;
let workdir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: loadSeedFile(path.join(__dirname, '..', '..', 'example', 'seed.json')) });
  client = new WorkMailClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-drift-'));
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
  fs.rmSync(workdir, { recursive: true, force: true });
});

/** Declarations the example leaves out: hidden flags, a delegate of another stack's kind (by id), a user without email. */
function addExtrasStack(app: App, danaId: string): void {
  const stack = new Stack(app, 'DriftExtras');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG);
  const erin = new WorkMailUser(stack, 'Erin', {
    organization, name: 'erin', displayName: 'Erin Hidden', email: `erin@${D}`, hiddenFromAddressList: true, generatePassword: false,
  });
  new WorkMailUser(stack, 'Frank', { organization, name: 'frank', displayName: 'Frank Directory', generatePassword: false });
  const lab = new WorkMailResource(stack, 'Lab', {
    organization, name: 'lab', type: BookableResourceType.ROOM, email: `lab@${D}`, delegates: [erin], bookingOptions: { autoAcceptRequests: true },
  });
  new WorkMailDelegate(stack, 'DanaDelegate', { resource: lab, delegate: WorkMailUser.fromUserAttributes(stack, 'Dana', { organization, userId: danaId }) });
}

function synth(name: string, revision: 1 | 2): string {
  const outdir = path.join(workdir, name);
  const danaId = emulator.snapshot().organizations.find((o) => o.id === ORG)!.users.find((u) => u.name === 'dana')!.id;
  const app = buildExampleApp(outdir, { revision });
  addExtrasStack(app, danaId);
  app.synth();
  return outdir;
}

async function deployAll(appDir: string): Promise<void> {
  for (const stackName of ['WorkMailExample', 'DriftExtras']) {
    await deploy({ cloudAssemblyDir: appDir, stackName, stateFile: path.join(workdir, `${stackName}.json`), workmailEndpoint: emulator.endpoint });
  }
}

/** The drift check, with only List* and Describe* allowed; the calls it made. */
async function readOnlyDrift(appDir: string, stackName?: string): Promise<{ report: DriftReport; calls: string[] }> {
  emulator.resetCalls();
  emulator.setAllowedOperations(READ_ONLY);
  try {
    const report = await driftCheck({ client, appDir, stackName, concurrency: 3 });
    return { report, calls: emulator.calls.map((c) => c.operation) };
  } finally {
    emulator.setAllowedOperations(undefined);
  }
}

const rows = (report: DriftReport) => report.differences.map((d) => [d.stack, d.logicalId.replace(/[0-9A-F]{8}$/, ''),
  `${d.entity.kind} ${d.entity.name}`, d.field, d.declared ?? null, d.live ?? null]);
const count = (calls: string[], op: string) => calls.filter((c) => c === op).length;

test('deployed → no drift; each hand-made change is reported as that field; converged → no drift again', async () => {
  const v1 = synth('v1', 1);
  await deployAll(v1);

  // 1. Just deployed: nothing differs; List once per kind, one Describe per declared entity, nothing written.
  const clean = await readOnlyDrift(v1);
  expect(clean.report.differences).toEqual([]);
  expect(clean.report.unchecked).toEqual([]);
  expect(clean.report).toMatchObject({ stacks: ['WorkMailExample', 'DriftExtras'], resources: 17 });
  expect(driftExitCode(clean.report)).toBe(0);
  expect(formatDriftReport(clean.report)).toBe('No drift: 17 WorkMail resources in 2 stacks match the live organization.\n');
  expect(clean.calls.every((op) => /^(List|Describe)/.test(op))).toBe(true);
  expect(emulator.calls.every((c) => c.errorName === undefined)).toBe(true);
  for (const op of ['ListOrganizations', 'ListUsers', 'ListGroups', 'ListResources']) expect(count(clean.calls, op)).toBe(1);
  expect(count(clean.calls, 'DescribeUser')).toBe(7); // alice, bob, carol, dana, support, erin, frank
  expect(count(clean.calls, 'DescribeGroup')).toBe(2);
  expect(count(clean.calls, 'DescribeResource')).toBe(3);

  // 2. Hand-made changes of every kind.
  // One signature for every command type (the client's overloads are per command).
  const send = (command: object) => client.send(command as never);
  const O = { OrganizationId: ORG };
  await send(new UpdateUserCommand({ ...O, UserId: 'alice', DisplayName: 'Alice by hand', JobTitle: 'Queen' }));
  await send(new UpdatePrimaryEmailAddressCommand({ ...O, EntityId: 'bob', Email: `robert@${D}` }));
  await send(new DeregisterFromWorkMailCommand({ ...O, EntityId: 'dana' }));
  await send(new UpdateUserCommand({ ...O, UserId: 'erin', HiddenFromGlobalAddressList: false }));
  await send(new DisassociateMemberFromGroupCommand({ ...O, GroupId: 'engineering', MemberId: 'bob' }));
  await send(new AssociateMemberToGroupCommand({ ...O, GroupId: 'all-staff', MemberId: 'alice' }));
  await send(new UpdateResourceCommand({
    ...O,
    ResourceId: 'boardroom',
    BookingOptions: {
      AutoAcceptRequests: false, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: false,
    },
  }));
  await send(new DisassociateDelegateFromResourceCommand({ ...O, ResourceId: 'lab', EntityId: 'erin' }));
  await send(new DisassociateDelegateFromResourceCommand({ ...O, ResourceId: 'lab', EntityId: 'dana' }));
  const aliceId = emulator.snapshot().organizations.find((o) => o.id === ORG)!.users.find((u) => u.name === 'alice')!.id;
  await send(new DeleteAliasCommand({ ...O, EntityId: aliceId, Alias: `a.liddell@${D}` }));
  await send(new DeleteUserCommand({ ...O, UserId: 'frank' }));

  const drifted = await readOnlyDrift(v1);
  expect(rows(drifted.report)).toEqual([
    ['DriftExtras', 'Erin', 'user erin', 'hiddenFromAddressList', 'true', 'false'],
    ['DriftExtras', 'Frank', 'user frank', 'exists', 'true', 'false'],
    ['DriftExtras', 'DanaDelegate', 'resource lab', 'delegates', 'dana', null],
    ['DriftExtras', 'Lab', 'resource lab', 'delegates', 'erin', null],
    ['WorkMailExample', 'AliceAliases', 'user alice', 'aliases', `a.liddell@${D}`, null],
    ['WorkMailExample', 'Alice', 'user alice', 'displayName', 'Alice Liddell', 'Alice by hand'],
    ['WorkMailExample', 'Alice', 'user alice', 'jobTitle', 'Explorer', 'Queen'],
    ['WorkMailExample', 'Bob', 'user bob', 'email', `bob@${D}`, `robert@${D}`],
    ['WorkMailExample', 'Dana', 'user dana', 'enabled', 'true', 'false'],
    ['WorkMailExample', 'AllStaff', 'group all-staff', 'members', null, 'alice'],
    ['WorkMailExample', 'Engineering', 'group engineering', 'members', 'bob', null],
    ['WorkMailExample', 'Boardroom', 'resource boardroom', 'bookingOptions.autoDeclineConflictingRequests', 'true', 'false'],
  ]);
  expect(drifted.report.unchecked).toEqual([]);
  expect(driftExitCode(drifted.report)).toBe(3);
  const table = formatDriftReport(drifted.report).split('\n');
  expect(table[0]).toMatch(/^ENTITY +FIELD +DECLARED +LIVE$/);
  expect(table).toEqual(expect.arrayContaining([
    expect.stringMatching(/^user alice +displayName +Alice Liddell +Alice by hand$/),
    expect.stringMatching(/^group all-staff +members +\(none\) +alice$/),
  ]));
  // Columns line up: every cell of the DECLARED column starts where its header does.
  const declaredAt = table[0].indexOf('DECLARED');
  expect(table.slice(1, 13).every((line) => line[declaredAt - 1] === ' ' && line[declaredAt] !== ' ')).toBe(true);
  expect(table[table.length - 2]).toBe('Drift: 12 differences in 9 entities (17 WorkMail resources in 2 stacks).');
  // The same app and organization give the same report.
  expect((await readOnlyDrift(v1)).report).toEqual(drifted.report);
  // One stack only.
  const extras = await readOnlyDrift(v1, 'DriftExtras');
  expect(extras.report.stacks).toEqual(['DriftExtras']);
  expect(rows(extras.report).map((r) => r[3])).toEqual(['hiddenFromAddressList', 'exists', 'delegates', 'delegates']);

  // 3. Converge: some by hand, the rest by deploying a changed declaration of those resources (revision 2).
  await send(new UpdatePrimaryEmailAddressCommand({ ...O, EntityId: 'bob', Email: `bob@${D}` }));
  await send(new RegisterToWorkMailCommand({ ...O, EntityId: 'dana', Email: `dana@${D}` }));
  await send(new UpdateUserCommand({ ...O, UserId: 'erin', HiddenFromGlobalAddressList: true }));
  await send(new AssociateDelegateToResourceCommand({ ...O, ResourceId: 'lab', EntityId: 'erin' }));
  await send(new AssociateDelegateToResourceCommand({ ...O, ResourceId: 'lab', EntityId: 'dana' }));
  await send(new CreateUserCommand({ ...O, Name: 'frank', DisplayName: 'Frank Directory' }));
  const v2 = synth('v2', 2);
  await deployAll(v2);
  const converged = await readOnlyDrift(v2);
  expect(converged.report.differences).toEqual([]);
  expect(driftExitCode(converged.report)).toBe(0);
}, DEPLOY_TEST_TIMEOUT_MS);

test('values only a deployed stack knows are reported unchecked, the rest is still compared', async () => {
  const outdir = path.join(workdir, 'tokens');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Tokens');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG);
  // Something other than WorkMail that only a deployment answers.
  const directory = new CfnResource(stack, 'DirectorySync', { type: 'Custom::DirectorySync', properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:sync' } });
  const synced = WorkMailUser.fromUserAttributes(stack, 'Synced', { organization, userId: Token.asString(directory.getAtt('UserId')) });
  const remote = WorkMailUser.fromUserAttributes(stack, 'Remote', { organization, userId: Fn.importValue('OtherStack-UserId') });
  new WorkMailGroup(stack, 'Ops', {
    organization, name: 'ops-team', members: [synced, remote], exclusiveMembers: true,
  });
  new WorkMailUser(stack, 'Dana', {
    organization, name: 'dana', displayName: Fn.join(' ', ['Dana', Token.asString(directory.getAtt('Surname'))]), department: 'Sales', adoptExisting: true,
  });
  app.synth();

  const { report, calls } = await readOnlyDrift(outdir);
  expect(calls.every((op) => /^(List|Describe)/.test(op))).toBe(true);
  // dana's department is compared (Investigations from the seed); the group does not exist.
  expect(rows(report)).toEqual([
    ['Tokens', 'Dana', 'user dana', 'department', 'Sales', 'Investigations'],
    ['Tokens', 'Ops', 'group ops-team', 'exists', 'true', 'false'],
  ]);
  expect(report.unchecked.map((u) => [u.entity.name, u.field, u.reason])).toEqual([
    ['dana', 'displayName', 'Fn::GetAtt DirectorySync.Surname is known only to a deployed stack'],
    ['ops-team', 'members', expect.stringContaining('Fn::ImportValue is not supported')],
  ]);
  expect(driftExitCode(report)).toBe(3);
  expect(formatDriftReport(report)).toContain('Unchecked (known only to a deployed stack, or not resolvable here):');
}, DEPLOY_TEST_TIMEOUT_MS);

test('mailbox grants: a missing grantee, other values and (exclusive) an undeclared grantee are drift, read with ListMailboxPermissions', async () => {
  const o = { OrganizationId: ORG };
  const ids: Record<string, string> = {};
  for (const name of ['grace', 'heidi', 'ivan']) {
    const { UserId } = await client.send(new CreateUserCommand({ ...o, Name: name, DisplayName: name }));
    await client.send(new RegisterToWorkMailCommand({ ...o, EntityId: UserId, Email: `${name}@${D}` }));
    ids[name] = UserId!;
  }
  // Live: dana may only open grace's mailbox, heidi nothing, ivan send as grace.
  await client.send(new PutMailboxPermissionsCommand({ ...o, EntityId: ids.grace, GranteeId: 'dana', PermissionValues: ['FULL_ACCESS'] }));
  await client.send(new PutMailboxPermissionsCommand({ ...o, EntityId: ids.grace, GranteeId: ids.ivan, PermissionValues: ['SEND_AS'] }));

  const outdir = path.join(workdir, 'grants');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Grants');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG);
  const user = (name: string) => new WorkMailUser(stack, name, { organization, name, displayName: name, email: `${name}@${D}`, adoptExisting: true });
  const [grace, dana, heidi] = [user('grace'), user('dana'), user('heidi')];
  const declare = (exclusive: boolean) => new WorkMailMailboxPermissions(stack, `GracePermissions${exclusive ? 'Exclusive' : ''}`, {
    mailbox: grace,
    exclusive,
    grants: [
      { grantee: dana, permissions: [MailboxPermission.SEND_AS, MailboxPermission.FULL_ACCESS] },
      { grantee: heidi, permissions: [MailboxPermission.FULL_ACCESS] },
    ],
  });
  declare(false);
  declare(true);
  app.synth();

  const { report, calls } = await readOnlyDrift(outdir);
  expect(calls.every((op) => /^(List|Describe)/.test(op))).toBe(true);
  expect(count(calls, 'ListMailboxPermissions')).toBe(1);
  const grants = rows(report).filter((r) => r[3] === 'grants');
  expect(grants).toHaveLength(5);
  expect(grants).toEqual(expect.arrayContaining([
    ['Grants', 'GracePermissions', 'user grace', 'grants', 'dana: FULL_ACCESS, SEND_AS', 'dana: FULL_ACCESS'],
    ['Grants', 'GracePermissions', 'user grace', 'grants', 'heidi: FULL_ACCESS', null],
    ['Grants', 'GracePermissionsExclusive', 'user grace', 'grants', null, 'ivan: SEND_AS'],
    ['Grants', 'GracePermissionsExclusive', 'user grace', 'grants', 'dana: FULL_ACCESS, SEND_AS', 'dana: FULL_ACCESS'],
    ['Grants', 'GracePermissionsExclusive', 'user grace', 'grants', 'heidi: FULL_ACCESS', null],
  ]));
  expect(driftExitCode(report)).not.toBe(0);

  // Live as declared: no grant drift left.
  await client.send(new PutMailboxPermissionsCommand({ ...o, EntityId: ids.grace, GranteeId: 'dana', PermissionValues: ['SEND_AS', 'FULL_ACCESS'] }));
  await client.send(new PutMailboxPermissionsCommand({ ...o, EntityId: ids.grace, GranteeId: ids.heidi, PermissionValues: ['FULL_ACCESS'] }));
  const after = await readOnlyDrift(outdir);
  expect(rows(after.report).filter((r) => r[3] === 'grants')).toEqual([
    ['Grants', 'GracePermissionsExclusive', 'user grace', 'grants', null, 'ivan: SEND_AS'],
  ]);
}, DEPLOY_TEST_TIMEOUT_MS);
