/**
 * CloudFormation runs independent resources at once, and on the service a group's members, a room's
 * delegates and an entity's aliases are read-modify-write: the emulator's racyWrites loses concurrent
 * updates as the service may. Handler invocations at once on one set must all succeed and leave the
 * union of what each declared.
 */
import { AssociateMemberToGroupCommand } from '@aws-sdk/client-workmail';
import { eventsOf as entityEvents, groupProps, resourceProps } from './events';
import { DOMAIN, handMadeUser, Harness, ORG, useHarness, uniqueNames } from './harness';
import { eventsOf } from './relations-helpers';
import { settlePause } from '../../lambda/reconcilers/relation-set';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;
useHarness((started) => {
  h = started;
});

const unique = uniqueNames();

/**
 * Every list change reads its list, waits 20–60 ms and writes it back: with the jitter, a change sent
 * before another landed may land after the other's read back.
 */
const RACY = { latencyMs: 20, latencyJitterMs: 40, racyWrites: true } as const;

async function people(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await handMadeUser(h, unique('peer'), 'P', 'Peer-Pw-1234', `${unique('peer')}@${DOMAIN}`));
  return ids;
}

const sorted = (ids: readonly string[]) => [...ids].sort();
/** How many list changes the handler had to redo (the races it met). */
const redone = () => h.logLines.filter((line) => line.includes('"decision":"redo-lost-')).length;

describe.each([2, 10])('%i invocations at once', (count) => {
  test('change one group\'s members: all succeed, the group holds every declared member and keeps a hand-added one', async () => {
    const team = entityEvents(WorkMailResourceType.GROUP, 'Team');
    const name = unique('shared');
    const declared = groupProps({ Name: name, Email: `${name}@${DOMAIN}` });
    const { PhysicalResourceId: groupId } = await h.run(team.create(declared));
    const [handAdded] = await people(1);
    await h.client.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: groupId, MemberId: handAdded }));
    const members = await people(count);
    h.emulator.setFaults(RACY);

    // Each invocation declares one more member (as stacks sharing the group would, none exclusive).
    const results = await Promise.all(members.map((id) => h.run(team.update(groupId, { ...declared, Members: [id] }, declared))));

    expect(results.map((r) => r.PhysicalResourceId)).toEqual(members.map(() => groupId));
    expect(sorted(h.group(groupId)!.members.map((m) => m.id))).toEqual(sorted([handAdded, ...members]));
  });

  test('add delegates to one room (WorkMailDelegate resources): all succeed, the room holds every delegate', async () => {
    const room = entityEvents(WorkMailResourceType.RESOURCE, 'Room');
    const name = unique('hall');
    const { PhysicalResourceId: roomId } = await h.run(room.create(resourceProps({ Name: name, Email: `${name}@${DOMAIN}` })));
    const delegates = await people(count);
    h.emulator.setFaults(RACY);

    const delegation = eventsOf(WorkMailResourceType.DELEGATE, 'Delegation');
    const results = await Promise.all(delegates.map((id) => h.run(delegation.create({ OrganizationId: ORG, ResourceId: roomId, EntityId: id }))));

    expect(results.map((r) => r.PhysicalResourceId)).toEqual(delegates.map((id) => `${roomId}/delegates/${id}`));
    expect(sorted(h.resource(roomId)!.delegates.map((d) => d.id))).toEqual(sorted(delegates));
  });

  test('add aliases to one user (alias sets of several stacks): all succeed, the user holds every alias', async () => {
    const [user] = await people(1);
    const owner = h.liveUsers().find((u) => u.id === user)!;
    const aliases = Array.from({ length: count }, (_, i) => `${owner.name}.alias${i}@${DOMAIN}`);
    h.emulator.setFaults(RACY);

    const sets = eventsOf(WorkMailResourceType.ALIAS, 'Aliases');
    await Promise.all(aliases.map((alias) => h.run(sets.create({ OrganizationId: ORG, EntityId: user, EntityType: 'USER', Aliases: [alias] }))));

    expect(sorted(h.user(user)!.aliases)).toEqual(sorted(aliases));
  });
});

test('a room\'s own delegates change while 10 delegations of it are added: each keeps what it declared', async () => {
  const room = entityEvents(WorkMailResourceType.RESOURCE, 'Room');
  const name = unique('hall');
  const [first, second] = await people(2);
  const declared = resourceProps({ Name: name, Email: `${name}@${DOMAIN}`, Delegates: [first] });
  const { PhysicalResourceId: roomId } = await h.run(room.create(declared));
  const delegates = await people(10);
  h.emulator.setFaults(RACY);

  const delegation = eventsOf(WorkMailResourceType.DELEGATE, 'Delegation');
  await Promise.all([
    h.run(room.update(roomId, { ...declared, Delegates: [second] }, declared)),
    ...delegates.map((id) => h.run(delegation.create({ OrganizationId: ORG, ResourceId: roomId, EntityId: id }))),
  ]);

  expect(sorted(h.resource(roomId)!.delegates.map((d) => d.id))).toEqual(sorted([second, ...delegates]));
});

test('the races happened: without the read back some of these changes would have been lost', () => {
  expect(redone()).toBeGreaterThan(0);
});

test('the read back waits three of our writes\' durations, at most a second', () => {
  expect(settlePause(1_000, 1, 1_030)).toBe(90);
  expect(settlePause(1_000, 3, 1_300)).toBe(300);
  expect(settlePause(1_000, 1, 5_000)).toBe(1_000);
  expect(settlePause(1_000, 0, 1_000)).toBe(0);
});
