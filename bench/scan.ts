/**
 * The scan of a 2,000-entity organization (1,700 users, 200 groups with members, 100 resources with
 * delegates, aliases) in the emulator: WorkMail calls per operation beside the minimum computed from the
 * organization, and the wall time. The scan is the one the command runs, through the real SDK client.
 */
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { scanOrganization } from '../cli/scan';
import { callsPerOperation, minimumScanCalls } from '../cli/scan/minimum-calls';
import { SeedOrganization, startEmulator } from '../local/emulator';

const DOMAIN = 'bench.example.com';

/** A generated organization; deterministic, so every run scans the same one. */
export function benchOrganization(users = 1700, groups = 200, resources = 100): SeedOrganization {
  const userNames = Array.from({ length: users }, (_, i) => `user${String(i).padStart(4, '0')}`);
  return {
    id: 'm-b0000000000000000000000000000001',
    alias: 'bench',
    defaultMailDomain: DOMAIN,
    domains: [DOMAIN],
    users: userNames.map((name, i) => ({
      name,
      displayName: `User ${i}`,
      // Every tenth user has no mailbox; every fifth has two aliases.
      ...(i % 10 === 9 ? {} : { email: `${name}@${DOMAIN}`, ...(i % 5 === 0 ? { aliases: [`${name}.a@${DOMAIN}`, `${name}.b@${DOMAIN}`] } : {}) }),
      department: `Department ${i % 17}`,
    })),
    groups: Array.from({ length: groups }, (_, g) => ({
      name: `group ${String(g).padStart(3, '0')}`,
      email: `group${g}@${DOMAIN}`,
      members: Array.from({ length: 12 }, (_x, k) => userNames[(g * 7 + k * 131) % users]).filter((m, k, all) => all.indexOf(m) === k),
    })),
    resources: Array.from({ length: resources }, (_, r) => ({
      name: `room${String(r).padStart(3, '0')}`,
      type: r % 4 === 3 ? 'EQUIPMENT' as const : 'ROOM' as const,
      email: `room${r}@${DOMAIN}`,
      delegates: [userNames[(r * 13) % users], `group ${String(r % groups).padStart(3, '0')}`],
      bookingOptions: { autoAcceptRequests: r % 2 === 0 },
    })),
  };
}

export interface ScanBenchmark {
  readonly entities: number;
  readonly concurrency: number;
  readonly wallMs: number;
  /** Operation → [calls made, minimum]. */
  readonly calls: Record<string, [number, number]>;
  readonly total: number;
  readonly minimum: number;
}

export async function measureScan(concurrency = 4): Promise<ScanBenchmark> {
  const organization = benchOrganization();
  const emulator = await startEmulator({ seed: { organizations: [organization] } });
  const client = new WorkMailClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    retryMode: 'adaptive',
    maxAttempts: 8,
  });
  try {
    const started = process.hrtime.bigint();
    const scan = await scanOrganization({ client, organization: 'bench', concurrency });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const made = callsPerOperation(emulator.calls);
    const minimum = minimumScanCalls(organization, { organizationsListed: 1 });
    const operations = [...new Set([...Object.keys(minimum), ...Object.keys(made)])];
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      entities: scan.organization.users.length + scan.organization.groups.length + scan.organization.resources.length,
      concurrency,
      wallMs,
      calls: Object.fromEntries(operations.map((op) => [op, [made[op] ?? 0, minimum[op] ?? 0]])),
      total: sum(made),
      minimum: sum(minimum),
    };
  } finally {
    client.destroy();
    await emulator.close();
  }
}
