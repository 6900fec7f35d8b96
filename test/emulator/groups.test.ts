import {
  AssociateMemberToGroupCommand, CreateGroupCommand, CreateResourceCommand, CreateUserCommand, DeleteGroupCommand, DeleteUserCommand,
  DeregisterFromWorkMailCommand, DescribeGroupCommand, DisassociateMemberFromGroupCommand, ListGroupMembersCommand, ListGroupsCommand,
  RegisterToWorkMailCommand, UpdateGroupCommand,
} from '@aws-sdk/client-workmail';
import { DOMAIN, expectError, INACTIVE_ORG, ORG, uniqueName, useEmulator } from './helpers';

const h = useEmulator();

const createGroup = async (name = uniqueName('group'), hidden?: boolean) =>
  (await h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: name, HiddenFromGlobalAddressList: hidden }))).GroupId!;
const createUser = async (name = uniqueName('member')) =>
  (await h().wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }))).UserId!;
const members = async (groupId: string) =>
  (await h().wm.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: groupId }))).Members!;

describe('groups', () => {
  test('CreateGroup / DescribeGroup: DISABLED, no email; GroupName allows spaces', async () => {
    const id = await createGroup('Sales Team (EU)', true);
    const group = await h().wm.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: id }));
    expect(group).toMatchObject({ GroupId: id, Name: 'Sales Team (EU)', State: 'DISABLED', HiddenFromGlobalAddressList: true });
    expect(group.Email).toBeUndefined();
    await expectError(h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: 'sales team (eu)' })), 'NameAvailabilityException');
    await expectError(h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: 'guest' })), 'ReservedNameException');
    await expectError(h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: '' })), 'InvalidParameterException');
    await expectError(h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: 'tab\there' })), 'InvalidParameterException');
    await expectError(h().wm.send(new CreateGroupCommand({ OrganizationId: INACTIVE_ORG, Name: 'x' })), 'OrganizationStateException');
  });

  test('DescribeGroup by name and email; not found', async () => {
    const name = uniqueName('grp');
    const id = await createGroup(name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: name, Email: `${name}@${DOMAIN}` }));
    expect((await h().wm.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: name }))).GroupId).toBe(id);
    const byEmail = await h().wm.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: `${name}@${DOMAIN}` }));
    expect(byEmail).toMatchObject({ GroupId: id, State: 'ENABLED', Email: `${name}@${DOMAIN}` });
    expect(byEmail.EnabledDate).toBeInstanceOf(Date);
    await expectError(h().wm.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: 'no-such-group' })), 'EntityNotFoundException');
  });

  test('UpdateGroup', async () => {
    const id = await createGroup();
    await h().wm.send(new UpdateGroupCommand({ OrganizationId: ORG, GroupId: id, HiddenFromGlobalAddressList: true }));
    expect((await h().wm.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: id }))).HiddenFromGlobalAddressList).toBe(true);
    await expectError(h().wm.send(new UpdateGroupCommand({ OrganizationId: ORG, GroupId: 'nope' })), 'EntityNotFoundException');
    await h().wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: id }));
    await expectError(h().wm.send(new UpdateGroupCommand({ OrganizationId: ORG, GroupId: id, HiddenFromGlobalAddressList: false })), 'EntityStateException');
  });

  test('DeleteGroup only from DISABLED; deleted groups stay listed with their state', async () => {
    const name = uniqueName('del');
    const id = await createGroup(name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}@${DOMAIN}` }));
    await expectError(h().wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: id })), 'EntityStateException');
    await h().wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
    await h().wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: id }));
    expect((await h().wm.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId: id }))).State).toBe('DELETED');
    const listed = await h().wm.send(new ListGroupsCommand({ OrganizationId: ORG, Filters: { NamePrefix: name } }));
    expect(listed.Groups).toEqual([expect.objectContaining({ Id: id, State: 'DELETED', Name: name })]);
    const deletedOnly = await h().wm.send(new ListGroupsCommand({ OrganizationId: ORG, Filters: { State: 'DELETED' } }));
    expect(deletedOnly.Groups!.every((g) => g.State === 'DELETED')).toBe(true);
    await h().wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: 'never-existed' }));
  });
});

describe('membership', () => {
  test('users and groups as members, by id, name or email; idempotent; listed with type and state', async () => {
    const group = await createGroup();
    const sub = await createGroup();
    const userName = uniqueName('m');
    const user = await createUser(userName);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: user, Email: `${userName}@${DOMAIN}` }));
    await h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: `${userName}@${DOMAIN}` }));
    await h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: user }));
    await h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: sub }));
    const list = await members(group);
    expect(list.map((m) => [m.Id, m.Type, m.State, m.Name])).toEqual([[user, 'USER', 'ENABLED', userName], [sub, 'GROUP', 'DISABLED', expect.any(String)]]);
    expect(list[0].EnabledDate).toBeInstanceOf(Date);
    expect(h().emulator.snapshot().organizations[0].groups.find((g) => g.id === group)!.members).toEqual([{ id: user, type: 'USER' }, { id: sub, type: 'GROUP' }]);
    await h().wm.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: userName }));
    await h().wm.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: userName }));
    expect((await members(group)).map((m) => m.Id)).toEqual([sub]);
  });

  test('errors: unknown, resource as member, cycles, deleted entities', async () => {
    const group = await createGroup();
    const child = await createGroup();
    await expectError(h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: 'nobody' })), 'EntityNotFoundException');
    await expectError(h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: 'nogroup', MemberId: child })), 'EntityNotFoundException');
    const room = await h().wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: uniqueName('room'), Type: 'ROOM' }));
    await expectError(h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: room.ResourceId })), 'EntityNotFoundException');
    await expectError(h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: group })), 'InvalidParameterException');
    await h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: child }));
    await expectError(h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: child, MemberId: group })), 'InvalidParameterException');
    const user = await createUser();
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: user }));
    await expectError(h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: user })), 'EntityStateException');
    await h().wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: group }));
    await expectError(h().wm.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: group })), 'EntityStateException');
    await expectError(h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: child })), 'EntityStateException');
    await expectError(h().wm.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: child })), 'EntityStateException');
    await expectError(h().wm.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: 'nogroup' })), 'EntityNotFoundException');
  });

  test('deleting a user removes it from its groups', async () => {
    const group = await createGroup();
    const user = await createUser();
    await h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: user }));
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: user }));
    expect(await members(group)).toEqual([]);
  });
});

describe('ListGroups Filters', () => {
  test('one filter per request: each works alone, two are an InvalidParameterException', async () => {
    const name = uniqueName('gf');
    const id = await createGroup(name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}@${DOMAIN}` }));
    for (const f of [{ NamePrefix: name }, { PrimaryEmailPrefix: `${name}@` }]) {
      expect((await h().wm.send(new ListGroupsCommand({ OrganizationId: ORG, Filters: f }))).Groups!.map((g) => g.Id)).toEqual([id]);
    }
    const enabled = await h().wm.send(new ListGroupsCommand({ OrganizationId: ORG, Filters: { State: 'ENABLED' } }));
    expect(enabled.Groups!.map((g) => g.Id)).toContain(id);
    const e = await expectError(h().wm.send(new ListGroupsCommand({ OrganizationId: ORG, Filters: { NamePrefix: name, State: 'ENABLED' } })), 'InvalidParameterException');
    expect(e.message).toContain('Filters');
  });
});
