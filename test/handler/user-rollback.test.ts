/**
 * CloudFormation rolls a custom resource back with an Update whose properties
 * are the old ones, sent to the resource's current physical id. The handler
 * asks the stack's status (DescribeStacks) only where a rollback is handled
 * differently from a forward change.
 */
import { ResetPasswordCommand } from '@aws-sdk/client-workmail';
import { createEvent, deleteEvent, updateEvent, userProps } from './events';
import { DOMAIN, failure, handMadeUser, Harness, ORG, useHarness, uniqueNames } from './harness';

let h: Harness;
const unique = uniqueNames();
useHarness((started) => {
  h = started;
});


function decisions(): string[] {
  return h.logLines.map((l) => JSON.parse(l) as { decision?: string }).flatMap((l) => (l.decision ? [l.decision] : []));
}

/**
 * A user the stack made and then renamed (the replacement succeeded), each in an operation of its own;
 * a new operation begins afterwards, and calls are reset.
 */
async function renamed(overrides: Record<string, string | undefined> = {}) {
  const before = unique('anna');
  const after = unique('bella');
  const oldProps = userProps({ Name: before, Email: `${before}@${DOMAIN}`, ...overrides });
  const newProps = { ...oldProps, Name: after, Email: `${after}@${DOMAIN}` };
  const { PhysicalResourceId: oldId } = await h.run(createEvent(oldProps));
  const { PhysicalResourceId: newId } = await h.run(updateEvent(oldId, newProps, oldProps));
  expect(newId).not.toBe(oldId);
  h.beginStackOperation();
  h.emulator.resetCalls();
  h.logLines.length = 0;
  return { before, after, oldProps, newProps, oldId, newId };
}

describe('rollback of a replacement that succeeded', () => {
  test('takes the old user back, deletes the new one, and answers the old id', async () => {
    const { before, after, oldProps, newProps, oldId, newId } = await renamed();
    // Its password, changed by hand since, is never reset.
    await h.client.send(new ResetPasswordCommand({ OrganizationId: ORG, UserId: oldId, Password: 'Changed-By-Hand-1' }));
    h.emulator.resetCalls();
    h.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');

    const response = await h.run(updateEvent(newId, oldProps, newProps));

    expect(response).toEqual({ PhysicalResourceId: oldId, Data: { UserId: oldId, Email: `${before}@${DOMAIN}` } });
    expect(h.operations()).toEqual([
      'DescribeUser', 'CreateUser', 'DescribeStacks', 'ListUsers',
      'DescribeUser', 'DeregisterFromWorkMail', 'DeleteUser',
      'DescribeUser',
    ]);
    expect(h.user(newId)).toMatchObject({ name: after, state: 'DELETED' });
    expect(h.user(oldId)).toMatchObject({ name: before, state: 'ENABLED', email: `${before}@${DOMAIN}`, displayName: 'Alice Liddell' });
    expect(h.emulator.checkPassword(ORG, oldId, 'Changed-By-Hand-1')).toBe(true);
    expect(decisions()).toContain('rollback-replacement');

    // CloudFormation then deletes the resource's former id: already gone.
    h.emulator.resetCalls();
    await expect(h.run(deleteEvent(newId, newProps))).resolves.toEqual({ PhysicalResourceId: newId });
    expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DescribeUser']);
    expect(h.user(oldId)).toMatchObject({ state: 'ENABLED' });
  });

  test('answers an adopted id when the old declaration adopts, and never deletes an adopted user', async () => {
    const { oldProps, newProps, oldId, newId } = await renamed({ AdoptExisting: 'true' });
    h.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');

    const response = await h.run(updateEvent(newId, oldProps, newProps));
    expect(response.PhysicalResourceId).toBe(`adopted/${oldId}`);
    expect(response.Data).toEqual({ UserId: oldId, Email: oldProps.Email });
    expect(h.user(newId)).toMatchObject({ state: 'DELETED' });

    // Both sides adopted: the user the resource holds now is kept.
    const erin = await handMadeUser(h, unique('erin'), 'Erin', 'Erins-Own-Pw-1');
    const fay = await handMadeUser(h, unique('fay'), 'Fay', 'Fays-Own-Pw-1');
    const erinProps = userProps({ Name: h.user(erin)!.name, DisplayName: 'Erin', Email: undefined, AdoptExisting: 'true' });
    const fayProps = { ...erinProps, Name: h.user(fay)!.name, DisplayName: 'Fay' };
    h.setStackStatus('UPDATE_IN_PROGRESS');
    const { PhysicalResourceId: erinId } = await h.run(createEvent(erinProps, 'Erin'));
    const { PhysicalResourceId: fayId } = await h.run(updateEvent(erinId, fayProps, erinProps, 'Erin'));
    expect([erinId, fayId]).toEqual([`adopted/${erin}`, `adopted/${fay}`]);
    h.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');
    h.emulator.resetCalls();

    await expect(h.run(updateEvent(fayId, erinProps, fayProps, 'Erin'))).resolves.toMatchObject({ PhysicalResourceId: erinId });
    expect(h.operations()).toEqual(['DescribeUser', 'CreateUser', 'DescribeStacks', 'ListUsers', 'DescribeUser']);
    expect(h.user(fay)).toMatchObject({ state: 'DISABLED', displayName: 'Fay' });
    expect(h.emulator.checkPassword(ORG, erin, 'Erins-Own-Pw-1')).toBe(true);
  });

  test('a forward rename back to a retained old name still fails, deleting nothing', async () => {
    const { oldProps, newProps, oldId, newId } = await renamed();

    const err = await failure(h.run(updateEvent(newId, oldProps, newProps)));
    expect(err.message).toMatch(/^CreateUser failed for user '.+' in organization .+: NameAvailabilityException: .*set adoptExisting: true/);
    // Not rolling back; and the old user, as declared, was registered before this operation began.
    expect(h.operations()).toEqual(['DescribeUser', 'CreateUser', 'DescribeStacks', 'ListUsers', 'DescribeStacks']);
    expect(h.user(oldId)).toMatchObject({ state: 'ENABLED' });
    expect(h.user(newId)).toMatchObject({ state: 'ENABLED' });
    expect(decisions()).not.toContain('rollback-replacement');
  });

  test('a stack that cannot be read means the forward handling, and claims nothing', async () => {
    const { oldProps, newProps, oldId, newId } = await renamed();
    // Were the stack readable, the old user would count as registered in this operation.
    h.setStackTimes({ creationTime: new Date(0) });
    h.setStackStatus(undefined);

    const err = await failure(h.run(updateEvent(newId, oldProps, newProps)));
    expect(err.message).toContain('NameAvailabilityException');
    expect(h.operations()).toEqual(['DescribeUser', 'CreateUser', 'DescribeStacks', 'ListUsers', 'DescribeStacks']);
    expect(h.user(oldId)).toMatchObject({ state: 'ENABLED' });
    expect(h.user(newId)).toMatchObject({ state: 'ENABLED' });
    const warnings = h.logLines.map((l) => JSON.parse(l) as Record<string, string>).filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({ decision: 'assume-forward-change', errorName: 'ValidationError' }),
      expect.objectContaining({ decision: 'operation-start-unknown', errorName: 'ValidationError' }),
    ]);
  });
});

