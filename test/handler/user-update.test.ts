import { DeregisterFromWorkMailCommand, DeleteUserCommand, UpdatePrimaryEmailAddressCommand, UpdateUserCommand } from '@aws-sdk/client-workmail';
import { createEvent, deleteEvent, updateEvent, userProps } from './events';
import { DOMAIN, failure, handMadeUser, Harness, ORG, OTHER_DOMAIN, OTHER_ORG, PASSWORD, stackMadeUser, useHarness } from './harness';

let h: Harness;

useHarness((started) => {
  h = started;
});

const madeUser = (overrides: Record<string, string | undefined> = {}) => stackMadeUser(h, 'upd', overrides);

test('update: no change makes only DescribeUser', async () => {
  const { id, props } = await madeUser();
  const response = await h.run(updateEvent(id, props, props));

  expect(h.operations()).toEqual(['DescribeUser']);
  expect(response).toEqual({ PhysicalResourceId: id, Data: { UserId: id, Email: props.Email } });
});

test('update: a new display name makes only UpdateUser', async () => {
  const { id, props } = await madeUser();
  await h.run(updateEvent(id, { ...props, DisplayName: 'Alice Pleasance Liddell' }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'UpdateUser']);
  expect(h.user(id)!.displayName).toBe('Alice Pleasance Liddell');
});

test('update: enabling a disabled user makes only RegisterToWorkMail', async () => {
  const { id, name, props } = await madeUser({ Enabled: 'false' });
  await h.run(updateEvent(id, { ...props, Enabled: 'true' }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'RegisterToWorkMail']);
  expect(h.user(id)).toMatchObject({ state: 'ENABLED', email: `${name}@${DOMAIN}` });
});

test('update: a new email makes only UpdatePrimaryEmailAddress (case-only difference is no change)', async () => {
  const { id, name, props } = await madeUser();
  await h.run(updateEvent(id, { ...props, Email: `${name.toUpperCase()}@${DOMAIN}` }, props));
  expect(h.operations()).toEqual(['DescribeUser']);

  await h.run(updateEvent(id, { ...props, Email: `${name}.new@${DOMAIN}` }, props));
  expect(h.operations()).toEqual(['DescribeUser', 'DescribeUser', 'UpdatePrimaryEmailAddress']);
  expect(h.user(id)).toMatchObject({ email: `${name}.new@${DOMAIN}`, aliases: [`${name}@${DOMAIN}`] });
});

test('update: enabled false makes only DeregisterFromWorkMail, with or without an email declared', async () => {
  for (const keepEmail of [true, false]) {
    const { id, props } = await madeUser();
    const response = await h.run(updateEvent(id, { ...props, Email: keepEmail ? props.Email : undefined, Enabled: 'false' }, props));

    expect(h.operations()).toEqual(['DescribeUser', 'DeregisterFromWorkMail']);
    expect(h.user(id)).toMatchObject({ state: 'DISABLED' });
    expect(response.Data!.Email).toBe('');
  }
});

test('update: removing the email of a registered user (enabled not declared) fails before any change', async () => {
  const { id, name, props } = await madeUser();
  const err = await failure(h.run(updateEvent(id, { ...props, Email: undefined, DisplayName: 'Not Applied' }, props)));

  expect(err.message).toBe(
    `User '${name}' (${id}) in organization ${ORG} is registered as ${name}@${DOMAIN}, but the declaration has no email: ` +
    `declare email '${name}@${DOMAIN}' to keep the mailbox, or set enabled: false to deregister it (WorkMail deletes a deregistered mailbox after 30 days)`,
  );
  // Asks the stack whether this is the rollback of the update that registered the user (it is not).
  expect(h.operations()).toEqual(['DescribeUser', 'DescribeStacks']);
  expect(h.user(id)).toMatchObject({ state: 'ENABLED', email: `${name}@${DOMAIN}`, displayName: 'Alice Liddell' });
});

test('update: a new password secret makes only ResetPassword', async () => {
  const { id, props } = await madeUser();
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rotated-AbCdEf';
  h.secrets.set(arn, 'Rotated-Pw-2025!');
  await h.run(updateEvent(id, { ...props, PasswordSecretArn: arn }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'ResetPassword']);
  expect(h.emulator.checkPassword(ORG, id, 'Rotated-Pw-2025!')).toBe(true);
  expect(h.emulator.checkPassword(ORG, id, PASSWORD)).toBe(false);
});

