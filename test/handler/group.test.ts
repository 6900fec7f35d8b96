/** Custom::WorkMailGroup: the shared mail-entity lifecycle with a group's calls. */
import {
  AssociateMemberToGroupCommand, DeregisterFromWorkMailCommand, DeleteGroupCommand, DisassociateMemberFromGroupCommand, UpdateGroupCommand,
  UpdatePrimaryEmailAddressCommand,
} from '@aws-sdk/client-workmail';
import { eventsOf, groupProps } from './events';
import {
  DOMAIN, failure, handMadeGroup, handMadeUser, Harness, ORG, OTHER_DOMAIN, OTHER_ORG, PENDING_DOMAIN, useHarness, uniqueNames,
} from './harness';
import { WorkMailOperationError } from '../../lambda/errors';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;
const unique = uniqueNames();
useHarness((started) => {
  h = started;
});

const team = eventsOf(WorkMailResourceType.GROUP, 'Team');


function decisions(): string[] {
  return h.logLines.map((l) => JSON.parse(l) as { decision?: string }).flatMap((l) => (l.decision ? [l.decision] : []));
}

/** A group the stack made (registered, unless overridden); calls are reset afterwards. */
async function madeGroup(overrides: Record<string, string | string[] | undefined> = {}) {
  const name = unique('team');
  const props = groupProps({ Name: name, Email: `${name}@${DOMAIN}`, ...overrides });
  const { PhysicalResourceId: id } = await h.run(team.create(props));
  h.emulator.resetCalls();
  return { id, name, props };
}

describe('create', () => {
  test('with an email, hidden and members: CreateGroup, the members, then RegisterToWorkMail', async () => {
    const alice = await handMadeUser(h, unique('alice'), 'Alice', 'Alices-Own-Pw-1');
    const bob = await handMadeUser(h, unique('bob'), 'Bob', 'Bobs-Own-Pw-1');
    h.emulator.resetCalls();
    const name = unique('team');

    const response = await h.run(team.create(groupProps({ Name: name, Email: `${name}@${DOMAIN}`, HiddenFromGlobalAddressList: 'true', Members: [alice, bob] })));

    expect(h.operations()).toEqual(['CreateGroup', 'AssociateMemberToGroup', 'AssociateMemberToGroup', 'RegisterToWorkMail']);
    expect(response).toEqual({ PhysicalResourceId: response.PhysicalResourceId, Data: { GroupId: response.PhysicalResourceId, Email: `${name}@${DOMAIN}` } });
    expect(h.group(response.PhysicalResourceId)).toMatchObject({
      name,
      state: 'ENABLED',
      email: `${name}@${DOMAIN}`,
      hiddenFromGlobalAddressList: true,
      members: [{ id: alice, type: 'USER' }, { id: bob, type: 'USER' }],
    });
  });

  test('without an email the group is not registered', async () => {
    const name = unique('team');
    const response = await h.run(team.create(groupProps({ Name: name, Email: undefined })));

    expect(h.operations()).toEqual(['CreateGroup']);
    expect(h.group(response.PhysicalResourceId)).toMatchObject({ state: 'DISABLED', hiddenFromGlobalAddressList: false, members: [] });
    expect(response.Data).toEqual({ GroupId: response.PhysicalResourceId, Email: '' });
  });

  test('a half-made create (an unverified domain) is undone: nothing is left', async () => {
    const alice = await handMadeUser(h, unique('alice'), 'Alice', 'Alices-Own-Pw-1');
    h.emulator.resetCalls();
    const name = unique('half');

    const err = await failure(h.run(team.create(groupProps({ Name: name, Email: `${name}@${PENDING_DOMAIN}`, Members: [alice] }))));

    expect(err).toBeInstanceOf(WorkMailOperationError);
    expect(err.message).toMatch(new RegExp(`^RegisterToWorkMail failed for group '${name}' \\(.+\\) in organization ${ORG}: MailDomainStateException: `));
    expect(h.operations()).toEqual(['CreateGroup', 'AssociateMemberToGroup', 'RegisterToWorkMail', 'DeleteGroup']);
    expect(h.groups().filter((g) => g.name === name)).toEqual([expect.objectContaining({ state: 'DELETED' })]);
  });

  test('a member that does not exist fails naming the group, the organization and the member, and undoes the create', async () => {
    const name = unique('team');
    const missing = 'f0000000-0000-0000-0000-0000000000aa';

    const err = await failure(h.run(team.create(groupProps({ Name: name, Members: [missing] }))));

    expect(err.message).toMatch(new RegExp(
      `^AssociateMemberToGroup failed for group '${name}' \\(.+\\) in organization ${ORG}: EntityNotFoundException: .*The member to add was ${missing}$`,
    ));
    expect(h.operations()).toEqual(['CreateGroup', 'AssociateMemberToGroup', 'DeleteGroup']);
    expect(h.groups().filter((g) => g.name === name && g.state !== 'DELETED')).toEqual([]);
  });

  test('a taken name fails with NameAvailabilityException and the way to adopt', async () => {
    const name = unique('taken');
    await handMadeGroup(h, name, `${name}@${DOMAIN}`);
    h.emulator.resetCalls();

    await expect(h.run(team.create(groupProps({ Name: name })))).rejects.toThrow(
      `CreateGroup failed for group '${name}' in organization ${ORG}: NameAvailabilityException: The name ${name} is already in use in this organization. ` +
      'The group already exists in the organization; set adoptExisting: true on the WorkMailGroup to take it over (it is then reconciled, never re-created)',
    );
    expect(h.operations()).toEqual(['CreateGroup', 'ListGroups']);
  });

  test('a name held by a user is not adopted as a group', async () => {
    const name = unique('held');
    await handMadeUser(h, name, 'Held', 'Helds-Own-Pw-1');
    h.emulator.resetCalls();

    await expect(h.run(team.create(groupProps({ Name: name, AdoptExisting: 'true' })))).rejects.toThrow(
      `adoptExisting is set, but ListGroups shows no group named '${name}': the name is held by a user or a resource, which a WorkMailGroup cannot adopt`,
    );
    // Each lookup: the name-prefix filter, then every page to confirm the miss.
    expect(h.operations()).toEqual(['ListGroups', 'ListGroups', 'CreateGroup', 'ListGroups', 'ListGroups']);
  });

  test('a lost CreateGroup response: the group made by the first attempt is claimed', async () => {
    const name = unique('lost');
    h.emulator.loseNextResponse('CreateGroup');

    const response = await h.run(team.create(groupProps({ Name: name, Email: `${name}@${DOMAIN}` })));

    expect(h.operations()).toEqual(['CreateGroup', 'CreateGroup', 'ListGroups', 'RegisterToWorkMail']);
    expect(h.groups().filter((g) => g.name === name)).toEqual([expect.objectContaining({ id: response.PhysicalResourceId, state: 'ENABLED' })]);
    expect(decisions()).toContain('claim-group-from-lost-create-response');
  });

  test('a same-named group that once had an address is never claimed after a lost response', async () => {
    const name = unique('once');
    const id = await handMadeGroup(h, name, `${name}@${DOMAIN}`);
    await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
    h.emulator.resetCalls();
    h.emulator.failNext('CreateGroup', 'InternalFailure');

    await expect(h.run(team.create(groupProps({ Name: name })))).rejects.toThrow(/NameAvailabilityException: .*set adoptExisting: true on the WorkMailGroup/);
    expect(h.group(id)).toMatchObject({ state: 'DISABLED' });
  });
});

