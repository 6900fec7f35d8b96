import {
  DescribeGroupCommand, DescribeResourceCommand, DescribeUserCommand, ListAliasesCommand, ListGroupMembersCommand, ListResourceDelegatesCommand,
  ListUsersCommand, ListGroupsCommand, ListResourcesCommand,
} from '@aws-sdk/client-workmail';
import { client } from './helpers';
import { EmulatorSeed, RunningEmulator, SeedError, SeedOrganization, startEmulator, validateSeed } from '../../local/emulator';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const base: SeedOrganization = {
  id: ORG, alias: 'acme', defaultMailDomain: 'acme.example.com', domains: ['acme.example.com'], unverifiedDomains: ['pending.example.com'],
};
const seedWith = (entities: Partial<SeedOrganization> | Record<string, unknown>): unknown => ({ organizations: [{ ...base, ...entities }] });

/** The SeedError message for an organization with these entity lists. */
function seedError(entities: Record<string, unknown>): string {
  try {
    validateSeed(seedWith(entities));
  } catch (e) {
    expect(e).toBeInstanceOf(SeedError);
    return (e as Error).message;
  }
  throw new Error('the seed was accepted');
}

const alice = { name: 'alice', email: 'alice@acme.example.com' };
const bob = { name: 'bob' };

describe('seed entities: validation', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['users not an array', { users: {} }, /organizations\[0\]\.users must be an array/],
    ['an entity not an object', { users: ['alice'] }, /organizations\[0\]\.users\[0\] must be an object/],
    ['an unknown user field', { users: [{ ...alice, password: 'x' }] }, /organizations\[0\]\.users\[0\]\.password is not a known field/],
    ['an unknown group field', { groups: [{ name: 'g', owner: 'alice' }] }, /organizations\[0\]\.groups\[0\]\.owner is not a known field/],
    ['an unknown booking option', { resources: [{ name: 'r', type: 'ROOM', bookingOptions: { autoAccept: true } }] },
      /organizations\[0\]\.resources\[0\]\.bookingOptions\.autoAccept is not a known field/],
    ['a missing name', { users: [{ email: 'x@acme.example.com' }] }, /organizations\[0\]\.users\[0\]\.name is required/],
    ['a user name off the pattern', { users: [alice, { name: 'bad name' }] }, /organizations\[0\]\.users\[1\]\.name must satisfy the pattern/],
    ['a user name too long', { users: [{ name: 'u'.repeat(65) }] }, /users\[0\]\.name must be at most 64 characters/],
    ['a resource name too long', { resources: [{ name: 'r'.repeat(21), type: 'ROOM' }] }, /resources\[0\]\.name must be at most 20 characters/],
    ['a group name outside Latin-1', { groups: [{ name: 'team \u0100' }] }, /groups\[0\]\.name must satisfy the pattern/],
    ['a display name too long', { users: [{ name: 'carol', displayName: 'd'.repeat(257) }] }, /users\[0\]\.displayName must be at most 256/],
    ['an attribute not a string', { users: [{ name: 'carol', jobTitle: 7 }] }, /users\[0\]\.jobTitle must be a string/],
    ['an empty description', { resources: [{ name: 'r', type: 'ROOM', description: '' }] }, /resources\[0\]\.description must be at least 1/],
    ['a description too long', { resources: [{ name: 'r', type: 'ROOM', description: 'd'.repeat(65) }] }, /description must be at most 64/],
    ['a missing resource type', { resources: [{ name: 'r' }] }, /resources\[0\]\.type must be one of ROOM, EQUIPMENT/],
    ['a bad resource type', { resources: [{ name: 'r', type: 'DESK' }] }, /resources\[0\]\.type must be one of ROOM, EQUIPMENT/],
    ['hiddenFromAddressList not a boolean', { groups: [{ name: 'g', hiddenFromAddressList: 'yes' }] }, /groups\[0\]\.hiddenFromAddressList must be true or false/],
    ['a booking option not a boolean', { resources: [{ name: 'r', type: 'ROOM', bookingOptions: { autoDeclineRecurringRequests: 1 } }] },
      /resources\[0\]\.bookingOptions\.autoDeclineRecurringRequests must be true or false/],
    ['a malformed email', { users: [{ name: 'carol', email: 'carol@' }] }, /users\[0\]\.email must satisfy the pattern/],
    ['an email in a foreign domain', { users: [{ name: 'carol', email: 'carol@other.example.com' }] },
      /users\[0\]\.email carol@other\.example\.com is not in a domain of organization m-0123/],
    ['an email in an unverified domain', { groups: [{ name: 'g', email: 'g@pending.example.com' }] }, /groups\[0\]\.email .* which is not verified/],
    ['an alias in a foreign domain', { users: [{ ...alice, aliases: ['a@other.example.com'] }] }, /users\[0\]\.aliases\[0\] .* not in a domain/],
    ['aliases without an email', { users: [{ name: 'carol', aliases: ['c@acme.example.com'] }] }, /users\[0\]\.aliases need an email/],
    ['aliases not an array', { users: [{ ...alice, aliases: 'a@acme.example.com' }] }, /users\[0\]\.aliases must be an array/],
    ['more than 100 aliases', { users: [{ ...alice, aliases: Array.from({ length: 101 }, (_, i) => `a${i}@acme.example.com`) }] },
      /users\[0\]\.aliases must hold at most 100/],
    ['a name used twice across kinds, in another case', { users: [alice], groups: [{ name: 'ALICE' }] },
      /groups\[0\]\.name ALICE is already the name of organizations\[0\]\.users\[0\]/],
    ['a reserved name', { users: [{ name: 'Administrator' }] }, /users\[0\]\.name Administrator is a reserved name/],
    ['a primary address used twice', { users: [alice], groups: [{ name: 'g', email: 'Alice@acme.example.com' }] },
      /groups\[0\]\.email Alice@acme\.example\.com is already used by organizations\[0\]\.users\[0\]\.email/],
    ['an alias that is another primary', { users: [alice, { name: 'bob', email: 'bob@acme.example.com', aliases: ['alice@acme.example.com'] }] },
      /users\[1\]\.aliases\[0\] .* already used by organizations\[0\]\.users\[0\]\.email/],
    ['an alias equal to its own primary', { users: [{ ...alice, aliases: ['alice@acme.example.com'] }] }, /users\[0\]\.aliases\[0\] .* already used/],
    ['an unknown member', { users: [alice], groups: [{ name: 'g', members: ['alice', 'nobody'] }] },
      /organizations\[0\]\.groups\[0\]\.members\[1\] nobody is not a user or group of organization/],
    ['a resource as member', { resources: [{ name: 'room', type: 'ROOM' }], groups: [{ name: 'g', members: ['room'] }] },
      /groups\[0\]\.members\[0\] room is a resource/],
    ['a repeated member', { users: [alice], groups: [{ name: 'g', members: ['alice', 'Alice'] }] }, /groups\[0\]\.members\[1\] repeats Alice/],
    ['members not an array', { groups: [{ name: 'g', members: 'alice' }] }, /groups\[0\]\.members must be an array/],
    ['a group in itself', { groups: [{ name: 'g', members: ['g'] }] }, /groups\[0\]\.members\[0\] g would make group g a member of itself/],
    ['a group in itself through others', {
      groups: [{ name: 'a', members: ['b'] }, { name: 'b', members: ['c'] }, { name: 'c', members: ['a'] }],
    }, /groups\[0\]\.members\[0\] b would make group a a member of itself/],
    ['an unknown delegate', { resources: [{ name: 'room', type: 'ROOM', delegates: ['nobody'] }] },
      /resources\[0\]\.delegates\[0\] nobody is not a user or group/],
    ['a resource as delegate', { resources: [{ name: 'room', type: 'ROOM' }, { name: 'desk', type: 'EQUIPMENT', delegates: ['room'] }] },
      /resources\[1\]\.delegates\[0\] room is a resource/],
    ['no auto-accept without a delegate', { resources: [{ name: 'room', type: 'ROOM', bookingOptions: { autoAcceptRequests: false } }] },
      /resources\[0\]\.bookingOptions\.autoAcceptRequests can be false only on a resource with at least one delegate/],
  ])('refuses %s, naming the field', (_, entities, message) => {
    expect(seedError(entities)).toMatch(message);
  });

  test('names the organization by its index', () => {
    const other = { id: 'm-1123456789abcdef0123456789abcdef', alias: 'other', defaultMailDomain: 'other.example.com', domains: ['other.example.com'] };
    expect(() => validateSeed({ organizations: [base, { ...other, users: [alice] }] }))
      .toThrow(/organizations\[1\]\.users\[0\]\.email .* not in a domain of organization m-1123/);
  });

  test('a valid seed with entities is returned as given; an organization without them gets no entity keys', () => {
    const entities = {
      users: [{ ...alice, aliases: ['a.liddell@acme.example.com'], jobTitle: 'Engineer' }, bob],
      groups: [{ name: 'Team A', email: 'team-a@acme.example.com', members: ['alice', 'team-b'] }, { name: 'team-b', members: ['BOB'] }],
      resources: [{ name: 'room-1', type: 'ROOM', bookingOptions: { autoAcceptRequests: false }, delegates: ['team a'] }],
    };
    const seed = validateSeed(seedWith(entities));
    expect(seed.organizations[0]).toMatchObject(entities);
    expect(validateSeed({ organizations: [base] }).organizations[0]).not.toHaveProperty('users');
  });
});

