import { DeregisterFromWorkMailCommand } from '@aws-sdk/client-workmail';
import { createEvent, deleteEvent, updateEvent, userProps } from './events';
import { DOMAIN, failure, handMadeUser, Harness, ORG, PASSWORD, useHarness } from './harness';
import { WorkMailOperationError } from '../../lambda/errors';

let h: Harness;

useHarness((started) => {
  h = started;
});

test('create: enabled with an email makes the user and registers it', async () => {
  const response = await h.run(createEvent(userProps({ Name: 'create1', Email: `create1@${DOMAIN}` })));

  expect(h.operations()).toEqual(['CreateUser', 'RegisterToWorkMail']);
  const user = h.user(response.PhysicalResourceId)!;
  expect(user).toMatchObject({ name: 'create1', displayName: 'Alice Liddell', state: 'ENABLED', email: `create1@${DOMAIN}` });
  expect(response.Data).toEqual({ UserId: response.PhysicalResourceId, Email: `create1@${DOMAIN}` });
  expect(h.emulator.checkPassword(ORG, response.PhysicalResourceId, PASSWORD)).toBe(true);
});

test('create: no email means not registered', async () => {
  const response = await h.run(createEvent(userProps({ Name: 'create2', Email: undefined })));

  expect(h.operations()).toEqual(['CreateUser']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ state: 'DISABLED' });
  expect(response.Data).toEqual({ UserId: response.PhysicalResourceId, Email: '' });
});

test('create: enabled false makes a DISABLED user even with an email', async () => {
  const response = await h.run(createEvent(userProps({ Name: 'create3', Email: `create3@${DOMAIN}`, Enabled: 'false' })));

  expect(h.operations()).toEqual(['CreateUser']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ state: 'DISABLED' });
  expect(h.user(response.PhysicalResourceId)!.email).toBeUndefined();
  expect(response.Data!.Email).toBe('');
});

test('create: a password from a JSON field of the secret', async () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:json-AbCdEf';
  h.secrets.set(arn, JSON.stringify({ username: 'create4', password: 'Json-Field-Pw-99' }));
  const response = await h.run(createEvent(userProps({ Name: 'create4', Email: undefined, PasswordSecretArn: arn, PasswordSecretField: 'password' })));
  expect(h.emulator.checkPassword(ORG, response.PhysicalResourceId, 'Json-Field-Pw-99')).toBe(true);
});

test('create: an unreadable secret fails before anything is made', async () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:nojson-AbCdEf';
  h.secrets.set(arn, 'Plain-Value-Pw-1');
  await expect(h.run(createEvent(userProps({ Name: 'create5', PasswordSecretArn: arn, PasswordSecretField: 'password' }))))
    .rejects.toThrow(`Password secret ${arn} is not JSON, so its field 'password' cannot be read`);
  expect(h.operations()).toEqual([]);
});

test('create: a half-failed create deletes the user it made and names op, user, org and error', async () => {
  const err = await failure(h.run(createEvent(userProps({ Name: 'halfmade', Email: 'halfmade@not-ours.example.com' }))));

  expect(err).toBeInstanceOf(WorkMailOperationError);
  expect((err as Error).message).toMatch(
    new RegExp(`^RegisterToWorkMail failed for user 'halfmade' \\(.+\\) in organization ${ORG}: MailDomainNotFoundException: `),
  );
  expect(h.operations()).toEqual(['CreateUser', 'RegisterToWorkMail', 'DeleteUser']);
  expect(h.liveUsers().filter((u) => u.name === 'halfmade')).toEqual([]);
});

test('create: undoing a create whose user is not deletable yet deregisters and waits', async () => {
  h.emulator.failNext('DeleteUser', 'EntityStateException');
  const err = await failure(h.run(createEvent(userProps({ Name: 'halfslow', Email: 'halfslow@not-ours.example.com' }))));

  expect(err.message).toContain('MailDomainNotFoundException');
  expect(h.operations()).toEqual(['CreateUser', 'RegisterToWorkMail', 'DeleteUser', 'DescribeUser', 'DeleteUser']);
  expect(h.liveUsers().filter((u) => u.name === 'halfslow')).toEqual([]);
});

