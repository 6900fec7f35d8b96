import {
  CreateGroupCommand, CreateResourceCommand, CreateUserCommand, DeleteUserCommand, DeregisterFromWorkMailCommand, DescribeUserCommand,
  ListUsersCommand, RegisterToWorkMailCommand, ResetPasswordCommand, UpdateUserCommand,
} from '@aws-sdk/client-workmail';
import { DOMAIN, expectError, GOOD_PASSWORD, INACTIVE_ORG, MISSING_ORG, ORG, uniqueName, useEmulator } from './helpers';

const h = useEmulator();

async function createUser(name = uniqueName('user'), extra: Record<string, unknown> = {}): Promise<string> {
  const out = await h().wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: `Display ${name}`, ...extra }));
  return out.UserId!;
}

describe('CreateUser', () => {
  test('creates a DISABLED user without email, with the given attributes', async () => {
    const name = uniqueName('alice');
    const id = await createUser(name, { Password: GOOD_PASSWORD, FirstName: 'Alice', LastName: 'Liddell', HiddenFromGlobalAddressList: true });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const user = await h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }));
    expect(user).toMatchObject({
      UserId: id,
      Name: name,
      DisplayName: `Display ${name}`,
      State: 'DISABLED',
      UserRole: 'USER',
      FirstName: 'Alice',
      LastName: 'Liddell',
      HiddenFromGlobalAddressList: true,
    });
    expect(user.Email).toBeUndefined();
    expect(user.EnabledDate).toBeUndefined();
    const snap = h().emulator.snapshot().organizations[0].users.find((u) => u.id === id)!;
    expect(snap).toMatchObject({ name, state: 'DISABLED', aliases: [], hasPassword: true, hiddenFromGlobalAddressList: true });
    expect(snap.email).toBeUndefined();
    expect(h().emulator.checkPassword(ORG, id, GOOD_PASSWORD)).toBe(true);
    expect(h().emulator.checkPassword(ORG, id, 'Wrong-Passw0rd')).toBe(false);
  });

  test('Password is optional and REMOTE_USER is an allowed role', async () => {
    const id = await createUser(undefined, { Role: 'REMOTE_USER' });
    const user = await h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }));
    expect(user.UserRole).toBe('REMOTE_USER');
    expect(h().emulator.snapshot().organizations[0].users.find((u) => u.id === id)!.hasPassword).toBe(false);
  });

  test('names are unique across users, groups and resources, case-insensitively', async () => {
    const name = uniqueName('taken');
    await createUser(name);
    await expectError(createUser(name.toUpperCase()), 'NameAvailabilityException');
    await expectError(h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: name })), 'NameAvailabilityException');
    await expectError(h().wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: name, Type: 'ROOM' })), 'NameAvailabilityException');
  });

  test('reserved names are refused', async () => {
    await expectError(createUser('Administrator'), 'ReservedNameException');
  });

  test('a weak password is refused and never echoed', async () => {
    const e = await expectError(createUser(undefined, { Password: 'weakpass' }), 'InvalidPasswordException');
    expect(e.message).not.toContain('weakpass');
    await expectError(createUser(undefined, { Password: 'Sh0rt!' }), 'InvalidPasswordException');
  });

  test.each([
    ['Name', { Name: 'bad name!' }],
    ['Name', { Name: 'x'.repeat(65) }],
    ['DisplayName', { DisplayName: undefined }],
    ['Role', { Role: 'SYSTEM_USER' }],
    ['Role', { Role: 'BOSS' }],
    ['IdentityProviderUserId', { IdentityProviderUserId: 'not-a-guid' }],
    ['Password', { Password: 'Pass\u0100word1' }],
  ])('invalid %s is an InvalidParameterException naming it', async (member, override) => {
    const input = { OrganizationId: ORG, Name: uniqueName('p'), DisplayName: 'P', ...override } as never;
    const e = await expectError(h().wm.send(new CreateUserCommand(input)), 'InvalidParameterException');
    expect(e.message).toContain(member);
    expect(e.message).not.toContain('Pass\u0100word1');
  });

  test('organization errors', async () => {
    await expectError(h().wm.send(new CreateUserCommand({ OrganizationId: 'm-123', Name: 'x', DisplayName: 'x' })), 'InvalidParameterException');
    await expectError(h().wm.send(new CreateUserCommand({ OrganizationId: MISSING_ORG, Name: 'x', DisplayName: 'x' })), 'OrganizationNotFoundException');
    await expectError(h().wm.send(new CreateUserCommand({ OrganizationId: INACTIVE_ORG, Name: 'x', DisplayName: 'x' })), 'OrganizationStateException');
  });
});

