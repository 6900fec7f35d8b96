import * as path from 'path';
import {
  CreateGroupCommand, CreateResourceCommand, CreateUserCommand, DeleteGroupCommand, DeleteResourceCommand, DeleteUserCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { scanFromEmulator } from './scan-fixture';
import { OrganizationScan } from '../../cli/model';
import { compareNames, scanOrganization, ScanProgress, selectLive } from '../../cli/scan';
import { groupSeed, resourceSeed, userSeed } from '../../cli/scan/mapping';
import { callsPerOperation, minimumScanCalls } from '../../cli/scan/minimum-calls';
import { EmulatorSeed, loadSeedFile, RunningEmulator, SeedOrganization, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const FIXTURE = path.join(__dirname, 'fixtures', 'tricky-seed.json');
const READ_ONLY = Object.keys(OPERATIONS).filter((op) => /^(List|Describe|Get)/.test(op));

function clientFor(emulator: RunningEmulator, options: { maxAttempts?: number; retryMode?: string } = {}): WorkMailClient {
  return new WorkMailClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: options.maxAttempts ?? 1,
    retryMode: options.retryMode ?? 'standard',
  });
}

/** The organization as `scanFromEmulator` sees it, less what ListMailDomains cannot tell (verification): domains sorted. */
function expectedOrganization(emulator: RunningEmulator, id: string): OrganizationScan['organization'] {
  const { unverifiedDomains, ...organization } = scanFromEmulator(emulator, id).organization;
  return { ...organization, domains: [...organization.domains, ...(unverifiedDomains ?? [])].sort() };
}

