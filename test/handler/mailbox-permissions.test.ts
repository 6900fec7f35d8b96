import { DeleteMailboxPermissionsCommand, ListMailboxPermissionsCommand, PutMailboxPermissionsCommand } from '@aws-sdk/client-workmail';
import { failure, Harness, ORG, useHarness } from './harness';
import { eventsOf, handMadeEntity, RelationProps } from './relations-helpers';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;

useHarness((started) => {
  h = started;
});

const events = eventsOf(WorkMailResourceType.MAILBOX_PERMISSIONS, 'SharedPermissions');

interface Grant {
  readonly grantee: string;
  readonly permissions: string[];
}

function permissionProps(mailbox: string, grants: Grant[], exclusive = false): RelationProps {
  return {
    OrganizationId: ORG,
    EntityId: mailbox,
    Grants: grants.map((g) => ({ GranteeId: g.grantee, Permissions: g.permissions })),
    Exclusive: String(exclusive),
  };
}

/** The mailbox's grants as the service lists them, by grantee, values sorted. */
async function grantsOf(mailbox: string): Promise<Record<string, string[]>> {
  const { Permissions } = await h.client.send(new ListMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: mailbox }));
  return Object.fromEntries((Permissions ?? []).map((p) => [p.GranteeId!, [...(p.PermissionValues ?? [])].sort()]));
}

/** A shared mailbox (a registered user) and three possible grantees: two users and a group; calls reset. */
async function sharedMailbox() {
  const mailbox = (await handMadeEntity(h.client, 'USER', 'shared')).id;
  const alice = (await handMadeEntity(h.client, 'USER', 'alice')).id;
  const bob = (await handMadeEntity(h.client, 'USER', 'bob')).id;
  const team = (await handMadeEntity(h.client, 'GROUP', 'team')).id;
  h.emulator.resetCalls();
  return { mailbox, alice, bob, team };
}

const writes = () => h.operations().filter((op) => !op.startsWith('List'));

test('create: one PutMailboxPermissions per grantee after one read, read back once; only the kind\'s actions', async () => {
  const { mailbox, alice, team } = await sharedMailbox();
  const response = await h.run(events.create(permissionProps(mailbox, [
    { grantee: alice, permissions: ['SEND_AS', 'FULL_ACCESS'] }, { grantee: team, permissions: ['SEND_ON_BEHALF'] },
  ])));
  expect(response).toEqual({ PhysicalResourceId: `${mailbox}/mailbox-permissions` });
  expect(h.operations()).toEqual(['ListMailboxPermissions', 'PutMailboxPermissions', 'PutMailboxPermissions', 'ListMailboxPermissions']);
  expect(await grantsOf(mailbox)).toEqual({ [alice]: ['FULL_ACCESS', 'SEND_AS'], [team]: ['SEND_ON_BEHALF'] });
});

test('taking over grants that already match writes nothing (one read)', async () => {
  const { mailbox, alice } = await sharedMailbox();
  await h.client.send(new PutMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: mailbox, GranteeId: alice, PermissionValues: ['SEND_AS', 'FULL_ACCESS'] }));
  h.emulator.resetCalls();
  await h.run(events.create(permissionProps(mailbox, [{ grantee: alice, permissions: ['FULL_ACCESS', 'SEND_AS'] }])));
  expect(h.operations()).toEqual(['ListMailboxPermissions']);
});

test('a take-over with other values replaces them with one Put; an undeclared grant stays unless exclusive', async () => {
  const { mailbox, alice, bob } = await sharedMailbox();
  await h.client.send(new PutMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: mailbox, GranteeId: alice, PermissionValues: ['FULL_ACCESS'] }));
  await h.client.send(new PutMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: mailbox, GranteeId: bob, PermissionValues: ['SEND_AS'] }));
  h.emulator.resetCalls();
  await h.run(events.create(permissionProps(mailbox, [{ grantee: alice, permissions: ['SEND_AS'] }])));
  expect(writes()).toEqual(['PutMailboxPermissions']);
  expect(await grantsOf(mailbox)).toEqual({ [alice]: ['SEND_AS'], [bob]: ['SEND_AS'] });

  h.emulator.resetCalls();
  const old = permissionProps(mailbox, [{ grantee: alice, permissions: ['SEND_AS'] }]);
  await h.run(events.update(`${mailbox}/mailbox-permissions`, permissionProps(mailbox, [{ grantee: alice, permissions: ['SEND_AS'] }], true), old));
  expect(writes()).toEqual(['DeleteMailboxPermissions']);
  expect(await grantsOf(mailbox)).toEqual({ [alice]: ['SEND_AS'] });
});