test('create: when undoing fails too, the message says so and names the id to remove by hand', async () => {
  h.emulator.failNext('DeleteUser', 'OrganizationStateException');
  const err = await failure(h.run(createEvent(userProps({ Name: 'halfstuck', Email: 'halfstuck@not-ours.example.com' }))));

  const left = h.liveUsers().find((u) => u.name === 'halfstuck')!;
  expect((err as Error).message).toContain('MailDomainNotFoundException');
  expect((err as Error).message).toContain(`Undoing the create failed too (DeleteUser failed for user 'halfstuck' (${left.id}) in organization ${ORG}: OrganizationStateException`);
  expect((err as Error).message).toContain(`remove user 'halfstuck' (${left.id}) from organization ${ORG} by hand`);
});

test('create: a taken name fails with NameAvailabilityException and the way to adopt', async () => {
  await handMadeUser(h, 'taken', 'Taken By Hand', 'Hand-Made-Pw-1', `taken@${DOMAIN}`);
  h.emulator.resetCalls();

  await expect(h.run(createEvent(userProps({ Name: 'taken', Email: `taken@${DOMAIN}` })))).rejects.toThrow(
    `CreateUser failed for user 'taken' in organization ${ORG}: NameAvailabilityException: The name taken is already in use in this organization. ` +
    'The user already exists in the organization; set adoptExisting: true on the WorkMailUser to take it over (it is then reconciled, never re-created)',
  );
  // Any create may be a retried event, so the name's holder is read: a registered one may be someone's mailbox.
  expect(h.operations()).toEqual(['CreateUser', 'ListUsers']);
});

test('create: adoption takes the existing user over under an adopted/ id, reconciles it, never resets its password', async () => {
  const id = await handMadeUser(h, 'Bob', 'Bob By Hand', 'Bobs-Own-Pw-1', `bob.old@${DOMAIN}`);
  h.emulator.resetCalls();

  const props = userProps({ Name: 'bob', DisplayName: 'Bob Declared', Email: `bob@${DOMAIN}`, AdoptExisting: 'true' });
  const response = await h.run(createEvent(props, 'Bob'));

  expect(response).toEqual({ PhysicalResourceId: `adopted/${id}`, Data: { UserId: id, Email: `bob@${DOMAIN}` } });
  expect(h.operations()).toEqual(['ListUsers', 'DescribeUser', 'UpdateUser', 'UpdatePrimaryEmailAddress']);
  expect(h.user(id)).toMatchObject({ name: 'Bob', displayName: 'Bob Declared', email: `bob@${DOMAIN}`, state: 'ENABLED' });
  expect(h.emulator.checkPassword(ORG, id, 'Bobs-Own-Pw-1')).toBe(true);
  expect(h.emulator.checkPassword(ORG, id, PASSWORD)).toBe(false);
});

test('create: an adopted user is updated through its bare id, keeps its adopted/ id, and its Delete leaves it', async () => {
  const id = await handMadeUser(h, 'frank', 'Frank By Hand', 'Franks-Own-Pw-1', `frank@${DOMAIN}`);
  const props = userProps({ Name: 'frank', DisplayName: 'Frank By Hand', Email: `frank@${DOMAIN}`, AdoptExisting: 'true' });
  const { PhysicalResourceId: physicalId } = await h.run(createEvent(props, 'Frank'));
  expect(physicalId).toBe(`adopted/${id}`);
  h.emulator.resetCalls();

  const renamed = { ...props, DisplayName: 'Frank Declared' };
  const updated = await h.run(updateEvent(physicalId, renamed, props, 'Frank'));
  expect(updated).toEqual({ PhysicalResourceId: physicalId, Data: { UserId: id, Email: `frank@${DOMAIN}` } });
  expect(h.operations()).toEqual(['DescribeUser', 'UpdateUser']);
  expect(h.user(id)).toMatchObject({ displayName: 'Frank Declared', state: 'ENABLED' });

  h.emulator.resetCalls();
  await expect(h.run(deleteEvent(physicalId, renamed, 'Frank'))).resolves.toEqual({ PhysicalResourceId: physicalId });
  expect(h.operations()).toEqual([]);
  expect(h.user(id)).toMatchObject({ state: 'ENABLED', email: `frank@${DOMAIN}` });
});

