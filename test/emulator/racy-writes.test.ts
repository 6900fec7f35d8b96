/**
 * The racyWrites fault: a change of a group's members, a resource's delegates or an entity's aliases reads
 * the list on arrival and writes it back after the latency, so concurrent changes of one list lose all but
 * one; one at a time, or with the fault off, nothing is lost.
 */
import {
  AssociateDelegateToResourceCommand, AssociateMemberToGroupCommand, CreateAliasCommand, CreateGroupCommand, CreateResourceCommand,
  CreateUserCommand, DeleteAliasCommand, DisassociateMemberFromGroupCommand, RegisterToWorkMailCommand,
} from '@aws-sdk/client-workmail';
import { DOMAIN, ORG, uniqueName, useEmulator } from './helpers';

const get = useEmulator();

/**
 * Every call's latency: the window in which concurrent changes overlap. Long beside the few milliseconds
 * between their arrivals, even on a loaded machine, so that they always overlap.
 */
const LATENCY_MS = 300;

const org = () => get().emulator.snapshot().organizations.find((o) => o.id === ORG)!;

async function users(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await get().wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: uniqueName('racer'), DisplayName: 'R' }))).UserId!);
  }
  return ids;
}

async function group(): Promise<string> {
  return (await get().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: uniqueName('racegroup') }))).GroupId!;
}

const memberIds = (groupId: string) => org().groups.find((g) => g.id === groupId)!.members.map((m) => m.id).sort();

afterEach(() => {
  get().emulator.setFaults({});
});

test('off (the default): concurrent member additions all stick', async () => {
  const [groupId, people] = [await group(), await users(4)];
  get().emulator.setFaults({ latencyMs: LATENCY_MS });
  await Promise.all(people.map((id) => get().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: groupId, MemberId: id }))));
  expect(memberIds(groupId)).toEqual([...people].sort());
});

test('on: concurrent member additions on one group keep only one; the same calls one at a time keep all', async () => {
  const [groupId, people] = [await group(), await users(4)];
  get().emulator.setFaults({ latencyMs: LATENCY_MS, racyWrites: true });
  await Promise.all(people.map((id) => get().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: groupId, MemberId: id }))));
  // Each read the empty list and wrote it back with its own member: the last write wins.
  expect(memberIds(groupId)).toHaveLength(1);
  expect(people).toContain(memberIds(groupId)[0]);

  for (const id of people) await get().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: groupId, MemberId: id }));
  expect(memberIds(groupId)).toEqual([...people].sort());
});

test('on: a removal and an addition at once on one group can bring a removed member back', async () => {
  const [groupId, [a, b]] = [await group(), await users(2)];
  await get().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: groupId, MemberId: a }));
  get().emulator.setFaults({ latencyMs: LATENCY_MS, racyWrites: true });
  get().emulator.resetCalls();
  const removal = get().wm.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: groupId, MemberId: a }));
  // The addition is sent once the removal has arrived (and read [a]), and arrives long before the removal writes.
  while (get().emulator.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  await Promise.all([removal, get().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: groupId, MemberId: b }))]);
  // The addition read [a] before the removal wrote [], and wrote back [a, b].
  expect(memberIds(groupId)).toEqual([a, b].sort());
});

test('on: concurrent delegate additions on one room lose some', async () => {
  const room = (await get().wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: uniqueName('raceroom'), Type: 'ROOM' }))).ResourceId!;
  const people = await users(3);
  get().emulator.setFaults({ latencyMs: LATENCY_MS, racyWrites: true });
  await Promise.all(people.map((id) =>
    get().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: room, EntityId: id }))));
  expect(org().resources.find((r) => r.id === room)!.delegates).toHaveLength(1);
});

test('on: concurrent alias changes on one entity lose some; an error writes nothing back', async () => {
  const [user] = await users(1);
  const name = org().users.find((u) => u.id === user)!.name;
  await get().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: user, Email: `${name}@${DOMAIN}` }));
  await get().wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: user, Alias: `${name}.old@${DOMAIN}` }));
  get().emulator.setFaults({ latencyMs: LATENCY_MS, racyWrites: true });
  await Promise.all([
    get().wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: user, Alias: `${name}.a@${DOMAIN}` })),
    get().wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: user, Alias: `${name}.b@${DOMAIN}` })),
    get().wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: user, Alias: `${name}.old@${DOMAIN}` })),
    // Refused (its own primary address): it must not write its stale read back.
    get().wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: user, Alias: `${name}@${DOMAIN}` })).catch((e: Error) => e.name),
  ]);
  const aliases = org().users.find((u) => u.id === user)!.aliases;
  // Each change wrote back the one alias list it read, with only its own change: exactly one of the three survives.
  const outcomes = [aliases.includes(`${name}.a@${DOMAIN}`), aliases.includes(`${name}.b@${DOMAIN}`), !aliases.includes(`${name}.old@${DOMAIN}`)];
  expect(outcomes.filter(Boolean)).toHaveLength(1);
});

test('the option is checked', () => {
  expect(() => get().emulator.setFaults({ racyWrites: 'yes' as unknown as boolean })).toThrow('racyWrites must be a boolean');
});