test('update: a changed value is one Put, a dropped grantee one Delete, a new one one Put; nothing else is read but the set', async () => {
  const { mailbox, alice, bob, team } = await sharedMailbox();
  const first = permissionProps(mailbox, [{ grantee: alice, permissions: ['FULL_ACCESS'] }, { grantee: team, permissions: ['SEND_AS'] }]);
  await h.run(events.create(first));
  h.emulator.resetCalls();
  const second = permissionProps(mailbox, [{ grantee: alice, permissions: ['FULL_ACCESS', 'SEND_ON_BEHALF'] }, { grantee: bob, permissions: ['SEND_AS'] }]);
  await h.run(events.update(`${mailbox}/mailbox-permissions`, second, first));
  expect(writes().sort()).toEqual(['DeleteMailboxPermissions', 'PutMailboxPermissions', 'PutMailboxPermissions']);
  expect(h.operations().filter((op) => op.startsWith('List'))).toEqual(['ListMailboxPermissions']);
  expect(await grantsOf(mailbox)).toEqual({ [alice]: ['FULL_ACCESS', 'SEND_ON_BEHALF'], [bob]: ['SEND_AS'] });
});

test('a grant removed by hand is restored at the next change', async () => {
  const { mailbox, alice, bob } = await sharedMailbox();
  const first = permissionProps(mailbox, [{ grantee: alice, permissions: ['FULL_ACCESS'] }]);
  await h.run(events.create(first));
  await h.client.send(new DeleteMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: mailbox, GranteeId: alice }));
  const second = permissionProps(mailbox, [{ grantee: alice, permissions: ['FULL_ACCESS'] }, { grantee: bob, permissions: ['SEND_AS'] }]);
  await h.run(events.update(`${mailbox}/mailbox-permissions`, second, first));
  expect(await grantsOf(mailbox)).toEqual({ [alice]: ['FULL_ACCESS'], [bob]: ['SEND_AS'] });
});

test('delete removes only the deployed grants; one made by hand stays', async () => {
  const { mailbox, alice, bob } = await sharedMailbox();
  const props = permissionProps(mailbox, [{ grantee: alice, permissions: ['FULL_ACCESS'] }]);
  await h.run(events.create(props));
  await h.client.send(new PutMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: mailbox, GranteeId: bob, PermissionValues: ['SEND_AS'] }));
  await h.run(events.delete(`${mailbox}/mailbox-permissions`, props));
  expect(await grantsOf(mailbox)).toEqual({ [bob]: ['SEND_AS'] });
});

test('a failed create takes back only what it changed: a new grant is deleted, a replaced value restored', async () => {
  const { mailbox, alice, bob } = await sharedMailbox();
  await h.client.send(new PutMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: mailbox, GranteeId: bob, PermissionValues: ['SEND_AS'] }));
  const gone = (await handMadeEntity(h.client, 'USER', 'gone')).id;
  h.emulator.resetCalls();
  const error = await failure(h.run(events.create(permissionProps(mailbox, [
    { grantee: alice, permissions: ['FULL_ACCESS'] }, { grantee: bob, permissions: ['FULL_ACCESS'] }, { grantee: `${gone}x`, permissions: ['SEND_AS'] },
  ]))));
  expect(error.message).toMatch(/EntityNotFoundException/);
  expect(error.message).toContain(ORG);
  expect(await grantsOf(mailbox)).toEqual({ [bob]: ['SEND_AS'] });
});

test('a mailbox that is not registered fails with the WorkMail error, the mailbox and the organization', async () => {
  const unregistered = (await handMadeEntity(h.client, 'USER', 'noreg', false)).id;
  const alice = (await handMadeEntity(h.client, 'USER', 'alice')).id;
  const error = await failure(h.run(events.create(permissionProps(unregistered, [{ grantee: alice, permissions: ['SEND_AS'] }]))));
  expect(error.message).toMatch(/EntityStateException/);
  expect(error.message).toContain(unregistered);
  expect(error.message).toContain(ORG);
});

test('bad declarations fail before any call: no permission, an unknown one, a repeated grantee, the mailbox itself', async () => {
  const { mailbox, alice } = await sharedMailbox();
  const cases: Array<[Grant[], RegExp]> = [
    [[{ grantee: alice, permissions: [] }], /Grants\[0\]\.Permissions.*at least one/],
    [[{ grantee: alice, permissions: ['READ'] }], /Grants\[0\]\.Permissions\[0\].*FULL_ACCESS, SEND_AS, SEND_ON_BEHALF/],
    [[{ grantee: alice, permissions: ['SEND_AS'] }, { grantee: alice.toUpperCase(), permissions: ['FULL_ACCESS'] }], /Grants\[1\]\.GranteeId.*repeats/],
    [[{ grantee: mailbox, permissions: ['SEND_AS'] }], /the mailbox itself/],
  ];
  for (const [grants, message] of cases) {
    await expect(h.run(events.create(permissionProps(mailbox, grants)))).rejects.toThrow(message);
  }
  expect(h.operations()).toEqual([]);
});