describe('scan of the tricky organization, with deleted entities', () => {
  let emulator: RunningEmulator;
  let wm: WorkMailClient;
  let seed: SeedOrganization;

  beforeAll(async () => {
    const fixture = loadSeedFile(FIXTURE);
    seed = fixture.organizations[0];
    emulator = await startEmulator({ seed: fixture });
    wm = clientFor(emulator);
    const OrganizationId = seed.id;
    // Entities that are gone: WorkMail still lists them, DELETED.
    const user = await wm.send(new CreateUserCommand({ OrganizationId, Name: 'gone.user', DisplayName: 'Gone' }));
    await wm.send(new DeleteUserCommand({ OrganizationId, UserId: user.UserId }));
    const group = await wm.send(new CreateGroupCommand({ OrganizationId, Name: 'gone group' }));
    await wm.send(new DeleteGroupCommand({ OrganizationId, GroupId: group.GroupId }));
    const resource = await wm.send(new CreateResourceCommand({ OrganizationId, Name: 'gone-room', Type: 'ROOM' }));
    await wm.send(new DeleteResourceCommand({ OrganizationId, ResourceId: resource.ResourceId }));
    emulator.setAllowedOperations(READ_ONLY);
  });
  afterAll(async () => {
    wm.destroy();
    await emulator.close();
  });
  beforeEach(() => emulator.resetCalls());

  test('reads the organization as it is (by alias, in any case), read-only, skipping and counting the deleted entities', async () => {
    const scan = await scanOrganization({ client: wm, organization: 'ACME' });
    expect(scan.organization).toEqual(expectedOrganization(emulator, seed.id));
    expect(scan.skipped).toEqual({ deleted: 3, systemUsers: 0 });
    expect(emulator.calls.filter((c) => c.status !== 200)).toEqual([]);
    const snapshot = emulator.snapshot().organizations[0];
    const live = [...snapshot.users, ...snapshot.groups, ...snapshot.resources].filter((e) => e.state !== 'DELETED');
    expect(scan.ids.size).toBe(live.length);
    for (const entity of live) expect(scan.ids.get(entity.name.toLowerCase())?.id).toBe(entity.id);
    expect(scan.ids.get('engineering team')?.kind).toBe('group');
    expect(scan.ids.get('boardroom')?.kind).toBe('resource');
  });

  test('makes exactly the minimum calls: every page of each List once, one Describe per entity, nothing twice', async () => {
    await scanOrganization({ client: wm, organization: 'acme' });
    expect(callsPerOperation(emulator.calls)).toEqual(
      minimumScanCalls(seed, { deletedUsers: 1, deletedGroups: 1, deletedResources: 1, organizationsListed: 1 }));
    // The same, spelled out for this organization: 2 domains, 6 users (4 registered), 4 groups, 3 resources, 9 registered.
    expect(callsPerOperation(emulator.calls)).toEqual({
      ListOrganizations: 1,
      DescribeOrganization: 1,
      ListMailDomains: 1,
      GetMailDomain: 2,
      GetMailboxDetails: 4,
      ListUsers: 1,
      ListGroups: 1,
      ListResources: 1,
      DescribeUser: 6,
      DescribeGroup: 4,
      DescribeResource: 3,
      ListAliases: 9,
      ListGroupMembers: 4,
      ListResourceDelegates: 3,
      // 4 registered users and 2 registered resources have a mailbox.
      ListMailboxPermissions: 6,
    });
  });

  test('an organization id is described directly, without ListOrganizations', async () => {
    const scan = await scanOrganization({ client: wm, organization: seed.id, concurrency: 1 });
    expect(scan.organization.alias).toBe('acme');
    expect(callsPerOperation(emulator.calls).ListOrganizations).toBeUndefined();
    expect(emulator.calls.length).toBe(Object.values(minimumScanCalls(seed, { deletedUsers: 1, deletedGroups: 1, deletedResources: 1 }))
      .reduce((a, b) => a + b, 0));
  });

  test('output is deterministic: the same scan twice gives the same JSON, whatever the concurrency', async () => {
    const a = await scanOrganization({ client: wm, organization: 'acme', concurrency: 1 });
    const b = await scanOrganization({ client: wm, organization: 'acme', concurrency: 8 });
    expect(JSON.stringify(b.organization)).toBe(JSON.stringify(a.organization));
    expect(a.organization.users.map((u) => u.name)).toEqual(['alice', 'conan.obrien', 'former.staff', 'jose', 'siobhan', 'svc-backup']);
    expect(a.organization.groups.find((g) => g.name === 'All Staff')?.members).toEqual(['Engineering Team', "O'Brien's Fans", 'svc-backup']);
  });

  test('progress is reported as it goes, ending with every entity read', async () => {
    const reports: ScanProgress[] = [];
    await scanOrganization({ client: wm, organization: 'acme', progress: (p) => reports.push(p) });
    const last = reports[reports.length - 1];
    expect(last).toMatchObject({ entities: 13, totalEntities: 13, calls: emulator.calls.length });
    expect(last.pages).toBe(emulator.calls.filter((c) => c.operation.startsWith('List')).length);
    expect(reports.map((r) => r.calls)).toEqual([...reports.map((r) => r.calls)].sort((x, y) => x - y));
    expect(last.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  test('throttling is absorbed by the SDK\'s adaptive retries', async () => {
    const adaptive = clientFor(emulator, { maxAttempts: 10, retryMode: 'adaptive' });
    emulator.setFaults({ throttleRate: 0.1, seed: 7 });
    try {
      const scan = await scanOrganization({ client: adaptive, organization: 'acme' });
      expect(scan.organization).toEqual(expectedOrganization(emulator, seed.id));
      expect(emulator.calls.some((c) => c.errorName === 'ThrottlingException')).toBe(true);
    } finally {
      emulator.setFaults({});
      adaptive.destroy();
    }
  });

  test('an unknown alias names the known ones; an unknown id names the organization and the error', async () => {
    await expect(scanOrganization({ client: wm, organization: 'globex' }))
      .rejects.toThrow("no WorkMail organization has the alias 'globex' in this account and region (known aliases: acme)");
    await expect(scanOrganization({ client: wm, organization: 'm-00000000000000000000000000000000' }))
      .rejects.toThrow(/^DescribeOrganization failed for organization m-0{32}: OrganizationNotFoundException/);
    await expect(scanOrganization({ client: wm, organization: 'acme', concurrency: 0 })).rejects.toThrow('concurrency must be');
  });
});

describe('scan across page boundaries', () => {
  const ORG = 'm-11111111111111111111111111111111';
  const DOMAIN = 'big.example.com';
  const users = Array.from({ length: 250 }, (_, i) => ({
    name: `user${String(i).padStart(3, '0')}`,
    email: `user${i}@${DOMAIN}`,
    ...(i === 7 ? { aliases: Array.from({ length: 100 }, (_x, j) => `u7.alias${j}@${DOMAIN}`) } : {}),
    // 130 grantees: two pages of ListMailboxPermissions.
    ...(i === 8 ? { permissions: Array.from({ length: 130 }, (_x, j) => ({ grantee: `user${String(j + 100).padStart(3, '0')}`, permissions: ['SEND_AS'] })) } : {}),
  }));
  const seed: EmulatorSeed = {
    organizations: [{
      id: ORG,
      alias: 'big',
      defaultMailDomain: DOMAIN,
      domains: [DOMAIN],
      users,
      groups: [{ name: 'everyone', email: `everyone@${DOMAIN}`, members: users.slice(0, 150).map((u) => u.name) }],
      resources: [{ name: 'hall', type: 'ROOM', delegates: users.slice(0, 120).map((u) => u.name), bookingOptions: { autoAcceptRequests: false } }],
    }],
  };
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed, allowedOperations: READ_ONLY });
  });
  afterAll(() => emulator.close());

  test('reads every page once: 3 pages of users, 2 of members, 2 of delegates, 2 of one user\'s aliases, 2 of one user\'s grants', async () => {
    const wm = clientFor(emulator);
    let inFlight = 0;
    let maxInFlight = 0;
    wm.middlewareStack.add((next) => async (args) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    }, { step: 'finalizeRequest', name: 'countInFlight' });
    emulator.setFaults({ latencyMs: 2 });
    const scan = await scanOrganization({ client: wm, organization: ORG, concurrency: 3 });
    emulator.setFaults({});
    wm.destroy();
    const counts = callsPerOperation(emulator.calls);
    expect(counts).toEqual(minimumScanCalls(seed.organizations[0]));
    expect(counts).toMatchObject({ ListUsers: 3, ListGroupMembers: 2, ListResourceDelegates: 2, ListAliases: 250 + 1 + 1 });
    expect(counts.ListMailboxPermissions).toBe(250 + 1);
    expect(maxInFlight).toBe(3);
    expect(scan.organization.users).toHaveLength(250);
    expect(scan.organization.users[7].aliases).toHaveLength(100);
    expect(scan.organization.users[8].permissions).toHaveLength(130);
    expect(scan.organization.groups[0].members).toHaveLength(150);
    expect(scan.organization.resources[0].delegates).toHaveLength(120);
    expect(scan.organization).toEqual(expectedOrganization(emulator, ORG));
  }, DEPLOY_TEST_TIMEOUT_MS);
});