test('update: a new JSON field of the same secret also resets the password', async () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fields-AbCdEf';
  h.secrets.set(arn, JSON.stringify({ a: 'Field-A-Pw-123', b: 'Field-B-Pw-456' }));
  const { id, props } = await madeUser({ PasswordSecretArn: arn, PasswordSecretField: 'a' });
  await h.run(updateEvent(id, { ...props, PasswordSecretField: 'b' }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'ResetPassword']);
  expect(h.emulator.checkPassword(ORG, id, 'Field-B-Pw-456')).toBe(true);
});

test('update: all changes at once come in order', async () => {
  const { id, name, props } = await madeUser({ Enabled: 'false' });
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:all-AbCdEf';
  h.secrets.set(arn, 'All-At-Once-Pw-1');
  await h.run(updateEvent(id, { ...props, DisplayName: 'New Name', Enabled: 'true', PasswordSecretArn: arn }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'UpdateUser', 'RegisterToWorkMail', 'ResetPassword']);
  expect(h.user(id)).toMatchObject({ displayName: 'New Name', state: 'ENABLED', email: `${name}@${DOMAIN}` });
});

test('update: an address held by another user is a clear error naming both sides', async () => {
  const first = await madeUser();
  const { id, name, props } = await madeUser();
  const err = await failure(h.run(updateEvent(id, { ...props, Email: `${first.name}@${DOMAIN}` }, props)));

  expect(err.message).toMatch(new RegExp(`^UpdatePrimaryEmailAddress failed for user '${name}' \\(${id}\\) in organization ${ORG}: EmailAddressInUseException: `));
  expect(h.operations()).toEqual(['DescribeUser', 'UpdatePrimaryEmailAddress', 'DescribeUser']);
  expect(h.user(id)!.email).toBe(`${name}@${DOMAIN}`);
});

test('update: drift made outside the stack is converged back', async () => {
  const { id, name, props } = await madeUser();
  await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
  await h.client.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, DisplayName: 'Changed By Hand' }));
  h.emulator.resetCalls();

  await h.run(updateEvent(id, props, props));

  expect(h.operations()).toEqual(['DescribeUser', 'UpdateUser', 'RegisterToWorkMail']);
  expect(h.user(id)).toMatchObject({ displayName: 'Alice Liddell', state: 'ENABLED', email: `${name}@${DOMAIN}` });
});

test('update: an email changed by hand is converged back', async () => {
  const { id, name, props } = await madeUser();
  await h.client.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ORG, EntityId: id, Email: `${name}.byhand@${DOMAIN}` }));
  h.emulator.resetCalls();

  await h.run(updateEvent(id, props, props));
  expect(h.operations()).toEqual(['DescribeUser', 'UpdatePrimaryEmailAddress']);
  expect(h.user(id)!.email).toBe(`${name}@${DOMAIN}`);
});

test('update: a case-only rename is a logged no-op', async () => {
  const { id, name, props } = await madeUser();
  const response = await h.run(updateEvent(id, { ...props, Name: name.toUpperCase() }, props));

  expect(response.PhysicalResourceId).toBe(id);
  expect(h.operations()).toEqual(['DescribeUser']);
  expect(h.logLines.some((l) => l.includes('ignore-case-only-rename'))).toBe(true);
});

test('update: a rename replaces the user; the old one is left for CloudFormation to delete', async () => {
  const { id, name, props } = await madeUser({ Email: undefined });
  const response = await h.run(updateEvent(id, { ...props, Name: `${name}-renamed` }, props));

  expect(response.PhysicalResourceId).not.toBe(id);
  expect(h.operations()).toEqual(['DescribeUser', 'CreateUser']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ name: `${name}-renamed`, state: 'DISABLED' });
  expect(h.user(id)).toMatchObject({ name, state: 'DISABLED' });
});

test('update: a rename with a new address replaces the user and checks the old one first', async () => {
  const { id, name, props } = await madeUser();
  const response = await h.run(updateEvent(id, { ...props, Name: `${name}-2`, Email: `${name}-2@${DOMAIN}` }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'CreateUser', 'RegisterToWorkMail']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ name: `${name}-2`, state: 'ENABLED', email: `${name}-2@${DOMAIN}` });
  expect(h.user(id)).toMatchObject({ name, state: 'ENABLED', email: `${name}@${DOMAIN}` });
});

