import { CreateUserCommand, DescribeUserCommand, ListUsersCommand } from '@aws-sdk/client-workmail';
import { expectError, ORG, useEmulator } from './helpers';
import { CallRecordJson, EmulatorSeed } from '../../local/emulator';

describe('HTTP test hooks', () => {
  const get = useEmulator();
  const hook = (path: string, init?: RequestInit) => fetch(`${get().emulator.endpoint}${path}`, init);

  beforeEach(() => get().emulator.resetCalls());

  test('GET /_emulator/state answers the seed-shaped state as JSON', async () => {
    const { emulator, wm } = get();
    await wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: 'hooked', DisplayName: 'Hooked' }));
    const res = await hook('/_emulator/state');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.json() as EmulatorSeed;
    expect(body).toEqual(emulator.seed());
    expect(body.organizations[0].users!).toContainEqual({ name: 'hooked', displayName: 'Hooked', aliases: [], hiddenFromAddressList: false });
  });

  test('GET /_emulator/calls lists WorkMail calls in order with the error name or null, not the hooks themselves', async () => {
    const { wm } = get();
    await wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    await expectError(wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'nobody' })), 'EntityNotFoundException');
    await hook('/_emulator/state');
    const res = await hook('/_emulator/calls');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json() as CallRecordJson[]).toEqual([
      { operation: 'ListUsers', status: 200, error: null },
      { operation: 'DescribeUser', status: 400, error: 'EntityNotFoundException' },
    ]);
  });

  test('DELETE /_emulator/calls empties the list (204) in place', async () => {
    const { emulator, wm } = get();
    await wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    const calls = emulator.calls;
    expect(calls).toHaveLength(1);
    const res = await hook('/_emulator/calls', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(calls).toHaveLength(0);
    expect(await (await hook('/_emulator/calls')).json()).toEqual([]);
  });

  test('hooks ignore faults and allowed operations', async () => {
    const { emulator } = get();
    emulator.setFaults({ serverErrorRate: 1, throttleRate: 1 });
    emulator.setAllowedOperations([]);
    try {
      expect((await hook('/_emulator/state')).status).toBe(200);
      expect((await hook('/_emulator/calls')).status).toBe(200);
      expect(emulator.calls).toHaveLength(0);
    } finally {
      emulator.setFaults({});
      emulator.setAllowedOperations(undefined);
    }
  });

  test.each([
    ['POST', '/_emulator/state', 'GET'],
    ['PUT', '/_emulator/calls', 'GET, DELETE'],
    ['DELETE', '/_emulator/state', 'GET'],
  ])('%s %s is 405 with a JSON error', async (method, path, allowed) => {
    const res = await hook(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allowed);
    expect(await res.json()).toEqual({ error: 'MethodNotAllowed', message: expect.stringContaining(`${method} ${path}`) });
    expect(get().emulator.calls).toHaveLength(0);
  });

  test.each(['/_emulator', '/_emulator/', '/_emulator/reset', '/_emulator/state/x'])('GET %s is 404 with a JSON error', async (path) => {
    const res = await hook(path);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'NotFound', message: expect.stringContaining('No emulator hook') });
    expect(get().emulator.calls).toHaveLength(0);
  });

  test('a query string does not change the route', async () => {
    expect((await hook('/_emulator/calls?x=1')).status).toBe(200);
  });
});
