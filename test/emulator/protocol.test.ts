import { CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-workmail';
import { DOMAIN, expectError, ORG, uniqueName, useEmulator } from './helpers';

const h = useEmulator();

/** A raw awsJson1_1 call, unsigned: the emulator accepts any signature, or none. */
async function raw(target: string | undefined, body: string, method = 'POST') {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1', 'Authorization': 'AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/workmail/aws4_request, Signature=bogus' };
  if (target !== undefined) headers['X-Amz-Target'] = target;
  const res = await fetch(h().emulator.endpoint, { method, headers, body: method === 'GET' ? undefined : body });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), contentType: res.headers.get('content-type'), json: await res.json() as Record<string, unknown> };
}

describe('protocol', () => {
  test('success: 200 with the output members; empty outputs are {}; timestamps are epoch seconds', async () => {
    const name = uniqueName('raw');
    const created = await raw('WorkMailService.CreateUser', JSON.stringify({ OrganizationId: ORG, Name: name, DisplayName: name }));
    expect(created.status).toBe(200);
    expect(created.contentType).toBe('application/x-amz-json-1.1');
    const userId = created.json.UserId as string;
    const registered = await raw('WorkMailService.RegisterToWorkMail', JSON.stringify({ OrganizationId: ORG, EntityId: userId, Email: `${name}@${DOMAIN}` }));
    expect(registered).toMatchObject({ status: 200, json: {} });
    const described = await raw('WorkMailService.DescribeUser', JSON.stringify({ OrganizationId: ORG, UserId: userId }));
    expect(typeof described.json.EnabledDate).toBe('number');
    expect(Math.abs((described.json.EnabledDate as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(described.json).not.toHaveProperty('DisabledDate');
  });

  test('errors: 400, __type and Message in the body, x-amzn-ErrorType header', async () => {
    const res = await raw('WorkMailService.DescribeUser', JSON.stringify({ OrganizationId: ORG, UserId: 'nobody' }));
    expect(res).toMatchObject({ status: 400, errorType: 'EntityNotFoundException', json: { __type: 'EntityNotFoundException' } });
    expect(typeof res.json.Message).toBe('string');
  });

  test.each([
    ['WorkMailService.NoSuchOperation', 'UnknownOperationException'],
    ['OtherService.CreateUser', 'UnknownOperationException'],
    [undefined, 'UnknownOperationException'],
  ])('target %s: %s', async (target, errorName) => {
    const res = await raw(target, '{}');
    expect(res).toMatchObject({ status: 400, errorType: errorName, json: { __type: errorName } });
  });

  test('GET is not an operation', async () => {
    expect((await raw('WorkMailService.ListUsers', '', 'GET')).json.__type).toBe('UnknownOperationException');
  });

  test.each([['{"OrganizationId":'], ['[1,2]'], ['"text"']])('malformed body %s: SerializationException', async (body) => {
    const res = await raw('WorkMailService.ListUsers', body);
    expect(res).toMatchObject({ status: 400, errorType: 'SerializationException' });
  });

  test('an empty body is an empty input', async () => {
    const res = await raw('WorkMailService.ListOrganizations', '');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json.OrganizationSummaries)).toBe(true);
  });

  test('a member of the wrong JSON type is an InvalidParameterException', async () => {
    const res = await raw('WorkMailService.CreateGroup', JSON.stringify({ OrganizationId: ORG, Name: 42 }));
    expect(res).toMatchObject({ status: 400, json: { __type: 'InvalidParameterException' } });
    expect(res.json.Message).toContain('Name');
  });

  test('calls records every request in order with its status and error; resetCalls empties it', async () => {
    h().emulator.resetCalls();
    await h().wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    await expectError(h().wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: 'Guest', DisplayName: 'g' })), 'ReservedNameException');
    await raw('Nope', '{}');
    expect(h().emulator.calls).toEqual([
      { operation: 'ListUsers', status: 200 },
      { operation: 'CreateUser', status: 400, errorName: 'ReservedNameException' },
      { operation: 'Nope', status: 400, errorName: 'UnknownOperationException' },
    ]);
    const calls = h().emulator.calls;
    h().emulator.resetCalls();
    expect(h().emulator.calls).toBe(calls);
    expect(calls).toEqual([]);
  });
});