const SEED: EmulatorSeed = {
  organizations: [{
    ...base,
    users: [
      {
        name: 'alice',
        displayName: 'Alice Liddell',
        email: 'alice@acme.example.com',
        aliases: ['a.liddell@acme.example.com', 'al@acme.example.com'],
        firstName: 'Alice',
        lastName: 'Liddell',
        initials: 'AL',
        jobTitle: 'Engineer',
        department: 'R&D',
        company: 'Acme',
        office: 'B2',
        street: '1 Main St',
        city: 'Oxford',
        zipCode: 'OX1',
        country: 'UK',
        telephone: '+44 1865',
        hiddenFromAddressList: true,
      },
      { name: 'bob' },
    ],
    groups: [
      { name: 'team-a', email: 'team-a@acme.example.com', aliases: ['a-team@acme.example.com'], members: ['alice', 'team-b'] },
      { name: 'team-b', members: ['bob'], hiddenFromAddressList: true },
    ],
    resources: [
      {
        name: 'room-1',
        type: 'ROOM',
        email: 'room-1@acme.example.com',
        description: 'Big room',
        bookingOptions: { autoAcceptRequests: false, autoDeclineRecurringRequests: true },
        delegates: ['alice', 'team-a'],
      },
      { name: 'beamer', type: 'EQUIPMENT' },
    ],
  }],
};