describe('rollback of an update that registered the user', () => {
  /** A user made without an email, then given one (registered); calls are reset afterwards. */
  async function registeredByUpdate() {
    const name = unique('ivy');
    const unregistered = userProps({ Name: name, Email: undefined });
    const registered = { ...unregistered, Email: `${name}@${DOMAIN}` };
    const { PhysicalResourceId: id } = await h.run(createEvent(unregistered));
    await h.run(updateEvent(id, registered, unregistered));
    expect(h.user(id)).toMatchObject({ state: 'ENABLED' });
    h.emulator.resetCalls();
    return { id, name, unregistered, registered };
  }

  test.each(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS'])('deregisters it again (%s)', async (status) => {
    const { id, unregistered, registered } = await registeredByUpdate();
    h.setStackStatus(status);

    const response = await h.run(updateEvent(id, unregistered, registered));
    expect(response).toEqual({ PhysicalResourceId: id, Data: { UserId: id, Email: '' } });
    expect(h.operations()).toEqual(['DescribeUser', 'DescribeStacks', 'DeregisterFromWorkMail']);
    expect(h.user(id)).toMatchObject({ state: 'DISABLED' });
    expect(decisions()).toContain('rollback-registration');
  });

  test('a forward removal of the email still fails and changes nothing', async () => {
    const { id, name, unregistered, registered } = await registeredByUpdate();

    await expect(h.run(updateEvent(id, unregistered, registered))).rejects.toThrow(`is registered as ${name}@${DOMAIN}, but the declaration has no email`);
    expect(h.operations()).toEqual(['DescribeUser', 'DescribeStacks']);
    expect(h.user(id)).toMatchObject({ state: 'ENABLED', email: `${name}@${DOMAIN}` });
  });

  test('an address the rolled-back update did not declare is kept, without asking the stack', async () => {
    const { id, name, unregistered, registered } = await registeredByUpdate();
    h.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');

    await expect(h.run(updateEvent(id, unregistered, { ...registered, Email: `other-${name}@${DOMAIN}` }))).rejects.toThrow('but the declaration has no email');
    expect(h.operations()).toEqual(['DescribeUser']);
    expect(h.user(id)).toMatchObject({ state: 'ENABLED' });
  });
});

test('ordinary creates, updates, renames and deletes never ask the stack, even while it rolls back', async () => {
  h.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');
  h.emulator.resetCalls();
  const name = unique('joe');
  const props = userProps({ Name: name, Email: `${name}@${DOMAIN}` });
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  const changed = { ...props, DisplayName: 'Joe', Email: `${name}.new@${DOMAIN}`, PasswordSecretField: undefined };
  await h.run(updateEvent(id, changed, props));
  const renamedProps = { ...changed, Name: `${name}-2`, Email: `${name}-2@${DOMAIN}` };
  const { PhysicalResourceId: newId } = await h.run(updateEvent(id, renamedProps, changed));
  await h.run(deleteEvent(id, changed));
  await h.run(deleteEvent(newId, renamedProps));

  expect(h.operations()).not.toContain('DescribeStacks');
  expect([h.user(id)?.state, h.user(newId)?.state]).toEqual(['DELETED', 'DELETED']);
});
