import {
  AssociateDelegateToResourceCommand, CreateGroupCommand, CreateResourceCommand, CreateUserCommand, DeleteResourceCommand, DeleteUserCommand,
  DeregisterFromWorkMailCommand, DescribeResourceCommand, DisassociateDelegateFromResourceCommand, ListResourceDelegatesCommand,
  ListResourcesCommand, RegisterToWorkMailCommand, UpdateResourceCommand,
} from '@aws-sdk/client-workmail';
import { DOMAIN, expectError, ORG, uniqueName, useEmulator } from './helpers';

const h = useEmulator();

const createResource = async (name = uniqueName('res'), extra: Record<string, unknown> = {}) =>
  (await h().wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: name, Type: 'ROOM', ...extra }))).ResourceId!;
const createUser = async () => {
  const name = uniqueName('delegate');
  return (await h().wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }))).UserId!;
};
const describe_ = (id: string) => h().wm.send(new DescribeResourceCommand({ OrganizationId: ORG, ResourceId: id }));
const delegates = async (id: string) =>
  (await h().wm.send(new ListResourceDelegatesCommand({ OrganizationId: ORG, ResourceId: id }))).Delegates!;

describe('resources', () => {
  test('CreateResource: r- id, DISABLED, auto-accepting, with description', async () => {
    const name = uniqueName('room');
    const id = await createResource(name, { Type: 'EQUIPMENT', Description: 'Projector', HiddenFromGlobalAddressList: true });
    expect(id).toMatch(/^r-[0-9a-f]{32}$/);
    expect(await describe_(id)).toMatchObject({
      ResourceId: id,
      Name: name,
      Type: 'EQUIPMENT',
      State: 'DISABLED',
      Description: 'Projector',
      HiddenFromGlobalAddressList: true,
      BookingOptions: { AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: true },
    });
    expect(h().emulator.snapshot().organizations[0].resources.find((r) => r.id === id)).toMatchObject({
      type: 'EQUIPMENT', bookingOptions: { autoAcceptRequests: true }, delegates: [], aliases: [],
    });
  });

  test('CreateResource errors', async () => {
    await expectError(createResource('x'.repeat(21)), 'InvalidParameterException');
    await expectError(createResource(undefined, { Type: 'DESK' }), 'InvalidParameterException');
    await expectError(createResource(undefined, { Type: undefined }), 'InvalidParameterException');
    await expectError(createResource(undefined, { Description: '' }), 'InvalidParameterException');
    await expectError(createResource(undefined, { Description: 'd'.repeat(65) }), 'InvalidParameterException');
    await expectError(createResource('krbtgt'), 'ReservedNameException');
    const name = uniqueName('dup');
    await createResource(name);
    await expectError(createResource(name), 'NameAvailabilityException');
  });

  test('DescribeResource by name and email; not found', async () => {
    const name = uniqueName('byname');
    const id = await createResource(name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}@${DOMAIN}` }));
    expect((await describe_(name)).ResourceId).toBe(id);
    expect((await describe_(`${name}@${DOMAIN}`)).ResourceId).toBe(id);
    await expectError(describe_('r-00000000000000000000000000000000'), 'EntityNotFoundException');
  });

  test('UpdateResource: BookingOptions replaces all three flags; other members only when given', async () => {
    const id = await createResource(undefined, { Description: 'Old' });
    await h().wm.send(new UpdateResourceCommand({
      OrganizationId: ORG, ResourceId: id, BookingOptions: { AutoAcceptRequests: true, AutoDeclineRecurringRequests: true },
    }));
    let r = await describe_(id);
    expect(r.BookingOptions).toEqual({ AutoAcceptRequests: true, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: false });
    expect(r.Description).toBe('Old');
    const bookingOptions = { AutoAcceptRequests: true, AutoDeclineConflictingRequests: true };
    await h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, BookingOptions: bookingOptions }));
    r = await describe_(id);
    expect(r.BookingOptions).toEqual({ AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: true });
    const newName = uniqueName('renamed');
    await h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, Name: newName, Type: 'EQUIPMENT', Description: '', HiddenFromGlobalAddressList: true }));
    r = await describe_(id);
    expect(r).toMatchObject({ Name: newName, Type: 'EQUIPMENT', HiddenFromGlobalAddressList: true });
    expect(r.Description).toBeUndefined();
    expect(r.BookingOptions!.AutoDeclineConflictingRequests).toBe(true);
  });

  test('UpdateResource errors', async () => {
    const taken = uniqueName('taken');
    await createResource(taken);
    const id = await createResource();
    await expectError(h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, Name: taken.toUpperCase() })), 'NameAvailabilityException');
    await expectError(h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, Name: 'administrator' })), 'NameAvailabilityException');
    await expectError(h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, BookingOptions: {} })), 'InvalidConfigurationException');
    await expectError(h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, Type: 'DESK' as never })), 'InvalidParameterException');
    await expectError(h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: 'nothing' })), 'EntityNotFoundException');
    await h().wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: id }));
    await expectError(h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, Description: 'x' })), 'EntityStateException');
  });

  test('DeleteResource only from DISABLED; DELETED stays describable and listed', async () => {
    const name = uniqueName('gone');
    const id = await createResource(name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}@${DOMAIN}` }));
    await expectError(h().wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: id })), 'EntityStateException');
    await h().wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
    await h().wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: name }));
    expect((await describe_(id)).State).toBe('DELETED');
    const listed = await h().wm.send(new ListResourcesCommand({ OrganizationId: ORG, Filters: { NamePrefix: name } }));
    expect(listed.Resources).toEqual([expect.objectContaining({ Id: id, State: 'DELETED', Type: 'ROOM' })]);
    await h().wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: 'r-11111111111111111111111111111111' }));
  });

  test('ListResources filters', async () => {
    const name = uniqueName('flt');
    const id = await createResource(name, { Description: 'Big room' });
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}@${DOMAIN}` }));
    const byEmail = await h().wm.send(new ListResourcesCommand({ OrganizationId: ORG, Filters: { PrimaryEmailPrefix: `${name}@` } }));
    expect(byEmail.Resources).toEqual([expect.objectContaining({ Id: id, Name: name, Email: `${name}@${DOMAIN}`, Description: 'Big room', State: 'ENABLED' })]);
    const disabled = await h().wm.send(new ListResourcesCommand({ OrganizationId: ORG, Filters: { State: 'DISABLED' } }));
    expect(disabled.Resources!.every((r) => r.State === 'DISABLED')).toBe(true);
    expect(disabled.Resources!.map((r) => r.Id)).not.toContain(id);
  });
});

describe('delegates', () => {
  test('users and groups, idempotent, listed; auto-accept may be turned off once a delegate exists', async () => {
    const resource = await createResource();
    const user = await createUser();
    const groupName = uniqueName('dg');
    const group = (await h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: groupName }))).GroupId!;
    await h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: user }));
    await h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: user }));
    await h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: groupName }));
    expect(await delegates(resource)).toEqual([{ Id: user, Type: 'USER' }, { Id: group, Type: 'GROUP' }]);
    await h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: resource, BookingOptions: { AutoAcceptRequests: false } }));
    await h().wm.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: group }));
    // The last delegate of a resource that does not auto-accept cannot go.
    await expectError(h().wm.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: user })), 'EntityStateException');
    await h().wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: resource, BookingOptions: { AutoAcceptRequests: true } }));
    await h().wm.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: user }));
    await h().wm.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: user }));
    expect(await delegates(resource)).toEqual([]);
  });

  test('errors', async () => {
    const resource = await createResource();
    const other = await createResource();
    await expectError(h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: 'nobody' })), 'EntityNotFoundException');
    await expectError(h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: other })), 'EntityNotFoundException');
    await expectError(h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: 'nothing', EntityId: 'nobody' })), 'EntityNotFoundException');
    await expectError(h().wm.send(new ListResourceDelegatesCommand({ OrganizationId: ORG, ResourceId: 'nothing' })), 'EntityNotFoundException');
    const user = await createUser();
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: user }));
    await expectError(h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: user })), 'EntityStateException');
    await h().wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: resource }));
    await expectError(h().wm.send(new ListResourceDelegatesCommand({ OrganizationId: ORG, ResourceId: resource })), 'EntityStateException');
    const live = await createUser();
    await expectError(h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: live })), 'EntityStateException');
    await expectError(h().wm.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: live })), 'EntityStateException');
  });
});

describe('ListResources Filters', () => {
  test('two filters in one request are an InvalidParameterException', async () => {
    const twoFilters = new ListResourcesCommand({ OrganizationId: ORG, Filters: { NamePrefix: 'a', PrimaryEmailPrefix: 'a' } });
    const e = await expectError(h().wm.send(twoFilters), 'InvalidParameterException');
    expect(e.message).toContain('Filters');
    const name = uniqueName('rf');
    const id = await createResource(name);
    const byName = await h().wm.send(new ListResourcesCommand({ OrganizationId: ORG, Filters: { NamePrefix: name } }));
    expect(byName.Resources!.map((r) => r.Id)).toEqual([id]);
  });

  test('Description length counts characters, not UTF-16 units', async () => {
    const id = await createResource(undefined, { Description: '\u{1F4FD}'.repeat(64) });
    expect((await describe_(id)).Description).toBe('\u{1F4FD}'.repeat(64));
    await expectError(createResource(undefined, { Description: '\u{1F4FD}'.repeat(65) }), 'InvalidParameterException');
  });
});
