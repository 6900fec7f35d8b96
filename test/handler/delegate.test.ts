import {
  AssociateDelegateToResourceCommand, DeleteResourceCommand, DeleteUserCommand, DeregisterFromWorkMailCommand, UpdateResourceCommand,
} from '@aws-sdk/client-workmail';
import { failure, Harness, ORG, OTHER_ORG, useHarness } from './harness';
import { entityOf, eventsOf, handMadeEntity, RelationProps, runGranted } from './relations-helpers';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;

useHarness((started) => {
  h = started;
});

const events = eventsOf(WorkMailResourceType.DELEGATE, 'RoomDelegate');
const run = (event: Parameters<typeof runGranted>[2]) => runGranted(h.emulator, h.deps, event);
const delegatesOf = (resourceId: string) => entityOf(h.emulator, resourceId)!.delegates!.map((d) => d.id);

function delegateProps(resourceId: string, entityId: string, organizationId = ORG): RelationProps {
  return { OrganizationId: organizationId, ResourceId: resourceId, EntityId: entityId };
}

/** A room and a user made by hand; calls reset. */
async function roomAndUser() {
  const room = await handMadeEntity(h.client, 'RESOURCE', 'room');
  const user = await handMadeEntity(h.client, 'USER', 'dlg');
  h.emulator.resetCalls();
  return { room: room.id, user: user.id };
}

async function stopAutoAccept(resourceId: string): Promise<void> {
  await h.client.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: resourceId, BookingOptions: { AutoAcceptRequests: false } }));
}

test('create: one AssociateDelegateToResource, read back once; the physical id names the resource and the delegate', async () => {
  const { room, user } = await roomAndUser();
  const response = await run(events.create(delegateProps(room, user)));

  expect(response).toEqual({ PhysicalResourceId: `${room}/delegates/${user}` });
  expect(h.operations()).toEqual(['AssociateDelegateToResource', 'ListResourceDelegates']);
  expect(delegatesOf(room)).toEqual([user]);
});

test('create is idempotent: a retry or a delegate already there succeeds, and the delegate is listed once', async () => {
  const { room, user } = await roomAndUser();
  await run(events.create(delegateProps(room, user)));
  h.emulator.loseNextResponse('AssociateDelegateToResource');
  await run(events.create(delegateProps(room, user)));

  expect(h.emulator.calls.map((c) => `${c.operation} ${c.status}`)).toEqual([
    'AssociateDelegateToResource 200', 'ListResourceDelegates 200',
    'AssociateDelegateToResource 500', 'AssociateDelegateToResource 200', 'ListResourceDelegates 200',
  ]);
  expect(delegatesOf(room)).toEqual([user]);
});

test('create with a group as delegate', async () => {
  const room = await handMadeEntity(h.client, 'RESOURCE', 'room');
  const group = await handMadeEntity(h.client, 'GROUP', 'dlggrp');
  await run(events.create(delegateProps(room.id, group.id)));
  expect(entityOf(h.emulator, room.id)!.delegates).toEqual([{ id: group.id, type: 'GROUP' }]);
});

test('create with a delegate that does not exist: the error names the operation, the resource, the organization and what must exist', async () => {
  const { room } = await roomAndUser();
  const missing = '01234567-89ab-cdef-0123-456789abcdef';
  const err = await failure(run(events.create(delegateProps(room, missing))));

  expect(err.message).toContain(`AssociateDelegateToResource failed for resource ${room} in organization ${ORG}: EntityNotFoundException`);
  expect(err.message).toContain(`The delegate ${missing} and the resource ${room} must both exist (not DELETED) in organization ${ORG}`);
  expect(delegatesOf(room)).toEqual([]);
});

test('bad input: a missing property is named', async () => {
  const err = await failure(run(events.create({ OrganizationId: ORG, ResourceId: 'r-00000000000000000000000000000000' })));
  expect(err.message).toBe("Property 'EntityId' of Custom::WorkMailDelegate 'RoomDelegate' is required");
  expect(h.operations()).toEqual([]);
});

test('update to another delegate: a new physical id (replacement); the old delegation stays for CloudFormation\'s Delete', async () => {
  const { room, user } = await roomAndUser();
  const other = await handMadeEntity(h.client, 'USER', 'dlg');
  await run(events.create(delegateProps(room, user)));
  h.emulator.resetCalls();

  const response = await run(events.update(`${room}/delegates/${user}`, delegateProps(room, other.id), delegateProps(room, user)));
  expect(response).toEqual({ PhysicalResourceId: `${room}/delegates/${other.id}` });
  expect(h.operations()).toEqual(['AssociateDelegateToResource', 'ListResourceDelegates']);
  expect(delegatesOf(room)).toEqual([user, other.id]);

  await run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user)));
  expect(delegatesOf(room)).toEqual([other.id]);
});

