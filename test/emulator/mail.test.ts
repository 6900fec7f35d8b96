import {
  CreateAliasCommand, CreateGroupCommand, CreateResourceCommand, CreateUserCommand, DeleteAliasCommand, DeleteUserCommand,
  DeregisterFromWorkMailCommand, DescribeUserCommand, ListAliasesCommand, paginateListAliases, RegisterToWorkMailCommand,
  UpdatePrimaryEmailAddressCommand,
} from '@aws-sdk/client-workmail';
import { DOMAIN, expectError, OTHER_DOMAIN, ORG, UNVERIFIED_DOMAIN, uniqueName, useEmulator } from './helpers';

const h = useEmulator();

const newUser = async () => {
  const name = uniqueName('mail');
  const id = (await h().wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }))).UserId!;
  return { id, name, email: `${name}@${DOMAIN}` };
};
const register = (entityId: string, email: string) =>
  h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: entityId, Email: email }));
const deregister = (entityId: string) => h().wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: entityId }));
const describeUser = (id: string) => h().wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }));
const aliases = async (id: string) => (await h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: id }))).Aliases!;
const createAlias = (id: string, alias: string) => h().wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: id, Alias: alias }));

describe('RegisterToWorkMail / DeregisterFromWorkMail', () => {
  test('register enables with the email as primary; deregister disables and frees the addresses', async () => {
    const u = await newUser();
    const before = Date.now() / 1000;
    await register(u.name, u.email);
    let user = await describeUser(u.id);
    expect(user).toMatchObject({ State: 'ENABLED', Email: u.email });
    expect(user.EnabledDate!.getTime() / 1000).toBeGreaterThanOrEqual(Math.floor(before));
    expect(user.MailboxProvisionedDate).toBeInstanceOf(Date);
    await createAlias(u.id, `alias-${u.email}`);
    await deregister(u.email);
    user = await describeUser(u.id);
    expect(user.State).toBe('DISABLED');
    expect(user.Email).toBeUndefined();
    expect(user.DisabledDate).toBeInstanceOf(Date);
    expect(await aliases(u.id)).toEqual([]);
    // The freed addresses can go to someone else.
    const other = await newUser();
    await register(other.id, u.email);
    await createAlias(other.id, `alias-${u.email}`);
    // Deregistering a DISABLED entity is a success.
    await deregister(u.id);
  });

  test('domains: any domain of the organization, case-insensitive; others are refused', async () => {
    const u = await newUser();
    await register(u.id, `${u.name}@${OTHER_DOMAIN.toUpperCase()}`);
    expect((await describeUser(u.id)).Email).toBe(`${u.name}@${OTHER_DOMAIN.toUpperCase()}`);
    const v = await newUser();
    await expectError(register(v.id, `${v.name}@elsewhere.example.org`), 'MailDomainNotFoundException');
    await expectError(register(v.id, 'not-an-email'), 'InvalidParameterException');
  });

  test('an address in use as a primary or an alias, in any case, is refused', async () => {
    const a = await newUser();
    await register(a.id, a.email);
    await createAlias(a.id, `extra-${a.email}`);
    const b = await newUser();
    await expectError(register(b.id, a.email.toUpperCase()), 'EmailAddressInUseException');
    await expectError(register(b.id, `extra-${a.email}`), 'EmailAddressInUseException');
  });

  test('groups and resources register too; state errors', async () => {
    const groupName = uniqueName('mg');
    const group = (await h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: groupName }))).GroupId!;
    await register(group, `${groupName}@${DOMAIN}`);
    const resName = uniqueName('mr');
    const resource = (await h().wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: resName, Type: 'ROOM' }))).ResourceId!;
    await register(resName, `${resName}@${DOMAIN}`);
    const snap = h().emulator.snapshot().organizations[0];
    expect(snap.groups.find((g) => g.id === group)).toMatchObject({ state: 'ENABLED', email: `${groupName}@${DOMAIN}` });
    expect(snap.resources.find((r) => r.id === resource)).toMatchObject({ state: 'ENABLED', email: `${resName}@${DOMAIN}` });
    expect(snap.resources.find((r) => r.id === resource)!.enabledDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expectError(register(group, `again-${groupName}@${DOMAIN}`), 'EntityAlreadyRegisteredException');
    const u = await newUser();
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: u.id }));
    await expectError(register(u.id, u.email), 'EntityStateException');
    await expectError(deregister(u.id), 'EntityStateException');
    await expectError(register('nobody', `nobody@${DOMAIN}`), 'EntityNotFoundException');
    await expectError(deregister('nobody'), 'EntityNotFoundException');
  });

  test('RegisterToWorkMail takes an id or a name, not an email', async () => {
    const u = await newUser();
    await register(u.id, u.email);
    await deregister(u.id);
    await register(u.name, u.email);
    await deregister(u.id);
    const v = await newUser();
    await register(v.id, v.email);
    await expectError(register(v.email, `second-${v.email}`), 'EntityNotFoundException');
  });
});