describe('DescribeUser', () => {
  test('by id, by name (any case) and by primary email', async () => {
    const name = uniqueName('bob');
    const id = await createUser(name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}@${DOMAIN}` }));
    for (const key of [id, name, name.toUpperCase(), `${name}@${DOMAIN}`]) {
      const user = await h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: key }));
      expect(user.UserId).toBe(id);
    }
  });

  test('unknown user, a group id, and a bad identifier', async () => {
    await expectError(h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'nobody' })), 'EntityNotFoundException');
    const group = await h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: uniqueName('g') }));
    await expectError(h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: group.GroupId })), 'EntityNotFoundException');
    await expectError(h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'a b' })), 'InvalidParameterException');
    await expectError(h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: '' })), 'InvalidParameterException');
  });
});

describe('UpdateUser', () => {
  test('sets given members, leaves absent ones, clears with an empty string', async () => {
    const id = await createUser(undefined, { FirstName: 'Old', LastName: 'Name' });
    await h().wm.send(new UpdateUserCommand({
      OrganizationId: ORG,
      UserId: id,
      DisplayName: 'New Display',
      FirstName: '',
      JobTitle: 'Engineer',
      Office: 'B2',
      HiddenFromGlobalAddressList: true,
      Role: 'REMOTE_USER',
    }));
    const user = await h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }));
    expect(user).toMatchObject({ DisplayName: 'New Display', LastName: 'Name', JobTitle: 'Engineer', Office: 'B2', HiddenFromGlobalAddressList: true, UserRole: 'REMOTE_USER' });
    expect(user.FirstName).toBeUndefined();
    await h().wm.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, JobTitle: '' }));
    expect((await h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }))).JobTitle).toBeUndefined();
  });

  test('errors', async () => {
    await expectError(h().wm.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: 'nobody' })), 'EntityNotFoundException');
    const id = await createUser();
    await expectError(h().wm.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, Role: 'RESOURCE' })), 'InvalidParameterException');
    await expectError(h().wm.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, Telephone: 'x'.repeat(257) })), 'InvalidParameterException');
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: id }));
    await expectError(h().wm.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, DisplayName: 'x' })), 'EntityStateException');
  });
});

describe('ResetPassword', () => {
  test('sets a new password that checkPassword accepts', async () => {
    const id = await createUser(undefined, { Password: GOOD_PASSWORD });
    await h().wm.send(new ResetPasswordCommand({ OrganizationId: ORG, UserId: id, Password: 'N3w-Password' }));
    expect(h().emulator.checkPassword(ORG, id, 'N3w-Password')).toBe(true);
    expect(h().emulator.checkPassword(ORG, id, GOOD_PASSWORD)).toBe(false);
    expect(JSON.stringify(h().emulator.snapshot())).not.toContain('N3w-Password');
  });

  test('takes an id only, checks the policy, refuses deleted users', async () => {
    const name = uniqueName('resetbyname');
    const id = await createUser(name);
    await expectError(h().wm.send(new ResetPasswordCommand({ OrganizationId: ORG, UserId: name, Password: GOOD_PASSWORD })), 'EntityNotFoundException');
    await expectError(h().wm.send(new ResetPasswordCommand({ OrganizationId: ORG, UserId: 'short', Password: GOOD_PASSWORD })), 'InvalidParameterException');
    const weak = await expectError(h().wm.send(new ResetPasswordCommand({ OrganizationId: ORG, UserId: id, Password: 'aaaaaaaaaa' })), 'InvalidPasswordException');
    expect(weak.message).not.toContain('aaaaaaaaaa');
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: id }));
    await expectError(h().wm.send(new ResetPasswordCommand({ OrganizationId: ORG, UserId: id, Password: GOOD_PASSWORD })), 'EntityStateException');
  });
});

describe('DeleteUser', () => {
  test('only from DISABLED; the user stays describable as DELETED and its name is free again', async () => {
    const name = uniqueName('carol');
    const id = await createUser(name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}@${DOMAIN}` }));
    await expectError(h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: id })), 'EntityStateException');
    await h().wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: name }));
    const user = await h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }));
    expect(user.State).toBe('DELETED');
    const again = await createUser(name);
    expect(again).not.toBe(id);
    // Deleting again, or deleting an unknown id, is a success.
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: id }));
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: '00000000-0000-0000-0000-000000000000' }));
  });
});