test('create: under adoptExisting, a free name is created with a plain id, and its Delete destroys it', async () => {
  const props = userProps({ Name: 'grace', Email: `grace@${DOMAIN}`, AdoptExisting: 'true' });
  const response = await h.run(createEvent(props, 'Grace'));

  expect(response).toEqual({ PhysicalResourceId: expect.not.stringContaining('/'), Data: { UserId: response.PhysicalResourceId, Email: `grace@${DOMAIN}` } });
  // The name-prefix filter, then every page to confirm the miss.
  expect(h.operations()).toEqual(['ListUsers', 'ListUsers', 'CreateUser', 'RegisterToWorkMail']);

  h.emulator.resetCalls();
  await h.run(deleteEvent(response.PhysicalResourceId, props, 'Grace'));
  expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DeleteUser']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ state: 'DELETED' });
});

test('create: adopting a registered user declared without an email fails and leaves it as found', async () => {
  const id = await handMadeUser(h, 'heidi', 'Heidi By Hand', 'Heidis-Own-Pw-1', `heidi@${DOMAIN}`);
  h.emulator.resetCalls();

  const props = userProps({ Name: 'heidi', DisplayName: 'Heidi Declared', Email: undefined, AdoptExisting: 'true' });
  const err = await failure(h.run(createEvent(props, 'Heidi')));

  expect(err.message).toBe(
    `User 'heidi' (${id}) in organization ${ORG} is registered as heidi@${DOMAIN}, but the declaration has no email: ` +
    `declare email 'heidi@${DOMAIN}' to keep the mailbox, or set enabled: false to deregister it (WorkMail deletes a deregistered mailbox after 30 days). ` +
    'The existing user was left in place (not deleted); it is not adopted until this deployment succeeds',
  );
  expect(h.operations()).toEqual(['ListUsers', 'DescribeUser']);
  expect(h.user(id)).toMatchObject({ state: 'ENABLED', email: `heidi@${DOMAIN}`, displayName: 'Heidi By Hand' });
});

test('create: enabled true without an email is a clear error before any call', async () => {
  await expect(h.run(createEvent(userProps({ Name: 'ivan', Email: undefined, Enabled: 'true' }), 'Ivan'))).rejects.toThrow(
    "Property 'Enabled' of Custom::WorkMailUser 'Ivan' is 'true' but no 'Email' is given: WorkMail registers a user with its primary email address",
  );
  expect(h.operations()).toEqual([]);
});

test('create: a failed adoption leaves the existing user in place', async () => {
  const id = await handMadeUser(h, 'carol', 'Carol', 'Carols-Own-Pw-1', `carol@${DOMAIN}`);
  const props = userProps({ Name: 'carol', DisplayName: 'Carol', Email: 'carol@not-ours.example.com', AdoptExisting: 'true' });

  const err = await failure(h.run(createEvent(props, 'Carol')));
  expect((err as Error).message).toMatch(/^UpdatePrimaryEmailAddress failed for user 'carol' .* MailDomainNotFoundException: .*left in place \(not deleted\); it is not adopted until this deployment succeeds$/);
  expect(h.user(id)).toMatchObject({ state: 'ENABLED', email: `carol@${DOMAIN}` });
});

test('create: adoption of a name held by another kind of entity is refused clearly', async () => {
  h.emulator.failNext('CreateUser', 'NameAvailabilityException');
  await expect(h.run(createEvent(userProps({ Name: 'nosuchuser', AdoptExisting: 'true' })))).rejects.toThrow(
    "adoptExisting is set, but ListUsers shows no user named 'nosuchuser'",
  );
});