describe('domain details and mailbox sizes', () => {
  const ORG = 'm-33333333333333333333333333333333';
  const D = 'sizes.example.com';
  const seed: EmulatorSeed = {
    organizations: [{
      id: ORG,
      alias: 'sizes',
      defaultMailDomain: D,
      domains: [D, 'sizes.awsapps.com'],
      unverifiedDomains: ['later.example.com'],
      mailDomains: [{ domainName: D, dkimVerificationStatus: 'FAILED', records: [{ type: 'MX', hostname: D, value: '10 inbound-smtp.eu-west-1.amazonaws.com' }] }],
      users: [
        { name: 'big', email: `big@${D}`, mailboxQuota: 102400, mailboxSize: 81920.25 },
        { name: 'small', email: `small@${D}`, mailboxSize: 12 },
        { name: 'gone', displayName: 'Not registered' },
      ],
    }],
  };
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed, allowedOperations: READ_ONLY });
  });
  afterAll(() => emulator.close());

  test('one GetMailDomain per domain, one GetMailboxDetails per registered user, written into the organization', async () => {
    const wm = clientFor(emulator);
    try {
      const scan = await scanOrganization({ client: wm, organization: ORG });
      expect(scan.organization.domains).toEqual(['later.example.com', 'sizes.awsapps.com', D]);
      const statuses = scan.organization.mailDomains!
        .map((d) => [d.domainName, d.isDefault, d.isTestDomain, d.ownershipVerificationStatus, d.dkimVerificationStatus]);
      expect(statuses).toEqual([
        ['later.example.com', false, false, 'PENDING', 'PENDING'],
        ['sizes.awsapps.com', false, true, 'VERIFIED', 'VERIFIED'],
        [D, true, false, 'VERIFIED', 'FAILED'],
      ]);
      expect(scan.organization.mailDomains![2].records).toEqual([{ type: 'MX', hostname: D, value: '10 inbound-smtp.eu-west-1.amazonaws.com' }]);
      expect(scan.organization.mailDomains![0].records!.map((r) => r.type)).toEqual(['TXT', 'MX', 'CNAME', 'CNAME', 'CNAME', 'CNAME', 'TXT', 'TXT']);
      expect(scan.organization.users.map((u) => [u.name, u.mailboxQuota, u.mailboxSize])).toEqual([
        ['big', 102400, 81920.25], ['gone', undefined, undefined], ['small', 51200, 12],
      ]);
      const counts = callsPerOperation(emulator.calls);
      expect(counts).toEqual(minimumScanCalls(seed.organizations[0]));
      expect(counts).toMatchObject({ GetMailDomain: 3, GetMailboxDetails: 2 });
      expect(Object.keys(counts).every((op) => /^(List|Describe|Get)/.test(op))).toBe(true);
    } finally {
      wm.destroy();
    }
  });

  test('a policy without workmail:GetMailboxDetails fails the scan, naming the operation and the user', async () => {
    const wm = clientFor(emulator);
    emulator.setAllowedOperations(READ_ONLY.filter((op) => op !== 'GetMailboxDetails'));
    try {
      await expect(scanOrganization({ client: wm, organization: ORG, concurrency: 1 }))
        .rejects.toThrow(/^GetMailboxDetails failed for user '(big|small)' in organization m-3{32}: AccessDeniedException/);
    } finally {
      emulator.setAllowedOperations(READ_ONLY);
      wm.destroy();
    }
  });
});