describe('ListUsers', () => {
  test('lists DELETED users with their state and applies filters', async () => {
    const prefix = uniqueName('lst');
    const a = await createUser(`${prefix}a`);
    const b = await createUser(`${prefix}b`, { IdentityProviderUserId: '12345678-1234-1234-1234-123456789012' });
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: b, Email: `${prefix}b@${DOMAIN}` }));
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: a }));
    const all = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { UsernamePrefix: prefix.toUpperCase() } }));
    expect(all.Users!.map((u) => [u.Id, u.State])).toEqual([[a, 'DELETED'], [b, 'ENABLED']]);
    expect(all.Users![1]).toMatchObject({ Email: `${prefix}b@${DOMAIN}`, UserRole: 'USER', IdentityProviderUserId: '12345678-1234-1234-1234-123456789012' });
    expect(all.Users![1].EnabledDate).toBeInstanceOf(Date);
    const enabled = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { State: 'ENABLED' } }));
    expect(enabled.Users!.every((u) => u.State === 'ENABLED')).toBe(true);
    expect(enabled.Users!.map((u) => u.Id)).toContain(b);
    expect(enabled.Users!.map((u) => u.Id)).not.toContain(a);
    const byDisplayName = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { DisplayNamePrefix: `display ${prefix}a` } }));
    expect(byDisplayName.Users!.map((u) => u.Id)).toEqual([a]);
    const byEmail = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { PrimaryEmailPrefix: `${prefix}b@` } }));
    expect(byEmail.Users!.map((u) => u.Id)).toEqual([b]);
    const byIdp = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { IdentityProviderUserIdPrefix: '12345678-1234' } }));
    expect(byIdp.Users!.map((u) => u.Id)).toEqual([b]);
    await expectError(h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { State: 'GONE' as never } })), 'InvalidParameterException');
  });
});

describe('ListUsers Filters', () => {
  test('each filter of the model works on its own', async () => {
    const prefix = uniqueName('onef');
    const id = await createUser(`${prefix}x`, { IdentityProviderUserId: 'abcdef0123-12345678-1234-1234-1234-123456789abc' });
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${prefix}x@${DOMAIN}` }));
    const filters = [
      { UsernamePrefix: prefix },
      { DisplayNamePrefix: `Display ${prefix}` },
      { PrimaryEmailPrefix: `${prefix}x@` },
      { IdentityProviderUserIdPrefix: 'abcdef0123-1234' },
    ];
    for (const f of filters) {
      const out = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: f }));
      expect(out.Users!.map((u) => u.Id)).toEqual([id]);
    }
    const none = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: {} }));
    expect(none.Users!.map((u) => u.Id)).toContain(id);
  });

  test('more than one filter per request is an InvalidParameterException (the model allows one)', async () => {
    const e = await expectError(h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { UsernamePrefix: 'a', State: 'ENABLED' } })), 'InvalidParameterException');
    expect(e.message).toContain('Filters');
    await expectError(h().wm.send(new ListUsersCommand({ OrganizationId: ORG, Filters: { DisplayNamePrefix: 'a', PrimaryEmailPrefix: 'a' } })), 'InvalidParameterException');
  });
});

describe('length constraints', () => {
  test('count characters (Unicode code points), not UTF-16 units, as the model does', async () => {
    const emoji = '\u{1F600}';
    const id = await createUser(undefined, { DisplayName: emoji.repeat(256) });
    expect((await h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }))).DisplayName).toBe(emoji.repeat(256));
    const e = await expectError(createUser(undefined, { DisplayName: emoji.repeat(257) }), 'InvalidParameterException');
    expect(e.message).toContain('DisplayName');
  });
});
