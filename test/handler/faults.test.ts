import { inspect } from 'util';
import { bookingOptions, createEvent, deleteEvent, eventsOf, groupProps, resourceProps, updateEvent, userProps } from './events';
import { DOMAIN, handMadeUser, Harness, ORG, useHarness } from './harness';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;

useHarness((started) => {
  h = started;
});

/** Create → update (display name, email) → delete of one user; returns its id. */
async function lifecycle(name: string): Promise<string> {
  const props = userProps({ Name: name, Email: `${name}@${DOMAIN}` });
  const { PhysicalResourceId: id } = await h.run(createEvent(props, name));
  const next = { ...props, DisplayName: `${name} updated`, Email: `${name}.new@${DOMAIN}` };
  expect((await h.run(updateEvent(id, next, props, name))).PhysicalResourceId).toBe(id);
  expect(h.user(id)).toMatchObject({ displayName: `${name} updated`, email: `${name}.new@${DOMAIN}`, state: 'ENABLED' });
  await h.run(deleteEvent(id, next, name));
  return id;
}

test('throttling at 50% (fixed seed): the SDK retries and every step succeeds', async () => {
  h.emulator.setFaults({ throttleRate: 0.5, seed: 7 });
  const id = await lifecycle('throttled');

  expect(h.user(id)).toMatchObject({ state: 'DELETED' });
  expect(h.emulator.calls.filter((c) => c.errorName === 'ThrottlingException').length).toBeGreaterThan(0);
  expect(h.liveUsers().filter((u) => u.name === 'throttled')).toEqual([]);
});

test('transient faults (5xx before or after the work is done): still one user per name, nothing leaked', async () => {
  h.emulator.setFaults({ serverErrorRate: 0.2, lostResponseRate: 0.2, seed: 42 });
  for (const name of ['chaos1', 'chaos2', 'chaos3']) {
    const id = await lifecycle(name);
    expect(h.user(id)).toMatchObject({ state: 'DELETED' });
  }
  expect(h.emulator.calls.some((c) => c.status === 500)).toBe(true);
  expect(h.snapshot().filter((u) => u.name.startsWith('chaos') && u.state !== 'DELETED')).toEqual([]);
  expect(h.snapshot().filter((u) => u.name.startsWith('chaos'))).toHaveLength(3);
});

test('transient faults: groups and resources with members and delegates converge, nothing leaked', async () => {
  const people = [
    await handMadeUser(h, 'faultya', 'A', 'Faulty-Own-Pw-1'),
    await handMadeUser(h, 'faultyb', 'B', 'Faulty-Own-Pw-1'),
  ];
  const team = eventsOf(WorkMailResourceType.GROUP, 'Team');
  const room = eventsOf(WorkMailResourceType.RESOURCE, 'Room');
  h.emulator.setFaults({ serverErrorRate: 0.2, lostResponseRate: 0.2, seed: 11 });
  for (const name of ['flaky1', 'flaky2']) {
    const groupDeclared = groupProps({ Name: name, Email: `${name}@${DOMAIN}`, Members: [people[0]] });
    const { PhysicalResourceId: groupId } = await h.run(team.create(groupDeclared));
    const groupNext = { ...groupDeclared, Members: [people[1]], HiddenFromGlobalAddressList: 'true' };
    await h.run(team.update(groupId, groupNext, groupDeclared));
    expect(h.group(groupId)).toMatchObject({ state: 'ENABLED', hiddenFromGlobalAddressList: true, members: [{ id: people[1], type: 'USER' }] });

    const roomDeclared = resourceProps({
      Name: `${name}r`, Email: `${name}r@${DOMAIN}`, Delegates: [groupId], BookingOptions: bookingOptions({ AutoAcceptRequests: false }),
    });
    const { PhysicalResourceId: roomId } = await h.run(room.create(roomDeclared));
    const roomNext = { ...roomDeclared, Delegates: undefined, BookingOptions: bookingOptions({ AutoAcceptRequests: true }) };
    await h.run(room.update(roomId, roomNext, roomDeclared));
    expect(h.resource(roomId)).toMatchObject({ state: 'ENABLED', delegates: [], bookingOptions: { autoAcceptRequests: true } });

    await h.run(room.delete(roomId, roomNext));
    await h.run(team.delete(groupId, groupNext));
  }
  expect(h.emulator.calls.some((c) => c.status === 500)).toBe(true);
  expect(h.groups().filter((g) => g.name.startsWith('flaky'))).toEqual([
    expect.objectContaining({ state: 'DELETED' }), expect.objectContaining({ state: 'DELETED' }),
  ]);
  expect(h.resources().filter((r) => r.name.startsWith('flaky'))).toEqual([
    expect.objectContaining({ state: 'DELETED' }), expect.objectContaining({ state: 'DELETED' }),
  ]);
});

