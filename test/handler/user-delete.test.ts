import { DeleteUserCommand, DeregisterFromWorkMailCommand } from '@aws-sdk/client-workmail';
import { deleteEvent, userProps } from './events';
import { DOMAIN, handMadeUser, Harness, ORG, stackMadeUser, useHarness } from './harness';
import { dispatch } from '../../lambda/dispatch';

let h: Harness;

useHarness((started) => {
  h = started;
});

/** Resolves once `condition` holds, checking every few milliseconds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

const madeUser = (overrides: Record<string, string | undefined> = {}) => stackMadeUser(h, 'del', overrides);

test('delete: a created user is deregistered at once (no read first), then deleted (no RemovalPolicy property involved)', async () => {
  const { id, props } = await madeUser();
  expect(props).not.toHaveProperty('RemovalPolicy');
  const response = await h.run(deleteEvent(id, props));

  expect(response).toEqual({ PhysicalResourceId: id });
  expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DeleteUser']);
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: a disabled user is deleted without deregistering', async () => {
  const { id, props } = await madeUser({ Enabled: 'false' });
  await h.run(deleteEvent(id, props));

  expect(h.operations()).toEqual(['DescribeUser', 'DeleteUser']);
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: a user declared registered but deregistered by hand takes two calls, no read', async () => {
  const { id, props } = await madeUser();
  await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
  h.emulator.resetCalls();

  await h.run(deleteEvent(id, props));
  expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DeleteUser']);
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: a user the service refuses to deregister again (EntityStateException) is read back once, then deleted', async () => {
  const { id, props } = await madeUser();
  await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
  h.emulator.failNext('DeregisterFromWorkMail', 'EntityStateException');
  h.emulator.resetCalls();

  await h.run(deleteEvent(id, props));
  expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DescribeUser', 'DeleteUser']);
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: a RemovalPolicy property left from an earlier version is ignored (CloudFormation\'s DeletionPolicy decides)', async () => {
  const { id, props } = await madeUser();
  await h.run(deleteEvent(id, { ...props, RemovalPolicy: 'retain' }));

  expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DeleteUser']);
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: an adopted user (adopted/ id) gets no WorkMail call and keeps its mailbox', async () => {
  const id = await handMadeUser(h, 'kept', 'Kept By Hand', 'Kept-Own-Pw-1', `kept@${DOMAIN}`);
  h.emulator.resetCalls();
  const linesBefore = h.logLines.length;

  const response = await h.run(deleteEvent(`adopted/${id}`, userProps({ Name: 'kept', Email: `kept@${DOMAIN}`, AdoptExisting: 'true' })));

  expect(response).toEqual({ PhysicalResourceId: `adopted/${id}` });
  expect(h.operations()).toEqual([]);
  expect(h.user(id)).toMatchObject({ state: 'ENABLED', email: `kept@${DOMAIN}` });
  const decisions = h.logLines.slice(linesBefore).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'decision');
  expect(decisions).toEqual([expect.objectContaining({
    decision: 'retain-adopted', entityId: id, reason: 'adopted users were not made by this stack and are never deleted by it',
  })]);
});

test('delete: a user already deleted outside the stack is success', async () => {
  const { id, props } = await madeUser();
  await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
  await h.client.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: id }));
  h.emulator.resetCalls();

  await expect(h.run(deleteEvent(id, props))).resolves.toEqual({ PhysicalResourceId: id });
  expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DescribeUser']);
});

test('delete: an unknown id is success', async () => {
  h.emulator.resetCalls();
  const unknown = 'a1b2c3d4-0000-0000-0000-000000000000';
  await expect(h.run(deleteEvent(unknown, userProps()))).resolves.toEqual({ PhysicalResourceId: unknown });
  expect(h.operations()).toEqual(['DeregisterFromWorkMail']);
});

test('delete: an organization that is gone means the user is gone', async () => {
  h.emulator.resetCalls();
  const props = userProps({ OrganizationId: 'm-99999999999999999999999999999999' });
  await expect(h.run(deleteEvent('b1b2c3d4-0000-0000-0000-000000000000', props))).resolves.toEqual({
    PhysicalResourceId: 'b1b2c3d4-0000-0000-0000-000000000000',
  });
  expect(h.logLines.some((l) => l.includes('organization-gone'))).toBe(true);
});

test('delete: waits while WorkMail still deregisters (eventual consistency), then succeeds', async () => {
  const { id, props } = await madeUser();
  // The delay is measured on the emulator's clock: the first DeleteUser is refused however slow the machine,
  // and the test lets the delay pass (moves the clock) once WorkMail has refused one, while the handler waits.
  h.emulator.setFaults({ consistencyDelayMs: 60_000 });
  const deleting = h.run(deleteEvent(id, props));
  await Promise.race([deleting, until(() => h.emulator.calls.some((c) => c.operation === 'DeleteUser' && c.errorName === 'EntityStateException'))]);
  h.emulator.clock.advance(60_000);
  await deleting;

  const ops = h.operations();
  expect(ops.slice(0, 2)).toEqual(['DeregisterFromWorkMail', 'DeleteUser']);
  expect(ops[ops.length - 1]).toBe('DeleteUser');
  expect(ops.filter((o) => o === 'DeleteUser').length).toBeGreaterThan(1);
  expect(h.emulator.calls.filter((c) => c.operation === 'DeleteUser' && c.errorName === 'EntityStateException').length).toBeGreaterThan(0);
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: a wait that runs out names the operation, the user and the bound', async () => {
  const { id, name, props } = await madeUser();
  h.emulator.setFaults({ consistencyDelayMs: 60_000 });
  const short = { ...h.deps, wait: { attempts: 3, delayMs: 10 } };

  await expect(dispatch(deleteEvent(id, props), short)).rejects.toThrow(
    new RegExp(`^DeleteUser failed for user '${name}' \\(${id}\\) in organization ${ORG}: EntityStateException: .*not deletable after 3 tries`),
  );
});

test('delete: a lost DeleteUser response whose retry finds the user DELETED is success', async () => {
  const { id, props } = await madeUser({ Enabled: 'false' });
  h.emulator.loseNextResponse('DeleteUser');

  await expect(h.run(deleteEvent(id, props))).resolves.toEqual({ PhysicalResourceId: id });
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: an EntityStateException on a DISABLED user is waited out', async () => {
  const { id, props } = await madeUser({ Enabled: 'false' });
  h.emulator.failNext('DeleteUser', 'EntityStateException', 2);

  await expect(h.run(deleteEvent(id, props))).resolves.toEqual({ PhysicalResourceId: id });
  expect(h.operations()).toEqual(['DescribeUser', 'DeleteUser', 'DescribeUser', 'DeleteUser', 'DescribeUser', 'DeleteUser']);
  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
});

test('delete: a user that vanishes while being deregistered is success', async () => {
  const { id, props } = await madeUser();
  h.emulator.failNext('DeregisterFromWorkMail', 'EntityNotFoundException');

  await expect(h.run(deleteEvent(id, props))).resolves.toEqual({ PhysicalResourceId: id });
  expect(h.operations()).toEqual(['DeregisterFromWorkMail']);
});

test('delete: a DeleteUser answering EntityNotFoundException is success', async () => {
  const { id, props } = await madeUser({ Enabled: 'false' });
  h.emulator.failNext('DeleteUser', 'EntityNotFoundException');

  await expect(h.run(deleteEvent(id, props))).resolves.toEqual({ PhysicalResourceId: id });
  expect(h.operations()).toEqual(['DescribeUser', 'DeleteUser']);
});