describe('UpdatePrimaryEmailAddress', () => {
  const update = (entityId: string, email: string) =>
    h().wm.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ORG, EntityId: entityId, Email: email }));

  test('the old primary becomes an alias; an alias swaps with the primary', async () => {
    const u = await newUser();
    await register(u.id, u.email);
    const second = `second-${u.email}`;
    await update(u.name, second);
    expect((await describeUser(u.id)).Email).toBe(second);
    expect(await aliases(u.id)).toEqual([second, u.email]);
    await update(second, u.email);
    expect(await aliases(u.id)).toEqual([u.email, second]);
    expect(h().emulator.snapshot().organizations[0].users.find((x) => x.id === u.id)!.aliases).toEqual([second]);
    // Same address: nothing to do.
    await update(u.id, u.email);
    expect(await aliases(u.id)).toEqual([u.email, second]);
  });

  test('errors', async () => {
    const u = await newUser();
    await expectError(update(u.id, u.email), 'EntityStateException');
    await register(u.id, u.email);
    const other = await newUser();
    await register(other.id, other.email);
    await expectError(update(u.id, other.email), 'EmailAddressInUseException');
    await expectError(update(u.id, `${u.name}@nowhere.example.net`), 'MailDomainNotFoundException');
    await expectError(update(u.id, 'bad@'), 'InvalidParameterException');
    await expectError(update('nobody', `nobody@${DOMAIN}`), 'EntityNotFoundException');
  });
});

describe('aliases', () => {
  test('create, list (primary first), delete; idempotent', async () => {
    const u = await newUser();
    await register(u.id, u.email);
    const a1 = `a1-${u.email}`;
    const a2 = `a2-${u.name}@${OTHER_DOMAIN}`;
    await createAlias(u.id, a1);
    await createAlias(u.id, a2);
    await createAlias(u.id, a1.toUpperCase());
    expect(await aliases(u.id)).toEqual([u.email, a1, a2]);
    await h().wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: u.id, Alias: a1 }));
    await h().wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: u.id, Alias: a1 }));
    expect(await aliases(u.id)).toEqual([u.email, a2]);
    // An alias does not resolve an entity; only a primary address does.
    await expectError(describeUser(a2), 'EntityNotFoundException');
  });

  test('errors', async () => {
    const u = await newUser();
    await expectError(createAlias(u.id, `x-${u.email}`), 'EntityStateException');
    await expectError(h().wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: u.id, Alias: `x-${u.email}` })), 'EntityStateException');
    expect(await aliases(u.id)).toEqual([]);
    await register(u.id, u.email);
    await expectError(createAlias(u.id, u.email), 'EmailAddressInUseException');
    await expectError(createAlias(u.id, `x-${u.name}@unknown.example.net`), 'MailDomainNotFoundException');
    await expectError(createAlias(u.id, 'no-at-sign'), 'InvalidParameterException');
    await expectError(h().wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: u.id, Alias: u.email })), 'InvalidParameterException');
    // The alias operations take an id only.
    await expectError(createAlias(u.name.padEnd(12, '0'), `x-${u.email}`), 'EntityNotFoundException');
    await expectError(createAlias('short', `x-${u.email}`), 'InvalidParameterException');
    await expectError(h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: '000000000000-none' })), 'EntityNotFoundException');
    const other = await newUser();
    await register(other.id, other.email);
    await expectError(createAlias(u.id, other.email), 'EmailAddressInUseException');
  });

  test('at most 100 aliases per entity: LimitExceededException', async () => {
    const u = await newUser();
    await register(u.id, u.email);
    for (let i = 0; i < 100; i++) await createAlias(u.id, `n${i}-${u.email}`);
    await expectError(createAlias(u.id, `n100-${u.email}`), 'LimitExceededException');
    // 101 addresses with the primary: more than one default page.
    const first = await h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: u.id }));
    expect(first.Aliases!.length).toBe(100);
    const all: string[] = [];
    for await (const page of paginateListAliases({ client: h().wm }, { OrganizationId: ORG, EntityId: u.id })) all.push(...page.Aliases!);
    expect(all.length).toBe(101);
    expect(new Set(all).size).toBe(101);
  });

  test('ListAliases of a DELETED entity: EntityStateException', async () => {
    const u = await newUser();
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: u.id }));
    await expectError(h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: u.id })), 'EntityStateException');
  });
});

describe('unverified domains', () => {
  test('an address in a domain added but not verified: MailDomainStateException', async () => {
    const u = await newUser();
    await expectError(register(u.id, `${u.name}@${UNVERIFIED_DOMAIN}`), 'MailDomainStateException');
    expect((await describeUser(u.id)).State).toBe('DISABLED');
    await register(u.id, u.email);
    await expectError(createAlias(u.id, `${u.name}@${UNVERIFIED_DOMAIN.toUpperCase()}`), 'MailDomainStateException');
    await expectError(h().wm.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ORG, EntityId: u.id, Email: `${u.name}@${UNVERIFIED_DOMAIN}` })),
      'MailDomainStateException');
    expect(await aliases(u.id)).toEqual([u.email]);
    expect(h().emulator.snapshot().organizations[0].unverifiedDomains).toEqual([UNVERIFIED_DOMAIN]);
  });
});

describe('ListAliases pages', () => {
  test('removing an alias between pages neither repeats nor skips the others', async () => {
    const u = await newUser();
    await register(u.id, u.email);
    const all = ['a', 'b', 'c', 'd'].map((x) => `${x}-${u.email}`);
    for (const a of all) await createAlias(u.id, a);
    const first = await h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: u.id, MaxResults: 2 }));
    expect(first.Aliases).toEqual([u.email, all[0]]);
    await h().wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: u.id, Alias: all[0] }));
    const second = await h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: u.id, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.Aliases).toEqual([all[1], all[2]]);
    const third = await h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: u.id, MaxResults: 2, NextToken: second.NextToken }));
    expect(third.Aliases).toEqual([all[3]]);
    expect(third.NextToken).toBeUndefined();
  });
});
