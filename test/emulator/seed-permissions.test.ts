import {
  DeleteResourceCommand, DeregisterFromWorkMailCommand, ListMailboxPermissionsCommand, ListUsersCommand, PutMailboxPermissionsCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { client } from './helpers';
import { EmulatorSeed, RunningEmulator, SeedError, SeedOrganization, startEmulator, validateSeed } from '../../local/emulator';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const D = 'acme.example.com';
const base: SeedOrganization = { id: ORG, alias: 'acme', defaultMailDomain: D, domains: [D] };

const alice = { name: 'alice', email: `alice@${D}` };
const bob = { name: 'bob', email: `bob@${D}` };
const room = { name: 'room-1', type: 'ROOM' as const, email: `room-1@${D}` };

function seedError(entities: Record<string, unknown>): string {
  try {
    validateSeed({ organizations: [{ ...base, ...entities }] });
  } catch (e) {
    expect(e).toBeInstanceOf(SeedError);
    return (e as Error).message;
  }
  throw new Error('the seed was accepted');
}

describe('seed mailbox permissions: validation', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['permissions not an array', { users: [{ ...alice, permissions: {} }] }, /organizations\[0\]\.users\[0\]\.permissions must be an array/],
    ['a grant not an object', { users: [{ ...alice, permissions: ['bob'] }], groups: [{ name: 'bob' }] },
      /users\[0\]\.permissions\[0\] must be an object/],
    ['an unknown grant field', { users: [{ ...alice, permissions: [{ grantee: 'bob', permissions: ['SEND_AS'], exclusive: true }] }, bob] },
      /users\[0\]\.permissions\[0\]\.exclusive is not a known field/],
    ['an unknown grantee', { users: [{ ...alice, permissions: [{ grantee: 'nobody', permissions: ['SEND_AS'] }] }] },
      /users\[0\]\.permissions\[0\]\.grantee nobody is not a user, group or resource of organization/],
    ['the mailbox itself', { users: [alice], resources: [{ ...room, permissions: [{ grantee: 'ROOM-1', permissions: ['FULL_ACCESS'] }] }] },
      /resources\[0\]\.permissions\[0\]\.grantee ROOM-1 is the mailbox itself/],
    ['a grantee twice', {
      users: [{ ...alice, permissions: [{ grantee: 'bob', permissions: ['SEND_AS'] }, { grantee: 'Bob', permissions: ['FULL_ACCESS'] }] }, bob],
    }, /users\[0\]\.permissions\[1\]\.grantee repeats Bob/],
    ['no permission', { users: [{ ...alice, permissions: [{ grantee: 'bob', permissions: [] }] }, bob] },
      /users\[0\]\.permissions\[0\]\.permissions must list at least one of FULL_ACCESS, SEND_AS, SEND_ON_BEHALF/],
    ['an unknown permission', { users: [{ ...alice, permissions: [{ grantee: 'bob', permissions: ['SEND_AS', 'READ'] }] }, bob] },
      /users\[0\]\.permissions\[0\]\.permissions\[1\] must be one of FULL_ACCESS/],
    ['a repeated permission', { users: [{ ...alice, permissions: [{ grantee: 'bob', permissions: ['SEND_AS', 'SEND_AS'] }] }, bob] },
      /users\[0\]\.permissions\[0\]\.permissions\[1\] repeats SEND_AS/],
    ['grants without an email', { users: [{ name: 'carol', permissions: [{ grantee: 'bob', permissions: ['SEND_AS'] }] }, bob] },
      /users\[0\]\.permissions need an email/],
    ['grants on a group', { users: [bob], groups: [{ name: 'g', email: `g@${D}`, permissions: [{ grantee: 'bob', permissions: ['SEND_AS'] }] }] },
      /groups\[0\]\.permissions is not a known field/],
  ])('refuses %s, naming the field', (_, entities, message) => {
    expect(seedError(entities)).toMatch(message);
  });
});