test('create: a lost CreateUser response is retried by the SDK and the user made by the first attempt is ours', async () => {
  h.emulator.loseNextResponse('CreateUser');
  const response = await h.run(createEvent(userProps({ Name: 'lostcreate', Email: `lostcreate@${DOMAIN}` })));

  const users = h.liveUsers().filter((u) => u.name === 'lostcreate');
  expect(users).toHaveLength(1);
  expect(users[0]).toMatchObject({ id: response.PhysicalResourceId, state: 'ENABLED', email: `lostcreate@${DOMAIN}` });
  expect(h.operations()).toEqual(['CreateUser', 'CreateUser', 'ListUsers', 'RegisterToWorkMail']);
  expect(h.logLines.some((l) => l.includes('claim-user-from-lost-create-response'))).toBe(true);
});

test('create: a registered user of the declared name made before the operation is never "ours", even after a throttled first attempt', async () => {
  await handMadeUser(h, 'dave', 'Alice Liddell', 'Daves-Own-Pw-1', `dave@${DOMAIN}`);
  h.beginStackOperation();
  h.emulator.resetCalls();
  h.emulator.failNext('CreateUser', 'ThrottlingException');

  await expect(h.run(createEvent(userProps({ Name: 'dave', Email: `dave@${DOMAIN}` })))).rejects.toThrow('NameAvailabilityException');
  // It matches the declaration, so the operation's start is read: it was registered before.
  expect(h.operations()).toEqual(['CreateUser', 'CreateUser', 'ListUsers', 'DescribeStacks']);
});

test('create: a retried create event claims the never-registered user its earlier attempt made (it holds no mail)', async () => {
  // What a create killed after CreateUser leaves: DISABLED, never registered, as declared.
  const leftId = await handMadeUser(h, 'retried', 'Alice Liddell', 'Retried-Left-Pw-1');
  h.emulator.resetCalls();

  const response = await h.run(createEvent(userProps({ Name: 'retried', Email: `retried@${DOMAIN}` })));
  expect(response.PhysicalResourceId).toBe(leftId);
  expect(h.liveUsers().filter((u) => u.name === 'retried')).toEqual([expect.objectContaining({ id: leftId, state: 'ENABLED', email: `retried@${DOMAIN}` })]);
  expect(h.logLines.some((l) => l.includes('claim-user-from-earlier-create-event'))).toBe(true);
});

test('create: after a 5xx retry, a same-named user that once had a mailbox is never taken for ours', async () => {
  const id = await handMadeUser(h, 'erin', 'Alice Liddell', 'Erins-Own-Pw-1', `erin@${DOMAIN}`);
  await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
  h.emulator.resetCalls();
  h.emulator.failNext('CreateUser', 'InternalFailure');

  await expect(h.run(createEvent(userProps({ Name: 'erin', Email: `erin@${DOMAIN}` })))).rejects.toThrow(
    /^CreateUser failed for user 'erin' .*NameAvailabilityException: .*set adoptExisting: true/,
  );
  expect(h.operations()).toEqual(['CreateUser', 'CreateUser', 'ListUsers']);
  expect(h.user(id)).toMatchObject({ state: 'DISABLED' });
});

test('create: a lost RegisterToWorkMail response is success when the user has the desired email', async () => {
  h.emulator.loseNextResponse('RegisterToWorkMail');
  const response = await h.run(createEvent(userProps({ Name: 'lostregister', Email: `lostregister@${DOMAIN}` })));

  expect(h.operations()).toEqual(['CreateUser', 'RegisterToWorkMail', 'RegisterToWorkMail', 'DescribeUser']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ state: 'ENABLED', email: `lostregister@${DOMAIN}` });
});

test('create: adopting a user in a large organization reads one filtered page, not every page', async () => {
  for (let i = 0; i < 120; i++) await handMadeUser(h, `crowd${String(i).padStart(3, '0')}`, `Crowd ${i}`, 'Crowds-Own-Pw-1');
  const id = await handMadeUser(h, 'zoe', 'Zoe By Hand', 'Zoes-Own-Pw-1', `zoe@${DOMAIN}`);
  h.emulator.resetCalls();
  const response = await h.run(createEvent(userProps({ Name: 'zoe', DisplayName: 'Zoe By Hand', Email: `zoe@${DOMAIN}`, AdoptExisting: 'true' })));
  expect(response.PhysicalResourceId).toBe(`adopted/${id}`);
  expect(h.operations()).toEqual(['ListUsers', 'DescribeUser']);
});