test('update: a rename that keeps the address fails early, creating nothing', async () => {
  const { id, name, props } = await madeUser();
  const before = h.liveUsers().length;

  await expect(h.run(updateEvent(id, { ...props, Name: `${name}-moved` }, props))).rejects.toThrow(
    new RegExp(`^Cannot replace user '${name}' \\(${id}\\) by user '${name}-moved' in organization ${ORG}: the address ${name}@${DOMAIN} still belongs ` +
      'to the user being replaced, and WorkMail cannot move an address between two users in one deployment .*Nothing was created'),
  );
  expect(h.operations()).toEqual(['DescribeUser']);
  expect(h.liveUsers()).toHaveLength(before);
});

test('update: a rename of an adopted user creates a plain-id user, and the adopted one is never deleted', async () => {
  const id = await handMadeUser(h, 'judy', 'Judy', 'Judys-Own-Pw-1');
  const props = userProps({ Name: 'judy', DisplayName: 'Judy', Email: undefined, AdoptExisting: 'true' });
  const { PhysicalResourceId: adoptedId } = await h.run(createEvent(props, 'Judy'));
  expect(adoptedId).toBe(`adopted/${id}`);
  h.emulator.resetCalls();

  const response = await h.run(updateEvent(adoptedId, { ...props, Name: 'judy2' }, props, 'Judy'));
  expect(response).toEqual({ PhysicalResourceId: expect.not.stringContaining('/'), Data: { UserId: response.PhysicalResourceId, Email: '' } });
  expect(h.operations()).toEqual(['DescribeUser', 'CreateUser']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ name: 'judy2' });

  // CloudFormation then deletes the old resource.
  h.emulator.resetCalls();
  await h.run(deleteEvent(adoptedId, props, 'Judy'));
  expect(h.operations()).toEqual([]);
  expect(h.user(id)).toMatchObject({ name: 'judy', state: 'DISABLED' });
});

test('update: a move to another organization replaces the user there', async () => {
  const { id, name, props } = await madeUser();
  const response = await h.run(updateEvent(id, { ...props, OrganizationId: OTHER_ORG, Email: `${name}@${OTHER_DOMAIN}` }, props));

  // The first DescribeUser asks whether the old id already is the declared user there (it is not).
  expect(h.operations()).toEqual(['DescribeUser', 'CreateUser', 'RegisterToWorkMail']);
  expect(h.user(response.PhysicalResourceId, OTHER_ORG)).toMatchObject({ name, state: 'ENABLED', email: `${name}@${OTHER_DOMAIN}` });
  expect(h.user(id)).toMatchObject({ state: 'ENABLED' });
});

test('update: the rollback of a failed replacement converges the old user in place', async () => {
  const { id, name, props } = await madeUser();
  const failedRename = { ...props, Name: `${name}-x`, Email: `${name}-x@unknown.example.org` };
  await expect(h.run(updateEvent(id, failedRename, props))).rejects.toThrow(/MailDomainNotFoundException/);
  h.emulator.resetCalls();

  // CloudFormation rolls back by sending the old properties to the old id.
  const response = await h.run(updateEvent(id, props, failedRename));
  expect(response.PhysicalResourceId).toBe(id);
  expect(h.operations()).toEqual(['DescribeUser']);
  expect(h.liveUsers().filter((user) => user.name.startsWith(name))).toEqual([expect.objectContaining({ id, name, state: 'ENABLED' })]);
});

test('update: a user deleted outside the stack is a clear error', async () => {
  const { id, name, props } = await madeUser({ Email: undefined });
  await h.client.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: id }));

  await expect(h.run(updateEvent(id, { ...props, DisplayName: 'Anything' }, props))).rejects.toThrow(
    `DescribeUser for user '${name}' (${id}) in organization ${ORG}: State DELETED. ` +
    'The user was deleted outside the stack: rename it in the stack to create a new one, or remove it from the stack',
  );
  await expect(h.run(updateEvent('f0000000-0000-0000-0000-00000000000f', props, props))).rejects.toThrow(
    `DescribeUser for user '${name}' (f0000000-0000-0000-0000-00000000000f) in organization ${ORG}: EntityNotFoundException.`,
  );
});
