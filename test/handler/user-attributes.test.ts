/** A user's directory attributes, HiddenFromGlobalAddressList and an optional password. */
import { UpdateUserCommand } from '@aws-sdk/client-workmail';
import { createEvent, updateEvent, userProps } from './events';
import { DOMAIN, handMadeUser, Harness, ORG, useHarness, uniqueNames } from './harness';

let h: Harness;
const unique = uniqueNames();
useHarness((started) => {
  h = started;
});


/** The fields of every update-user decision logged since `from`. */
function updatedFields(from: number): string[] {
  return h.logLines.slice(from).map((l) => JSON.parse(l) as Record<string, string>).filter((l) => l.decision === 'update-user').map((l) => l.fields);
}

const ATTRIBUTES = {
  Initials: 'AL',
  JobTitle: 'Explorer',
  Department: 'Wonder',
  Company: 'Acme',
  Office: 'Rabbit Hole',
  Street: '1 Looking Glass Lane',
  City: 'Oxford',
  ZipCode: 'OX1',
  Country: 'UK',
  Telephone: '+44 1865 000000',
};

test('create: first and last name and hidden go with CreateUser, the rest with one UpdateUser', async () => {
  const name = unique('attr');
  const response = await h.run(createEvent(userProps({
    Name: name, Email: `${name}@${DOMAIN}`, FirstName: 'Alice', LastName: 'Liddell', HiddenFromGlobalAddressList: 'true', ...ATTRIBUTES,
  })));

  expect(h.operations()).toEqual(['CreateUser', 'UpdateUser', 'RegisterToWorkMail']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({
    firstName: 'Alice', lastName: 'Liddell', hiddenFromGlobalAddressList: true, attributes: ATTRIBUTES, state: 'ENABLED',
  });
});

test('create: only what CreateUser takes means no UpdateUser', async () => {
  const name = unique('attr');
  const line = h.logLines.length;
  const response = await h.run(createEvent(userProps({ Name: name, Email: undefined, FirstName: 'Alice', HiddenFromGlobalAddressList: 'true' })));

  expect(h.operations()).toEqual(['CreateUser']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ firstName: 'Alice', hiddenFromGlobalAddressList: true, attributes: {} });
  expect(h.user(response.PhysicalResourceId)!.lastName).toBeUndefined();
  expect(updatedFields(line)).toEqual([]);
});

test('create: without a password secret the user gets no password', async () => {
  const name = unique('nopw');
  const response = await h.run(createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}`, PasswordSecretArn: undefined })));

  expect(h.operations()).toEqual(['CreateUser', 'RegisterToWorkMail']);
  expect(h.user(response.PhysicalResourceId)).toMatchObject({ hasPassword: false, state: 'ENABLED' });
});

test('update: one UpdateUser with only the fields that differ; undeclared fields set by hand are left alone', async () => {
  const name = unique('attr');
  const props = userProps({ Name: name, Email: undefined, JobTitle: 'Explorer', Department: 'Wonder' });
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  await h.client.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, Office: 'By Hand', LastName: 'Hand' }));
  h.emulator.resetCalls();
  const line = h.logLines.length;

  await h.run(updateEvent(id, { ...props, Department: 'Looking Glass', DisplayName: 'Alice L.', Company: 'Acme' }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'UpdateUser']);
  expect(updatedFields(line)).toEqual(['DisplayName,Department,Company']);
  expect(h.user(id)).toMatchObject({
    displayName: 'Alice L.', lastName: 'Hand', attributes: { JobTitle: 'Explorer', Department: 'Looking Glass', Company: 'Acme', Office: 'By Hand' },
  });
});

test('update: a field the stack stops declaring is cleared, hidden goes back to false', async () => {
  const name = unique('attr');
  const props = userProps({ Name: name, Email: undefined, FirstName: 'Alice', Telephone: '+1 555', City: 'Oxford', HiddenFromGlobalAddressList: 'true' });
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  h.emulator.resetCalls();
  const line = h.logLines.length;

  await h.run(updateEvent(id, { ...props, FirstName: undefined, Telephone: undefined, HiddenFromGlobalAddressList: undefined }, props));

  expect(h.operations()).toEqual(['DescribeUser', 'UpdateUser']);
  expect(updatedFields(line)).toEqual(['FirstName,Telephone,HiddenFromGlobalAddressList']);
  const user = h.user(id)!;
  expect(user).toMatchObject({ hiddenFromGlobalAddressList: false, attributes: { City: 'Oxford' } });
  expect(user.firstName).toBeUndefined();
});

test('update: attributes changed by hand are converged back; no change means no UpdateUser', async () => {
  const name = unique('attr');
  const props = userProps({ Name: name, Email: undefined, LastName: 'Liddell', Country: 'UK', HiddenFromGlobalAddressList: 'false' });
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  h.emulator.resetCalls();
  await h.run(updateEvent(id, props, props));
  expect(h.operations()).toEqual(['DescribeUser']);

  await h.client.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, LastName: 'Changed', Country: '', HiddenFromGlobalAddressList: true }));
  h.emulator.resetCalls();
  await h.run(updateEvent(id, props, props));

  expect(h.operations()).toEqual(['DescribeUser', 'UpdateUser']);
  expect(h.user(id)).toMatchObject({ lastName: 'Liddell', hiddenFromGlobalAddressList: false, attributes: { Country: 'UK' } });
});

test('adoption: only the declared fields that differ are updated, the rest and the password stay', async () => {
  const name = unique('adopted');
  const id = await handMadeUser(h, name, 'By Hand', 'Own-Password-1', `${name}@${DOMAIN}`);
  await h.client.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: id, Office: 'Kept', JobTitle: 'Old Title', FirstName: 'Ann' }));
  h.emulator.resetCalls();
  const line = h.logLines.length;

  const props = userProps({ Name: name, DisplayName: 'By Hand', Email: `${name}@${DOMAIN}`, AdoptExisting: 'true', JobTitle: 'New Title', FirstName: 'Ann' });
  const response = await h.run(createEvent(props));

  expect(response.PhysicalResourceId).toBe(`adopted/${id}`);
  expect(h.operations()).toEqual(['ListUsers', 'DescribeUser', 'UpdateUser']);
  expect(updatedFields(line)).toEqual(['JobTitle']);
  expect(h.user(id)).toMatchObject({ firstName: 'Ann', attributes: { Office: 'Kept', JobTitle: 'New Title' } });
  expect(h.emulator.checkPassword(ORG, id, 'Own-Password-1')).toBe(true);
});

test('update: dropping the password secret keeps the password as it is', async () => {
  const name = unique('keep');
  const props = userProps({ Name: name, Email: undefined });
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  h.emulator.resetCalls();

  await h.run(updateEvent(id, { ...props, PasswordSecretArn: undefined }, props));
  expect(h.operations()).toEqual(['DescribeUser']);
  expect(h.user(id)).toMatchObject({ hasPassword: true });
});