test('a password never appears in an error or a log line', async () => {
  const good = 'Very-Secret-Pw-31337';
  const weak = 'weaksecretpw';
  const arnGood = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:good-AbCdEf';
  const arnWeak = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:weak-AbCdEf';
  const arnPlain = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:plain-AbCdEf';
  h.secrets.set(arnGood, good);
  h.secrets.set(arnWeak, weak);
  h.secrets.set(arnPlain, 'Not-Json-Secret-77');
  const errors: unknown[] = [];
  const attempt = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));

  const props = userProps({ Name: 'secretive', Email: `secretive@${DOMAIN}`, PasswordSecretArn: arnGood });
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  await attempt(h.run(updateEvent(id, { ...props, PasswordSecretArn: arnWeak }, props)));
  await attempt(h.run(createEvent(userProps({ Name: 'weakling', PasswordSecretArn: arnWeak }))));
  await attempt(h.run(createEvent(userProps({ Name: 'plain', PasswordSecretArn: arnPlain, PasswordSecretField: 'password' }))));
  h.emulator.loseNextResponse('ResetPassword');
  await h.run(updateEvent(id, props, { ...props, PasswordSecretArn: arnWeak }));
  expect(h.emulator.checkPassword(ORG, id, good)).toBe(true);

  expect(errors).toHaveLength(3);
  expect((errors[0] as Error).message).toMatch(/^ResetPassword failed for user 'secretive' .* InvalidPasswordException: /);
  expect((errors[1] as Error).message).toMatch(/^CreateUser failed for user 'weakling' in organization .*: InvalidPasswordException: /);
  const everything = [
    ...h.logLines,
    ...errors.map((e) => `${(e as Error).message} ${inspect(e, { depth: 5 })} ${JSON.stringify(e)}`),
  ].join('\n');
  for (const secret of [good, weak, 'Not-Json-Secret-77']) {
    expect(everything).not.toContain(secret);
  }
});

test('one structured log line per WorkMail call, with the fields that matter', async () => {
  const props = userProps({ Name: 'logged', Email: `logged@${DOMAIN}` });
  const before = h.logLines.length;
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  const lines = h.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
  const calls = lines.filter((l) => l.message === 'workmail call');

  expect(calls.map((c) => c.operation)).toEqual(['CreateUser', 'RegisterToWorkMail']);
  expect(calls[1]).toMatchObject({
    level: 'info', operation: 'RegisterToWorkMail', organizationId: ORG, entityKind: 'user', entityName: 'logged', entityId: id, outcome: 'ok', attempts: 1,
  });
  expect(typeof calls[0].ms).toBe('number');
  expect(lines[0]).toMatchObject({ message: 'event', requestType: 'Create', resourceType: 'Custom::WorkMailUser', logicalResourceId: 'Alice' });
  // The event's properties never reach the log.
  expect(lines.some((l) => JSON.stringify(l).includes('PasswordSecretArn') || JSON.stringify(l).includes('ResourceProperties'))).toBe(false);
});