describe('what the scan keeps and how it writes it', () => {
  test('DELETED entities and system users are skipped and counted apart', () => {
    const selection = selectLive([
      { Name: 'a', State: 'ENABLED', UserRole: 'USER' },
      { Name: 'b', State: 'DELETED', UserRole: 'USER' },
      { Name: 'c', State: 'DISABLED', UserRole: 'SYSTEM_USER' },
      { Name: 'd', State: 'DELETED', UserRole: 'SYSTEM_USER' },
      { Name: 'e', State: 'DISABLED', UserRole: 'REMOTE_USER' },
    ]);
    expect(selection.kept.map((u) => u.Name)).toEqual(['a', 'e']);
    expect(selection).toMatchObject({ deleted: 2, systemUsers: 1 });
  });

  test('only a registered entity has an email; the primary address is not an alias; empty strings are left out', () => {
    expect(userSeed({ Name: 'x', DisplayName: 'X', State: 'DISABLED', Email: 'x@a.example.com', JobTitle: '', City: 'Zürich' }, []))
      .toEqual({ name: 'x', displayName: 'X', aliases: [], city: 'Zürich', hiddenFromAddressList: false });
    expect(JSON.stringify(groupSeed({ Name: 'g', State: 'ENABLED', Email: 'g@a.example.com' }, ['b@a.example.com', 'A@a.example.com'], ['z', 'Y'])))
      .toBe('{"name":"g","email":"g@a.example.com","aliases":["A@a.example.com","b@a.example.com"],"hiddenFromAddressList":false,"members":["Y","z"]}');
    expect(resourceSeed({ Name: 'r', Type: 'EQUIPMENT', State: 'DISABLED' }, [], []).bookingOptions)
      .toEqual({ autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true });
  });

  test('names sort case-insensitively by code point, whatever the locale', () => {
    expect(['b', 'A', 'a', 'Ä', '_x', 'B'].sort(compareNames)).toEqual(['_x', 'A', 'a', 'B', 'b', 'Ä']);
  });
});