test('update where only the organization changed (same ids, same physical id): nothing is removed before the new association succeeds', async () => {
  const { room, user } = await roomAndUser();
  await run(events.create(delegateProps(room, user)));
  h.emulator.resetCalls();
  // The same ids cannot exist in the other organization: the association fails there, and nothing is removed before it succeeds.
  const err = await failure(run(events.update(`${room}/delegates/${user}`, delegateProps(room, user, OTHER_ORG), delegateProps(room, user))));
  expect(err.message).toContain(`AssociateDelegateToResource failed for resource ${room} in organization ${OTHER_ORG}: EntityNotFoundException`);
  expect(h.operations()).toEqual(['AssociateDelegateToResource']);
  expect(delegatesOf(room)).toEqual([user]);
});

test('delete: one DisassociateDelegateFromResource, read back once', async () => {
  const { room, user } = await roomAndUser();
  await run(events.create(delegateProps(room, user)));
  h.emulator.resetCalls();
  const response = await run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user)));

  expect(response).toEqual({ PhysicalResourceId: `${room}/delegates/${user}` });
  expect(h.operations()).toEqual(['DisassociateDelegateFromResource', 'ListResourceDelegates']);
  expect(delegatesOf(room)).toEqual([]);
});

test('delete of a delegation already removed, of a deleted delegate or a deleted resource, or with the organization gone: success', async () => {
  const { room, user } = await roomAndUser();
  await run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user)));
  expect(h.operations()).toEqual(['DisassociateDelegateFromResource', 'ListResourceDelegates']);

  // The delegate deleted outside the stack (deleting an entity removes it from every delegate list).
  await h.client.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: room, EntityId: user }));
  await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: user }));
  await h.client.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: user }));
  await run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user)));

  // The resource deleted outside the stack: EntityStateException, and the list says it is gone.
  const other = await roomAndUser();
  await run(events.create(delegateProps(other.room, other.user)));
  await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: other.room }));
  await h.client.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: other.room }));
  h.emulator.resetCalls();
  await run(events.delete(`${other.room}/delegates/${other.user}`, delegateProps(other.room, other.user)));
  expect(h.emulator.calls.map((c) => `${c.operation} ${c.errorName ?? c.status}`)).toEqual([
    'DisassociateDelegateFromResource EntityStateException', 'ListResourceDelegates EntityStateException',
  ]);

  h.emulator.resetCalls();
  h.emulator.failNext('DisassociateDelegateFromResource', 'OrganizationNotFoundException');
  await run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user)));
  h.emulator.failNext('DisassociateDelegateFromResource', 'EntityNotFoundException');
  await run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user)));
  expect(h.operations()).toEqual(['DisassociateDelegateFromResource', 'DisassociateDelegateFromResource']);
});

test('delete of the last delegate of a resource that does not auto-accept: refused with the way out', async () => {
  const { room, user } = await roomAndUser();
  await run(events.create(delegateProps(room, user)));
  await stopAutoAccept(room);
  h.emulator.resetCalls();

  const err = await failure(run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user))));
  expect(err.message).toContain(`DisassociateDelegateFromResource failed for resource ${room} in organization ${ORG}: EntityStateException`);
  expect(err.message).toContain(
    `${user} is the last delegate of resource ${room}, which does not accept bookings automatically: ` +
    'turn auto-accept on (bookingOptions autoAcceptRequests: true) or add another delegate first',
  );
  expect(h.operations()).toEqual(['DisassociateDelegateFromResource', 'ListResourceDelegates']);
  expect(delegatesOf(room)).toEqual([user]);

  // With another delegate, it goes.
  const other = await handMadeEntity(h.client, 'USER', 'dlg');
  await run(events.create(delegateProps(room, other.id)));
  await run(events.delete(`${room}/delegates/${user}`, delegateProps(room, user)));
  expect(delegatesOf(room)).toEqual([other.id]);
});

test('delete with an unreadable deployed declaration: no call', async () => {
  const { room, user } = await roomAndUser();
  await run(events.delete(`${room}/delegates/${user}`, { ResourceId: room, EntityId: user }));
  expect(h.operations()).toEqual([]);
});
