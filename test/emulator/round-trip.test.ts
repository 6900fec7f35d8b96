import {
  AssociateDelegateToResourceCommand, AssociateMemberToGroupCommand, CreateAliasCommand, CreateGroupCommand, CreateResourceCommand,
  CreateUserCommand, DeleteUserCommand, DeregisterFromWorkMailCommand, DisassociateMemberFromGroupCommand, RegisterToWorkMailCommand,
  UpdateGroupCommand, UpdatePrimaryEmailAddressCommand, UpdateResourceCommand, UpdateUserCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { client, GOOD_PASSWORD } from './helpers';
import { EmulatorSeed, RunningEmulator, startEmulator, validateSeed } from '../../local/emulator';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const D = 'acme.example.com';
const SEED: EmulatorSeed = {
  organizations: [
    {
      id: ORG,
      alias: 'acme',
      defaultMailDomain: D,
      domains: [D, 'other.example.com'],
      unverifiedDomains: ['pending.example.com'],
      users: [{ name: 'alice', displayName: 'Alice Liddell', email: `alice@${D}`, aliases: [`a.liddell@${D}`], jobTitle: 'Engineer' }],
      groups: [{ name: 'team-a', email: `team-a@${D}`, members: ['alice'] }],
      resources: [{ name: 'room-1', type: 'ROOM', email: `room-1@${D}`, bookingOptions: { autoAcceptRequests: false }, delegates: ['alice'] }],
    },
    { id: 'm-fedcba9876543210fedcba9876543210', alias: 'old', defaultMailDomain: 'old.example.com', domains: ['old.example.com'], state: 'Impaired' },
  ],
};

async function getState(emulator: RunningEmulator): Promise<string> {
  const res = await fetch(`${emulator.endpoint}/_emulator/state`);
  expect(res.status).toBe(200);
  return res.text();
}

/** Creates, changes and deletes entities of every kind through the API. */
async function mutate(wm: WorkMailClient): Promise<void> {
  const send = wm.send.bind(wm);
  const o = { OrganizationId: ORG };
  const { UserId: carol } = await send(new CreateUserCommand({ ...o, Name: 'carol', DisplayName: 'Carol', FirstName: 'Carol', Password: GOOD_PASSWORD }));
  await send(new RegisterToWorkMailCommand({ ...o, EntityId: carol, Email: `carol@${D}` }));
  await send(new CreateAliasCommand({ ...o, EntityId: carol!, Alias: `c@${D}` }));
  await send(new CreateAliasCommand({ ...o, EntityId: carol!, Alias: 'carol@other.example.com' }));
  // The old primary becomes an alias at the end of the list.
  await send(new UpdatePrimaryEmailAddressCommand({ ...o, EntityId: carol, Email: `c@${D}` }));
  await send(new UpdateUserCommand({ ...o, UserId: carol, Telephone: '555', City: 'Leeds', HiddenFromGlobalAddressList: true, LastName: 'Ng' }));
  await send(new UpdateUserCommand({ ...o, UserId: 'alice', DisplayName: '', JobTitle: '', Initials: 'AL' }));
  const { UserId: dave } = await send(new CreateUserCommand({ ...o, Name: 'dave', DisplayName: 'Dave' }));
  const { UserId: gone } = await send(new CreateUserCommand({ ...o, Name: 'gone', DisplayName: 'Gone' }));
  await send(new RegisterToWorkMailCommand({ ...o, EntityId: gone, Email: `gone@${D}` }));
  await send(new AssociateMemberToGroupCommand({ ...o, GroupId: 'team-a', MemberId: gone }));
  await send(new DeregisterFromWorkMailCommand({ ...o, EntityId: gone }));
  await send(new DeleteUserCommand({ ...o, UserId: gone }));

  const { GroupId: teamB } = await send(new CreateGroupCommand({ ...o, Name: 'Team B (ops)', HiddenFromGlobalAddressList: true }));
  await send(new AssociateMemberToGroupCommand({ ...o, GroupId: teamB, MemberId: dave }));
  await send(new AssociateMemberToGroupCommand({ ...o, GroupId: teamB, MemberId: carol }));
  await send(new AssociateMemberToGroupCommand({ ...o, GroupId: 'team-a', MemberId: teamB }));
  await send(new DisassociateMemberFromGroupCommand({ ...o, GroupId: teamB, MemberId: dave }));
  await send(new AssociateMemberToGroupCommand({ ...o, GroupId: teamB, MemberId: dave }));
  await send(new UpdateGroupCommand({ ...o, GroupId: 'team-a', HiddenFromGlobalAddressList: true }));

  const { ResourceId: desk } = await send(new CreateResourceCommand({ ...o, Name: 'desk-1', Type: 'EQUIPMENT', Description: 'Standing desk' }));
  await send(new RegisterToWorkMailCommand({ ...o, EntityId: desk, Email: `desk-1@${D}` }));
  await send(new CreateAliasCommand({ ...o, EntityId: desk!, Alias: `desk@${D}` }));
  await send(new AssociateDelegateToResourceCommand({ ...o, ResourceId: desk, EntityId: teamB }));
  await send(new AssociateDelegateToResourceCommand({ ...o, ResourceId: desk, EntityId: carol }));
  await send(new UpdateResourceCommand({
    ...o,
    ResourceId: desk,
    Name: 'desk-2',
    HiddenFromGlobalAddressList: true,
    BookingOptions: { AutoAcceptRequests: false, AutoDeclineConflictingRequests: true },
  }));
  await send(new UpdateResourceCommand({ ...o, ResourceId: 'room-1', Description: '' }));
  await send(new CreateResourceCommand({ ...o, Name: 'room-2', Type: 'ROOM' }));
}

describe('state dump in the seed shape', () => {
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

  test('a seed without changes dumps with every array and boolean written out and only the strings that hold a value', () => {
    const org = first.seed().organizations[0];
    expect(org.users).toEqual([{
      name: 'alice',
      displayName: 'Alice Liddell',
      email: `alice@${D}`,
      aliases: [`a.liddell@${D}`],
      jobTitle: 'Engineer',
      hiddenFromAddressList: false,
      mailboxQuota: 51200,
      mailboxSize: 0,
    }]);
    expect(first.seed().organizations[1]).toEqual({
      id: 'm-fedcba9876543210fedcba9876543210',
      alias: 'old',
      defaultMailDomain: 'old.example.com',
      domains: ['old.example.com'],
      unverifiedDomains: [],
      mailDomains: [expect.objectContaining({ domainName: 'old.example.com', isDefault: true, ownershipVerificationStatus: 'VERIFIED' })],
      state: 'Impaired',
      users: [],
      groups: [],
      resources: [],
    });
  });

  test('seed, change through the API, dump, seed a second emulator with the dump, dump again: identical JSON', async () => {
    await mutate(wm);
    const dump = await getState(first);
    expect(await getState(first)).toBe(dump);
    expect(JSON.parse(dump)).toEqual(first.seed());

    const org = first.seed().organizations[0];
    expect(org.users).toEqual([
      {
        name: 'alice',
        displayName: '',
        email: `alice@${D}`,
        aliases: [`a.liddell@${D}`],
        initials: 'AL',
        hiddenFromAddressList: false,
        mailboxQuota: 51200,
        mailboxSize: 0,
      },
      {
        name: 'carol',
        displayName: 'Carol',
        email: `c@${D}`,
        aliases: ['carol@other.example.com', `carol@${D}`],
        firstName: 'Carol',
        lastName: 'Ng',
        city: 'Leeds',
        telephone: '555',
        hiddenFromAddressList: true,
        mailboxQuota: 51200,
        mailboxSize: 0,
      },
      { name: 'dave', displayName: 'Dave', aliases: [], hiddenFromAddressList: false },
    ]);
    expect(org.groups).toEqual([
      { name: 'team-a', email: `team-a@${D}`, aliases: [], hiddenFromAddressList: true, members: ['alice', 'Team B (ops)'] },
      { name: 'Team B (ops)', aliases: [], hiddenFromAddressList: true, members: ['carol', 'dave'] },
    ]);
    expect(org.resources).toEqual([
      {
        name: 'room-1',
        type: 'ROOM',
        email: `room-1@${D}`,
        aliases: [],
        bookingOptions: { autoAcceptRequests: false, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true },
        delegates: ['alice'],
        hiddenFromAddressList: false,
      },
      {
        name: 'desk-2',
        type: 'EQUIPMENT',
        email: `desk-1@${D}`,
        aliases: [`desk@${D}`],
        description: 'Standing desk',
        bookingOptions: { autoAcceptRequests: false, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true },
        delegates: ['Team B (ops)', 'carol'],
        hiddenFromAddressList: true,
      },
      {
        name: 'room-2',
        type: 'ROOM',
        aliases: [],
        bookingOptions: { autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true },
        delegates: [],
        hiddenFromAddressList: false,
      },
    ]);

    second = await startEmulator({ seed: validateSeed(JSON.parse(dump)) });
    expect(await getState(second)).toBe(dump);
    // The seeded copy holds new ids but the same relations.
    const [a, b] = [first.snapshot().organizations[0], second.snapshot().organizations[0]];
    expect(b.users.map((u) => u.id)).not.toEqual(a.users.filter((u) => u.state !== 'DELETED').map((u) => u.id));
    expect(b.users.map((u) => u.hasPassword)).toEqual([false, false, false]);
  });
});