const SEED: EmulatorSeed = {
  organizations: [{
    ...base,
    users: [
      { ...alice, permissions: [{ grantee: 'team', permissions: ['FULL_ACCESS'] }, { grantee: 'room-1', permissions: ['SEND_ON_BEHALF', 'SEND_AS'] }] },
      bob,
    ],
    groups: [{ name: 'team', email: `team@${D}`, members: ['bob'] }],
    resources: [{ ...room, permissions: [{ grantee: 'BOB', permissions: ['FULL_ACCESS', 'SEND_AS'] }] }],
  }],
};

describe('seed mailbox permissions: load and dump', () => {
  let first: RunningEmulator;
  let second: RunningEmulator | undefined;
  let wm: WorkMailClient;
  beforeAll(async () => {
    first = await startEmulator({ seed: SEED });
    wm = client(first.endpoint);
  });
  afterAll(async () => {
    wm.destroy();
    await first.close();
    await second?.close();
  });
  const state = async (emulator: RunningEmulator) => (await fetch(`${emulator.endpoint}/_emulator/state`)).text();

  test('seeded grants are listed by ListMailboxPermissions with the grantees\' ids (a resource as a USER)', async () => {
    const { Users } = await wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    const snapshot = first.snapshot().organizations[0];
    const idOf = (name: string) => [...snapshot.users, ...snapshot.groups, ...snapshot.resources].find((e) => e.name === name)!.id;
    const aliceId = Users!.find((u) => u.Name === 'alice')!.Id;
    const listed = await wm.send(new ListMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: aliceId }));
    expect(listed.Permissions).toEqual([
      { GranteeId: idOf('team'), GranteeType: 'GROUP', PermissionValues: ['FULL_ACCESS'] },
      { GranteeId: idOf('room-1'), GranteeType: 'USER', PermissionValues: ['SEND_ON_BEHALF', 'SEND_AS'] },
    ]);
    const onRoom = await wm.send(new ListMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: idOf('room-1') }));
    expect(onRoom.Permissions).toEqual([{ GranteeId: idOf('bob'), GranteeType: 'USER', PermissionValues: ['FULL_ACCESS', 'SEND_AS'] }]);
  });

  test('the dump (and GET /_emulator/state) gives the grants by name, only on mailboxes that have some; seeding with it dumps the same', async () => {
    const org = first.seed().organizations[0];
    expect(org.users!.map((u) => u.permissions)).toEqual([
      [{ grantee: 'team', permissions: ['FULL_ACCESS'] }, { grantee: 'room-1', permissions: ['SEND_ON_BEHALF', 'SEND_AS'] }],
      undefined,
    ]);
    expect(org.users![1]).not.toHaveProperty('permissions');
    expect(org.resources![0].permissions).toEqual([{ grantee: 'bob', permissions: ['FULL_ACCESS', 'SEND_AS'] }]);
    expect(JSON.parse(await state(first))).toEqual(first.seed());

    // Changed through the API: a Put replaces bob's values, a deleted grantee leaves every grant.
    await wm.send(new PutMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: 'room-1', GranteeId: 'bob', PermissionValues: ['SEND_ON_BEHALF'] }));
    await wm.send(new PutMailboxPermissionsCommand({ OrganizationId: ORG, EntityId: 'bob', GranteeId: 'alice', PermissionValues: ['SEND_AS'] }));
    await wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: 'room-1' }));
    await wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: 'room-1' }));
    const dump = await state(first);
    const changed = JSON.parse(dump) as EmulatorSeed;
    expect(changed.organizations[0].users!.map((u) => u.permissions)).toEqual([
      [{ grantee: 'team', permissions: ['FULL_ACCESS'] }],
      [{ grantee: 'alice', permissions: ['SEND_AS'] }],
    ]);

    second = await startEmulator({ seed: validateSeed(JSON.parse(dump)) });
    expect(await state(second)).toBe(dump);
  });
});