describe('seed entities: readable through the API', () => {
  let emulator: RunningEmulator;
  const wm = () => client(emulator.endpoint);
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED });
  });
  afterAll(() => emulator.close());

  test('users: enabled with their email and attributes, or disabled; display name defaults to the name; no password', async () => {
    const c = wm();
    const users = (await c.send(new ListUsersCommand({ OrganizationId: ORG }))).Users!;
    expect(users.map((u) => [u.Name, u.State, u.Email, u.DisplayName, u.UserRole])).toEqual([
      ['alice', 'ENABLED', 'alice@acme.example.com', 'Alice Liddell', 'USER'],
      ['bob', 'DISABLED', undefined, 'bob', 'USER'],
    ]);
    expect(users[0].EnabledDate).toBeInstanceOf(Date);
    const a = await c.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'alice' }));
    expect(a).toMatchObject({
      FirstName: 'Alice',
      LastName: 'Liddell',
      Initials: 'AL',
      JobTitle: 'Engineer',
      Department: 'R&D',
      Company: 'Acme',
      Office: 'B2',
      Street: '1 Main St',
      City: 'Oxford',
      ZipCode: 'OX1',
      Country: 'UK',
      Telephone: '+44 1865',
      HiddenFromGlobalAddressList: true,
    });
    expect(a.MailboxProvisionedDate).toBeInstanceOf(Date);
    const b = await c.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'bob' }));
    expect(b.HiddenFromGlobalAddressList).toBe(false);
    expect(b.EnabledDate).toBeUndefined();
    expect(emulator.snapshot().organizations[0].users.map((u) => u.hasPassword)).toEqual([false, false]);
    const aliases = await c.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: a.UserId }));
    expect(aliases.Aliases).toEqual(['alice@acme.example.com', 'a.liddell@acme.example.com', 'al@acme.example.com']);
    c.destroy();
  });

  test('groups: members by name, nested groups, hidden flag, aliases', async () => {
    const c = wm();
    const groups = (await c.send(new ListGroupsCommand({ OrganizationId: ORG }))).Groups!;
    expect(groups.map((g) => [g.Name, g.State, g.Email])).toEqual([['team-a', 'ENABLED', 'team-a@acme.example.com'], ['team-b', 'DISABLED', undefined]]);
    const members = await c.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: 'team-a' }));
    expect(members.Members!.map((m) => [m.Name, m.Type])).toEqual([['alice', 'USER'], ['team-b', 'GROUP']]);
    const b = await c.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: 'team-b' }));
    expect(b.HiddenFromGlobalAddressList).toBe(true);
    expect((await c.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: b.GroupId }))).Members!.map((m) => m.Name)).toEqual(['bob']);
    const aliases = await c.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: groups[0].Id }));
    expect(aliases.Aliases).toEqual(['team-a@acme.example.com', 'a-team@acme.example.com']);
    c.destroy();
  });

  test('resources: type, description, booking options with defaults, delegates', async () => {
    const c = wm();
    const resources = (await c.send(new ListResourcesCommand({ OrganizationId: ORG }))).Resources!;
    expect(resources.map((r) => [r.Name, r.Type, r.State])).toEqual([['room-1', 'ROOM', 'ENABLED'], ['beamer', 'EQUIPMENT', 'DISABLED']]);
    expect(resources[0].Id).toMatch(/^r-[0-9a-f]{32}$/);
    const room = await c.send(new DescribeResourceCommand({ OrganizationId: ORG, ResourceId: 'room-1' }));
    expect(room).toMatchObject({
      Email: 'room-1@acme.example.com',
      Description: 'Big room',
      BookingOptions: { AutoAcceptRequests: false, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: true },
    });
    const beamer = await c.send(new DescribeResourceCommand({ OrganizationId: ORG, ResourceId: 'beamer' }));
    expect(beamer.BookingOptions).toEqual({ AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: true });
    const delegates = await c.send(new ListResourceDelegatesCommand({ OrganizationId: ORG, ResourceId: 'room-1' }));
    const aliceUser = await c.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'alice' }));
    const teamA = await c.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: 'team-a' }));
    expect(delegates.Delegates).toEqual([{ Id: aliceUser.UserId, Type: 'USER' }, { Id: teamA.GroupId, Type: 'GROUP' }]);
    c.destroy();
  });
});
