import { DescribeOrganizationCommand, ListOrganizationsCommand, ListUsersCommand } from '@aws-sdk/client-workmail';
import { client, expectError, INACTIVE_ORG, ORG, useEmulator } from './helpers';
import { parseArgs } from '../../local/emulator/cli';
import { RateLimiter } from '../../local/emulator/rate-limit';

const h = useEmulator();

afterEach(() => h().emulator.setRateLimit(undefined));

describe('token bucket', () => {
  test('a full bucket lets `burst` requests through, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take(ORG))).toEqual([true, true, true, false]);
    now = 99; // 0.99 token
    expect(limiter.take(ORG)).toBe(false);
    now = 101;
    expect(limiter.take(ORG)).toBe(true);
    expect(limiter.take(ORG)).toBe(false);
    now = 10_000; // refills to the burst, never beyond
    expect([1, 2, 3, 4].map(() => limiter.take(ORG))).toEqual([true, true, true, false]);
  });

  test('one bucket per organization', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 }, () => 0);
    expect(limiter.take(ORG)).toBe(true);
    expect(limiter.take(ORG)).toBe(false);
    expect(limiter.take(INACTIVE_ORG)).toBe(true);
    expect(limiter.take('')).toBe(true);
  });

  test('the default burst is one second of requests', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 4 }, () => 0);
    expect([1, 2, 3, 4, 5].map(() => limiter.take(ORG))).toEqual([true, true, true, true, false]);
  });

  test('bad options name the option', () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow(/rateLimit.requestsPerSecond must be a number > 0/);
    expect(() => new RateLimiter({ requestsPerSecond: 5, burst: 0.5 })).toThrow(/rateLimit.burst must be an integer >= 1/);
    expect(() => new RateLimiter({ requestsPerSecond: 5, rps: 3 } as never)).toThrow(/unknown rateLimit option rps/);
  });
});

describe('emulator', () => {
  test('over the rate: ThrottlingException, recorded, nothing done; other organizations unaffected', async () => {
    h().emulator.setRateLimit({ requestsPerSecond: 0.001, burst: 2 });
    h().emulator.resetCalls();
    const wm = h().wm;
    await wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    await wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    const e = await expectError(wm.send(new ListUsersCommand({ OrganizationId: ORG })), 'ThrottlingException');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    // Another organization, and the calls naming none, have buckets of their own.
    await wm.send(new DescribeOrganizationCommand({ OrganizationId: INACTIVE_ORG }));
    await wm.send(new ListOrganizationsCommand({}));
    expect(h().emulator.calls.map((c) => c.errorName ?? 'ok')).toEqual(['ok', 'ok', 'ThrottlingException', 'ok', 'ok']);
  });

  test('the SDK retries a throttled call and succeeds once the bucket refills', async () => {
    // A slow refill (one request per 250 ms): three requests sent at once meet an empty bucket even on a loaded machine.
    h().emulator.setRateLimit({ requestsPerSecond: 4, burst: 1 });
    h().emulator.resetCalls();
    const wm = client(h().emulator.endpoint, 10);
    await Promise.all([1, 2, 3].map(() => wm.send(new ListUsersCommand({ OrganizationId: ORG }))));
    wm.destroy();
    const calls = h().emulator.calls;
    expect(calls.filter((c) => c.status === 200)).toHaveLength(3);
    expect(calls.filter((c) => c.errorName === 'ThrottlingException').length).toBeGreaterThan(0);
  });

  test('setRateLimit(undefined) lifts it', async () => {
    h().emulator.setRateLimit({ requestsPerSecond: 0.001, burst: 1 });
    await h().wm.send(new ListUsersCommand({ OrganizationId: ORG }));
    await expectError(h().wm.send(new ListUsersCommand({ OrganizationId: ORG })), 'ThrottlingException');
    h().emulator.setRateLimit(undefined);
    await h().wm.send(new ListUsersCommand({ OrganizationId: ORG }));
  });
});

test('CLI: --rate-limit and --rate-burst', () => {
  expect(parseArgs(['--rate-limit', '10', '--rate-burst=20']).rateLimit).toEqual({ requestsPerSecond: 10, burst: 20 });
  expect(parseArgs(['--rate-limit=2.5']).rateLimit).toEqual({ requestsPerSecond: 2.5 });
  expect(parseArgs([]).rateLimit).toBeUndefined();
  expect(() => parseArgs(['--rate-limit', '0'])).toThrow(/--rate-limit must be > 0/);
  expect(() => parseArgs(['--rate-limit', '5', '--rate-burst', '1.5'])).toThrow(/--rate-burst must be an integer >= 1/);
  expect(() => parseArgs(['--rate-burst', '5'])).toThrow(/--rate-burst needs --rate-limit/);
});