describe('adoption', () => {
  test('a hand-made group is taken over under an adopted/ id, converged, and never deleted', async () => {
    const name = unique('adopt');
    const id = await handMadeGroup(h, name, `${name}.old@${DOMAIN}`);
    const alice = await handMadeUser(h, unique('alice'), 'Alice', 'Alices-Own-Pw-1');
    h.emulator.resetCalls();
    const props = groupProps({ Name: name, Email: `${name}@${DOMAIN}`, HiddenFromGlobalAddressList: 'true', Members: [alice], AdoptExisting: 'true' });

    const response = await h.run(team.create(props));

    expect(response).toEqual({ PhysicalResourceId: `adopted/${id}`, Data: { GroupId: id, Email: `${name}@${DOMAIN}` } });
    expect(h.operations()).toEqual([
      // Adopted: nothing known of what was declared before, so the members are read first (and read back after a write).
      'ListGroups', 'DescribeGroup', 'UpdateGroup', 'ListGroupMembers', 'AssociateMemberToGroup', 'ListGroupMembers', 'UpdatePrimaryEmailAddress',
    ]);
    expect(h.group(id)).toMatchObject({ email: `${name}@${DOMAIN}`, hiddenFromGlobalAddressList: true, members: [{ id: alice, type: 'USER' }] });

    h.emulator.resetCalls();
    await expect(h.run(team.delete(response.PhysicalResourceId, props))).resolves.toEqual({ PhysicalResourceId: `adopted/${id}` });
    expect(h.operations()).toEqual([]);
    expect(h.group(id)).toMatchObject({ state: 'ENABLED' });
  });
});

