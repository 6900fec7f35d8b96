import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { writeExport } from '../../cli/export';
import { JSON_EXPORT_FILE, writeJsonExport } from '../../cli/export/json';
import { ExportContext } from '../../cli/export/types';
import { compareNames, scanOrganization } from '../../cli/scan';
import { EmulatorSeed, loadSeedFile, RunningEmulator, SeedGrant, SeedOrganization, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const FIXTURE = path.join(__dirname, 'fixtures', 'tricky-seed.json');
const READ_ONLY = Object.keys(OPERATIONS).filter((op) => /^(List|Describe|Get)/.test(op));
const CONTEXT: ExportContext = { log: () => undefined, toolVersion: '0.0.0' };

/**
 * A seed as the scan writes it: entities sorted by name, aliases/members/delegates sorted, every domain a
 * domain (an address may use a domain whose verification lapsed; GetMailDomain's status is in mailDomains),
 * mailDomains sorted, and no empty `unverifiedDomains`.
 */
function normalized(seed: EmulatorSeed): EmulatorSeed {
  const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort(compareNames);
  const byName = <T extends { name: string }>(list: readonly T[] | undefined) => [...(list ?? [])].sort((a, b) => compareNames(a.name, b.name));
  const grants = (list: SeedGrant[] | undefined) => (list === undefined ? {} : {
    permissions: [...list].sort((a, b) => compareNames(a.grantee, b.grantee)).map((g) => ({ ...g, permissions: [...g.permissions].sort() })),
  });
  return {
    organizations: seed.organizations.map(({ unverifiedDomains, ...org }): SeedOrganization => ({
      ...org,
      domains: sorted([...org.domains, ...(unverifiedDomains ?? [])]),
      mailDomains: [...(org.mailDomains ?? [])].sort((a, b) => compareNames(a.domainName, b.domainName)),
      users: byName(org.users).map((u) => ({ ...u, aliases: sorted(u.aliases), ...grants(u.permissions) })),
      groups: byName(org.groups).map((g) => ({ ...g, aliases: sorted(g.aliases), members: sorted(g.members) })),
      resources: byName(org.resources).map((r) => ({ ...r, aliases: sorted(r.aliases), delegates: sorted(r.delegates), ...grants(r.permissions) })),
    })),
  };
}

describe('json export', () => {
  let emulator: RunningEmulator;
  let wm: WorkMailClient;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: loadSeedFile(FIXTURE),
      allowedOperations: READ_ONLY,
    });
    wm = new WorkMailClient({
      endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1,
    });
    dir = mkdtempSync(path.join(tmpdir(), 'export-json-'));
  });
  afterAll(async () => {
    wm.destroy();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the file is the seed it was read from, in the seed shape the emulator accepts, byte-stable', async () => {
    const scan = await scanOrganization({ client: wm, organization: 'acme' });
    const result = await writeJsonExport(scan, dir, CONTEXT);
    expect(result.files).toEqual([JSON_EXPORT_FILE]);
    expect(result.counts).toEqual({ users: 6, groups: 4, resources: 3, aliases: 6, members: 8, delegates: 2, grants: 4 });
    const file = path.join(dir, JSON_EXPORT_FILE);
    const text = readFileSync(file, 'utf8');
    // The emulator's own dump of the organization, normalized the way the scan sorts: the same value, the same key order.
    expect(text).toBe(`${JSON.stringify(normalized(emulator.seed()), null, 2)}\n`);
    expect(text).toContain('"displayName": "Siobhán O’Neill ‘the boss’"');
    expect(text).toContain('"grantee": "O\'Brien\'s Fans"');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "organizations": [');
    // Accepted as a seed, and a fresh emulator started with it holds the same organization.
    const reloaded = loadSeedFile(file);
    const again = await startEmulator({ seed: reloaded });
    try {
      expect(normalized(again.seed())).toEqual(normalized(emulator.seed()));
    } finally {
      await again.close();
    }
    // A second scan and export writes the same bytes.
    await writeJsonExport(await scanOrganization({ client: wm, organization: 'acme', concurrency: 7 }), dir, CONTEXT);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('domain statuses and records and mailbox sizes go through export, --seed and export again unchanged', async () => {
    const D = 'acme.example.com';
    const seed = loadSeedFile(FIXTURE);
    const sized: EmulatorSeed = {
      organizations: seed.organizations.map((org) => ({
        ...org,
        unverifiedDomains: ['pending.example.net'],
        mailDomains: [
          { domainName: D, dkimVerificationStatus: 'FAILED', records: [{ type: 'MX', hostname: D, value: '10 inbound-smtp.eu-west-1.amazonaws.com' }] },
          { domainName: 'pending.example.net', ownershipVerificationStatus: 'FAILED' },
        ],
        users: org.users!.map((u, i) => (u.email === undefined ? u : { ...u, mailboxQuota: 51200 * (i + 1), mailboxSize: 1000.5 * i })),
      })),
    };
    const source = await startEmulator({ seed: sized, allowedOperations: READ_ONLY });
    const client = (endpoint: string) => new WorkMailClient({
      endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1,
    });
    const first = path.join(dir, 'sized-1');
    const second = path.join(dir, 'sized-2');
    const sourceClient = client(source.endpoint);
    try {
      await writeExport(await scanOrganization({ client: sourceClient, organization: 'acme' }), 'json', first, CONTEXT);
    } finally {
      sourceClient.destroy();
      await source.close();
    }
    const text = readFileSync(path.join(first, JSON_EXPORT_FILE), 'utf8');
    const exported = JSON.parse(text) as EmulatorSeed;
    const org = exported.organizations[0];
    const users = org.users!;
    expect(org.mailDomains!.map((d) => [d.domainName, d.ownershipVerificationStatus, d.dkimVerificationStatus, d.records!.length])).toEqual([
      ['acme-mail.example.org', 'VERIFIED', 'VERIFIED', 8], [D, 'VERIFIED', 'FAILED', 1], ['pending.example.net', 'FAILED', 'PENDING', 8],
    ]);
    expect(text).toContain('"value": "10 inbound-smtp.eu-west-1.amazonaws.com"');
    expect(users.filter((u) => u.email !== undefined).every((u) => u.mailboxQuota! >= 51200 && typeof u.mailboxSize === 'number')).toBe(true);
    expect(users.filter((u) => u.email === undefined).every((u) => u.mailboxQuota === undefined && u.mailboxSize === undefined)).toBe(true);
    expect(users.map((u) => u.mailboxSize)).toContain(1000.5);

    const reloaded = await startEmulator({ seed: loadSeedFile(path.join(first, JSON_EXPORT_FILE)), allowedOperations: READ_ONLY });
    const reloadedClient = client(reloaded.endpoint);
    try {
      await writeExport(await scanOrganization({ client: reloadedClient, organization: 'acme' }), 'json', second, CONTEXT);
    } finally {
      reloadedClient.destroy();
      await reloaded.close();
    }
    expect(readFileSync(path.join(second, JSON_EXPORT_FILE), 'utf8')).toBe(text);
    expect(readFileSync(path.join(second, 'MIGRATION.md'), 'utf8')).toBe(readFileSync(path.join(first, 'MIGRATION.md'), 'utf8'));
  });

  test('an export writes MIGRATION.md beside the format\'s files', async () => {
    const out = path.join(dir, 'with-migration');
    const scan = await scanOrganization({ client: wm, organization: 'acme' });
    const result = await writeExport(scan, 'json', out, CONTEXT);
    expect(result.files).toEqual(['MIGRATION.md', JSON_EXPORT_FILE]);
    expect(readFileSync(path.join(out, 'MIGRATION.md'), 'utf8')).toContain('acme');
  });
});
