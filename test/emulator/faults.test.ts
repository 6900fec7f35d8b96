import {
  CreateUserCommand, DeleteUserCommand, DeregisterFromWorkMailCommand, DescribeOrganizationCommand, ListUsersCommand,
  RegisterToWorkMailCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { client, DOMAIN, expectError, ORG, SEED, uniqueName, useEmulator } from './helpers';
import { startEmulator } from '../../local/emulator';

const h = useEmulator();

afterEach(() => h().emulator.setFaults({}));

const userCount = () => h().emulator.snapshot().organizations[0].users.length;
const createUser = (wm: WorkMailClient, name = uniqueName('f')) =>
  wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }));

describe('random faults', () => {
  test('throttleRate 1: ThrottlingException, nothing done', async () => {
    h().emulator.setFaults({ throttleRate: 1 });
    const before = userCount();
    const e = await expectError(createUser(h().wm), 'ThrottlingException');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(userCount()).toBe(before);
  });

  test('serverErrorRate 1: 500 InternalFailure, nothing done; the SDK retries it', async () => {
    h().emulator.setFaults({ serverErrorRate: 1 });
    const before = userCount();
    const wm = client(h().emulator.endpoint, 3);
    h().emulator.resetCalls();
    const e = await expectError(createUser(wm), 'InternalFailure');
    wm.destroy();
    expect(e.$metadata?.httpStatusCode).toBe(500);
    expect(h().emulator.calls).toEqual(Array(3).fill({ operation: 'CreateUser', status: 500, errorName: 'InternalFailure' }));
    expect(userCount()).toBe(before);
  });

  test('lostResponseRate 1: the operation is performed, the answer is a 500', async () => {
    h().emulator.setFaults({ lostResponseRate: 1 });
    const name = uniqueName('lost');
    const e = await expectError(createUser(h().wm, name), 'InternalFailure');
    expect(e.$metadata?.httpStatusCode).toBe(500);
    expect(h().emulator.snapshot().organizations[0].users.some((u) => u.name === name)).toBe(true);
  });

  test('the same PRNG seed gives the same faults', async () => {
    const run = async (seed: number) => {
      const emulator = await startEmulator({ seed: SEED, faults: { throttleRate: 0.5, serverErrorRate: 0.2, seed } });
      const wm = client(emulator.endpoint);
      for (let i = 0; i < 20; i++) await wm.send(new DescribeOrganizationCommand({ OrganizationId: ORG })).catch(() => undefined);
      wm.destroy();
      await emulator.close();
      return emulator.calls.map((c) => c.status);
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 400, 500]));
    expect(await run(7)).not.toEqual(a);
  });

  test('throttling is retried by the SDK and then succeeds', async () => {
    // Seed 3 throttles the first request and lets the second through (asserted below).
    h().emulator.setFaults({ throttleRate: 0.5, seed: 3 });
    h().emulator.resetCalls();
    const wm = client(h().emulator.endpoint, 3);
    const out = await wm.send(new ListUsersCommand({ OrganizationId: ORG, MaxResults: 1 }));
    wm.destroy();
    expect(out.Users).toBeDefined();
    expect(h().emulator.calls.map((c) => c.errorName ?? c.status)).toEqual(['ThrottlingException', 200]);
  });

  test('latencyMs delays every request', async () => {
    h().emulator.setFaults({ latencyMs: 60 });
    const start = Date.now();
    await h().wm.send(new DescribeOrganizationCommand({ OrganizationId: ORG }));
    expect(Date.now() - start).toBeGreaterThanOrEqual(55);
  });

  test('invalid fault options are refused', () => {
    expect(() => h().emulator.setFaults({ throttleRate: 2 })).toThrow(/throttleRate/);
    expect(() => h().emulator.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => h().emulator.setFaults({ seed: 1.5 })).toThrow(/seed/);
    expect(() => h().emulator.failNext('CreateUser', 'X', 0)).toThrow(/count/);
  });
});

describe('consistencyDelayMs', () => {
  test('right after a deregistration the delete fails with EntityStateException, later it succeeds', async () => {
    // Measured on the emulator's clock, moved by the test: a slow machine cannot let the delay pass unseen.
    h().emulator.setFaults({ consistencyDelayMs: 60_000 });
    const name = uniqueName('slow');
    const { UserId } = await createUser(h().wm, name);
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: UserId, Email: `${name}@${DOMAIN}` }));
    await h().wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: UserId }));
    await expectError(h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId })), 'EntityStateException');
    h().emulator.clock.advance(60_000);
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId }));
    expect(h().emulator.snapshot().organizations[0].users.find((u) => u.id === UserId)!.state).toBe('DELETED');
  });
});

describe('test hooks', () => {
  test('failNext fails the next calls of that operation only, without doing anything', async () => {
    h().emulator.failNext('CreateUser', 'DirectoryUnavailableException', 2);
    const before = userCount();
    await h().wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    await expectError(createUser(h().wm), 'DirectoryUnavailableException');
    await expectError(createUser(h().wm), 'DirectoryUnavailableException');
    expect(userCount()).toBe(before);
    await createUser(h().wm);
    expect(userCount()).toBe(before + 1);
  });

  test('failNext with InternalFailure answers 500; with an unmodelled name the SDK still reports it', async () => {
    h().emulator.failNext('ListUsers', 'InternalFailure');
    const e = await expectError(h().wm.send(new ListUsersCommand({ OrganizationId: ORG })), 'InternalFailure');
    expect(e.$metadata?.httpStatusCode).toBe(500);
    h().emulator.failNext('DeleteUser', 'EntityNotFoundException');
    await expectError(h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: 'whoever' })), 'EntityNotFoundException');
  });

  test('loseNextResponse: a retried CreateUser whose first answer was lost meets its own name', async () => {
    h().emulator.loseNextResponse('CreateUser');
    const wm = client(h().emulator.endpoint, 2);
    const name = uniqueName('twice');
    await expectError(createUser(wm, name), 'NameAvailabilityException');
    wm.destroy();
    expect(h().emulator.snapshot().organizations[0].users.filter((u) => u.name === name)).toHaveLength(1);
  });
});

describe('fault counts', () => {
  test('each injected fault is counted by kind, also over HTTP; setFaults does not reset the counts', async () => {
    const before = h().emulator.faultCounts();
    h().emulator.setFaults({ throttleRate: 1 });
    await expectError(createUser(h().wm), 'ThrottlingException');
    h().emulator.setFaults({ serverErrorRate: 1 });
    await expectError(createUser(h().wm), 'InternalFailure');
    h().emulator.setFaults({ lostResponseRate: 1 });
    await expectError(createUser(h().wm), 'InternalFailure');
    h().emulator.setFaults({});
    h().emulator.failNext('CreateUser', 'DirectoryUnavailableException');
    await expectError(createUser(h().wm), 'DirectoryUnavailableException');
    await createUser(h().wm);

    const expected = {
      throttled: before.throttled + 1,
      serverErrors: before.serverErrors + 1,
      lostResponses: before.lostResponses + 1,
      queuedFailures: before.queuedFailures + 1,
    };
    expect(h().emulator.faultCounts()).toEqual(expected);
    const answer = await fetch(`${h().emulator.endpoint}/_emulator/faults`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(expected);
  });
});