describe('update', () => {
  test('no change: only DescribeGroup', async () => {
    const { id, props } = await madeGroup();
    await h.run(team.update(id, props, props));
    expect(h.operations()).toEqual(['DescribeGroup']);
  });

  test('hidden, email and enabled change in place', async () => {
    const { id, name, props } = await madeGroup();
    const hidden = { ...props, HiddenFromGlobalAddressList: 'true', Email: `${name}.new@${DOMAIN}` };
    await h.run(team.update(id, hidden, props));
    expect(h.operations()).toEqual(['DescribeGroup', 'UpdateGroup', 'UpdatePrimaryEmailAddress']);
    expect(h.group(id)).toMatchObject({ hiddenFromGlobalAddressList: true, email: `${name}.new@${DOMAIN}` });

    h.emulator.resetCalls();
    const unhidden = { ...hidden, HiddenFromGlobalAddressList: undefined, Enabled: 'false' };
    const response = await h.run(team.update(id, unhidden, hidden));
    expect(h.operations()).toEqual(['DescribeGroup', 'UpdateGroup', 'DeregisterFromWorkMail']);
    expect(h.group(id)).toMatchObject({ hiddenFromGlobalAddressList: false, state: 'DISABLED' });
    expect(response).toEqual({ PhysicalResourceId: id, Data: { GroupId: id, Email: '' } });
  });

  test('removing the email of a registered group (enabled not declared) fails before any change', async () => {
    const { id, name, props } = await madeGroup();
    await expect(h.run(team.update(id, { ...props, Email: undefined }, props))).rejects.toThrow(
      `Group '${name}' (${id}) in organization ${ORG} is registered as ${name}@${DOMAIN}, but the declaration has no email`,
    );
    expect(h.group(id)).toMatchObject({ state: 'ENABLED' });
  });

  test('drift made outside the stack is converged back', async () => {
    const alice = await handMadeUser(h, unique('alice'), 'Alice', 'Alices-Own-Pw-1');
    const { id, name, props } = await madeGroup({ Members: [alice], HiddenFromGlobalAddressList: 'false' });
    await h.client.send(new UpdateGroupCommand({ OrganizationId: ORG, GroupId: id, HiddenFromGlobalAddressList: true }));
    await h.client.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}.byhand@${DOMAIN}` }));
    await h.client.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: id, MemberId: alice }));
    h.emulator.resetCalls();

    await h.run(team.update(id, props, props));

    expect(h.operations()).toEqual([
      'DescribeGroup', 'UpdateGroup', 'ListGroupMembers', 'AssociateMemberToGroup', 'ListGroupMembers', 'UpdatePrimaryEmailAddress',
    ]);
    expect(h.group(id)).toMatchObject({ hiddenFromGlobalAddressList: false, email: `${name}@${DOMAIN}`, members: [{ id: alice, type: 'USER' }] });
  });

  test('a case-only rename is a logged no-op', async () => {
    const { id, name, props } = await madeGroup();
    const response = await h.run(team.update(id, { ...props, Name: name.toUpperCase() }, props));
    expect(response.PhysicalResourceId).toBe(id);
    expect(h.operations()).toEqual([]);
    expect(decisions()).toContain('ignore-case-only-rename');
  });

  test('a rename replaces the group; the old one is left for CloudFormation to delete', async () => {
    const alice = await handMadeUser(h, unique('alice'), 'Alice', 'Alices-Own-Pw-1');
    const { id, name, props } = await madeGroup({ Members: [alice] });
    const renamed = { ...props, Name: `${name}-2`, Email: `${name}-2@${DOMAIN}` };

    const response = await h.run(team.update(id, renamed, props));

    expect(response).toEqual({ PhysicalResourceId: expect.not.stringMatching(id), Data: { GroupId: response.PhysicalResourceId, Email: `${name}-2@${DOMAIN}` } });
    expect(h.operations()).toEqual(['DescribeGroup', 'CreateGroup', 'AssociateMemberToGroup', 'RegisterToWorkMail']);
    expect(h.group(response.PhysicalResourceId)).toMatchObject({ name: `${name}-2`, state: 'ENABLED', members: [{ id: alice, type: 'USER' }] });
    expect(h.group(id)).toMatchObject({ name, state: 'ENABLED' });

    h.emulator.resetCalls();
    await h.run(team.delete(id, props));
    expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DeleteGroup']);
    expect(h.group(id)).toMatchObject({ state: 'DELETED' });
  });

  test('a rename that keeps the address fails early, creating nothing', async () => {
    const { id, name, props } = await madeGroup();
    await expect(h.run(team.update(id, { ...props, Name: `${name}-moved` }, props))).rejects.toThrow(
      new RegExp(`^Cannot replace group '${name}' \\(${id}\\) by group '${name}-moved' in organization ${ORG}: the address ${name}@${DOMAIN} still belongs ` +
        `to the group being replaced.*Nothing was created. Keep the name '${name}', or give the renamed group another address`),
    );
    expect(h.operations()).toEqual(['DescribeGroup']);
  });

  test('a move to another organization replaces the group there', async () => {
    const { id, name, props } = await madeGroup();
    const response = await h.run(team.update(id, { ...props, OrganizationId: OTHER_ORG, Email: `${name}@${OTHER_DOMAIN}` }, props));

    expect(h.operations()).toEqual(['DescribeGroup', 'CreateGroup', 'RegisterToWorkMail']);
    expect(h.group(response.PhysicalResourceId, OTHER_ORG)).toMatchObject({ name, state: 'ENABLED', email: `${name}@${OTHER_DOMAIN}` });
    expect(h.group(id)).toMatchObject({ state: 'ENABLED' });
  });

  test('the rollback of a replacement takes the old group back and deletes the new one', async () => {
    const { id, name, props } = await madeGroup();
    const renamed = { ...props, Name: `${name}-b`, Email: `${name}-b@${DOMAIN}` };
    const { PhysicalResourceId: newId } = await h.run(team.update(id, renamed, props));
    h.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');
    h.emulator.resetCalls();

    const response = await h.run(team.update(newId, props, renamed));

    expect(response).toEqual({ PhysicalResourceId: id, Data: { GroupId: id, Email: `${name}@${DOMAIN}` } });
    expect(h.operations()).toEqual([
      'DescribeGroup', 'CreateGroup', 'DescribeStacks', 'ListGroups', 'DescribeGroup', 'DeregisterFromWorkMail', 'DeleteGroup', 'DescribeGroup',
    ]);
    expect(h.group(newId)).toMatchObject({ state: 'DELETED' });
    expect(h.group(id)).toMatchObject({ state: 'ENABLED', email: `${name}@${DOMAIN}` });
  });

  test('a group deleted outside the stack is a clear error', async () => {
    const { id, name, props } = await madeGroup({ Email: undefined });
    await h.client.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: id }));

    await expect(h.run(team.update(id, { ...props, HiddenFromGlobalAddressList: 'true' }, props))).rejects.toThrow(
      `DescribeGroup for group '${name}' (${id}) in organization ${ORG}: State DELETED. ` +
      'The group was deleted outside the stack: rename it in the stack to create a new one, or remove it from the stack',
    );
  });
});

describe('members', () => {
  async function people(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await handMadeUser(h, unique('member'), 'Member', 'Members-Own-Pw-1'));
    return ids;
  }
  const memberIds = (id: string) => h.group(id)!.members.map((m) => m.id).sort();

  test('by default: adds the declared, removes only what the stack declared before, keeps members added elsewhere', async () => {
    const [a, b, c, other] = await people(4);
    const { id, props } = await madeGroup({ Members: [a, b] });
    await h.client.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: id, MemberId: other }));
    h.emulator.resetCalls();

    await h.run(team.update(id, { ...props, Members: [b, c] }, props));

    expect(h.operations()).toEqual(['AssociateMemberToGroup', 'DisassociateMemberFromGroup', 'ListGroupMembers']);
    expect(memberIds(id)).toEqual([b, c, other].sort());
  });

  test('exclusive: also removes every member nobody declared', async () => {
    const [a, b, other] = await people(3);
    const { id, props } = await madeGroup({ Members: [a] });
    await h.client.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: id, MemberId: other }));
    h.emulator.resetCalls();

    await h.run(team.update(id, { ...props, Members: [a, b], ExclusiveMembers: 'true' }, props));

    // Only the read back can show the members nobody declared: it removes them and reads again.
    expect(h.operations()).toEqual(['AssociateMemberToGroup', 'ListGroupMembers', 'DisassociateMemberFromGroup', 'ListGroupMembers']);
    expect(memberIds(id)).toEqual([a, b].sort());

    // Exclusive with no member declared empties the group.
    h.emulator.resetCalls();
    await h.run(team.update(id, { ...props, Members: undefined, ExclusiveMembers: 'true' }, { ...props, Members: [a, b], ExclusiveMembers: 'true' }));
    expect(memberIds(id)).toEqual([]);
  });

  test('a member removed by hand (or already gone) is harmless', async () => {
    const [a, b] = await people(2);
    const { id, props } = await madeGroup({ Members: [a, b] });
    h.emulator.failNext('DisassociateMemberFromGroup', 'EntityNotFoundException');

    await h.run(team.update(id, { ...props, Members: [] }, props));

    // The injected EntityNotFound was not true: the read back finds the member still there, and the removal is redone.
    expect(h.operations()).toEqual([
      'DisassociateMemberFromGroup', 'DisassociateMemberFromGroup', 'ListGroupMembers', 'DisassociateMemberFromGroup', 'ListGroupMembers',
    ]);
    expect(decisions()).toContain('member-already-gone');
    expect(decisions()).toContain('redo-lost-member-changes');
    expect(memberIds(id)).toEqual([]);
  });

  test('a lost AssociateMemberToGroup response is retried harmlessly', async () => {
    const [a] = await people(1);
    const { id, props } = await madeGroup();
    h.emulator.loseNextResponse('AssociateMemberToGroup');

    await h.run(team.update(id, { ...props, Members: [a] }, props));

    expect(h.operations()).toEqual(['AssociateMemberToGroup', 'AssociateMemberToGroup', 'ListGroupMembers']);
    expect(memberIds(id)).toEqual([a]);
  });

  test('adding a member: one AssociateMemberToGroup and one read back, no DescribeGroup', async () => {
    const [a, b] = await people(2);
    const { id, props } = await madeGroup({ Members: [a] });

    await h.run(team.update(id, { ...props, Members: [a, b] }, props));

    expect(h.operations()).toEqual(['AssociateMemberToGroup', 'ListGroupMembers']);
    expect(memberIds(id)).toEqual([a, b].sort());
  });

  test('an unrelated change (hidden) is written without a read, and the members\' read back brings one removed by hand back', async () => {
    const [a, b] = await people(2);
    const { id, props } = await madeGroup({ Members: [a, b] });
    await h.client.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: id, MemberId: a }));
    h.emulator.resetCalls();

    await h.run(team.update(id, { ...props, HiddenFromGlobalAddressList: 'true' }, props));

    expect(h.operations()).toEqual(['UpdateGroup', 'ListGroupMembers', 'AssociateMemberToGroup', 'ListGroupMembers']);
    expect(decisions()).toContain('converge-members');
    expect(memberIds(id)).toEqual([a, b].sort());
    expect(h.group(id)).toMatchObject({ hiddenFromGlobalAddressList: true });
  });

  test('a change of the address reads the group, and its members only when they change too', async () => {
    const [a, b] = await people(2);
    const { id, name, props } = await madeGroup({ Members: [a] });
    const moved = { ...props, Email: `${name}.moved@${DOMAIN}` };

    await h.run(team.update(id, moved, props));
    expect(h.operations()).toEqual(['DescribeGroup', 'UpdatePrimaryEmailAddress']);

    h.emulator.resetCalls();
    await h.run(team.update(id, { ...moved, Email: `${name}@${DOMAIN}`, Members: [a, b] }, moved));
    expect(h.operations()).toEqual(['DescribeGroup', 'AssociateMemberToGroup', 'ListGroupMembers', 'UpdatePrimaryEmailAddress']);
    expect(memberIds(id)).toEqual([a, b].sort());
  });

  test('nested groups: a member may be a group', async () => {
    const [a] = await people(1);
    const inner = await madeGroup({ Members: [a], Email: undefined });
    const { id: outer } = await madeGroup({ Members: [inner.id] });

    expect(h.group(outer)!.members).toEqual([{ id: inner.id, type: 'GROUP' }]);
    expect(h.group(inner.id)!.members).toEqual([{ id: a, type: 'USER' }]);
  });
});

describe('delete', () => {
  test('a registered group is deregistered, then deleted', async () => {
    const { id, props } = await madeGroup();
    await expect(h.run(team.delete(id, props))).resolves.toEqual({ PhysicalResourceId: id });
    expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DeleteGroup']);
    expect(h.group(id)).toMatchObject({ state: 'DELETED' });
  });

  test('a group already deleted, or an organization gone, is success', async () => {
    const { id, props } = await madeGroup({ Email: undefined });
    await h.client.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: id }));
    h.emulator.resetCalls();

    await expect(h.run(team.delete(id, props))).resolves.toEqual({ PhysicalResourceId: id });
    expect(h.operations()).toEqual(['DescribeGroup']);

    await expect(h.run(team.delete(id, { ...props, OrganizationId: 'm-99999999999999999999999999999999' }))).resolves.toEqual({ PhysicalResourceId: id });
    expect(decisions()).toContain('organization-gone');
  });
});
