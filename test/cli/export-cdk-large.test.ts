import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, deployAll, linkDependencies, stacksInDeployOrder, synth, writeOperations } from './export-cdk-harness';
import { scanFromEmulator } from './scan-fixture';
import { MAX_RESOURCES_PER_STACK, writeCdkExport } from '../../cli/export/cdk';
import { OrganizationScan } from '../../cli/model';
import { RunningEmulator, SeedGroup, SeedOrganization, SeedResource, SeedUser, startEmulator } from '../../local/emulator';
import { DEPLOY_TEST_TIMEOUT_MS, LARGE_APP_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * An organization too large for one stack (1,000 users, 150 groups, 60 resources): the export splits
 * it, every stack stays within the limits, members and delegates cross stacks by id, and the whole
 * app compiles, synthesizes and deploys with no WorkMail write call. Re-exports are stable.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORGANIZATION_ID = 'm-1111111111111111111111111111111a';
const DOMAIN = 'big.example.com';
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function largeOrganization(): SeedOrganization {
  const users: SeedUser[] = Array.from({ length: 1000 }, (_, i) => ({
    name: `user.${pad(i, 4)}`,
    displayName: `User ${pad(i, 4)}`,
    // Every tenth user has no mailbox; every seventh with one has aliases.
    ...(i % 10 === 9 ? {} : { email: `user.${pad(i, 4)}@${DOMAIN}` }),
    ...(i % 10 !== 9 && i % 7 === 0 ? { aliases: [`u${i}@${DOMAIN}`, `user${i}@${DOMAIN}`] } : {}),
    ...(i % 3 === 0 ? { department: `Department ${i % 12}`, jobTitle: 'Engineer' } : {}),
  }));
  const groups: SeedGroup[] = Array.from({ length: 150 }, (_, g) => ({
    name: `Team ${pad(g, 3)}`,
    email: `team${g}@${DOMAIN}`,
    ...(g % 5 === 0 ? { aliases: [`squad${g}@${DOMAIN}`] } : {}),
    members: [
      ...Array.from({ length: 8 }, (__, k) => users[(g * 37 + k * 101) % 1000].name),
      // Nested groups, across the split: a group contains the next two.
      ...(g % 3 === 0 && g + 2 < 150 ? [`Team ${pad(g + 1, 3)}`, `Team ${pad(g + 2, 3)}`] : []),
    ],
  }));
  const resources: SeedResource[] = Array.from({ length: 60 }, (_, r) => ({
    name: r % 2 === 0 ? `room-${pad(r, 2)}` : `equipment-${pad(r, 2)}`,
    type: r % 2 === 0 ? 'ROOM' : 'EQUIPMENT',
    email: `resource${r}@${DOMAIN}`,
    description: `Resource ${r}`,
    bookingOptions: { autoAcceptRequests: r % 3 !== 0, autoDeclineConflictingRequests: r % 4 === 0 },
    delegates: [users[(r * 13) % 1000].name, `Team ${pad(r * 2, 3)}`],
  }));
  return { id: ORGANIZATION_ID, alias: 'big-corp', defaultMailDomain: DOMAIN, domains: [DOMAIN], users, groups, resources };
}

let emulator: RunningEmulator;
let workdir: string;
let scan: OrganizationScan;

beforeAll(async () => {
  emulator = await startEmulator({ seed: { organizations: [largeOrganization()] } });
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-export-cdk-large-'));
  scan = scanFromEmulator(emulator, ORGANIZATION_ID);
});

afterAll(async () => {
  await emulator?.close();
  fs.rmSync(workdir, { recursive: true, force: true });
});

const readAll = (dir: string, files: readonly string[]) => new Map(files.map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));

test('splits over stacks within the limits, compiles, synthesizes, and deploys with no WorkMail write call', async () => {
  const appDir = path.join(workdir, 'app');
  const timings: Record<string, number> = {};
  let started = Date.now();
  const lap = (name: string) => {
    timings[name] = Date.now() - started;
    started = Date.now();
  };
  const result = await writeCdkExport(scan, appDir, { log: () => undefined, toolVersion: '1.0.0' });
  expect(result.counts).toMatchObject({ users: 1000, groups: 150, resources: 60 });
  expect(result.counts.stacks).toBeGreaterThanOrEqual(4);
  linkDependencies(appDir);
  await compile(appDir);
  lap('compile');
  const assembly = await synth(appDir);
  lap('synth');

  const stacks = stacksInDeployOrder(assembly);
  expect(stacks).toHaveLength(result.counts.stacks);
  const custom = { users: 0, groups: 0, resources: 0 };
  for (const stack of stacks) {
    const types = Object.values(stack.template.Resources).map((resource) => resource.Type);
    expect(types.length).toBeLessThanOrEqual(MAX_RESOURCES_PER_STACK);
    expect(stack.templateBytes).toBeLessThan(1_000_000);
    custom.users += types.filter((type) => type === 'Custom::WorkMailUser').length;
    custom.groups += types.filter((type) => type === 'Custom::WorkMailGroup').length;
    custom.resources += types.filter((type) => type === 'Custom::WorkMailBookableResource').length;
  }
  expect(custom).toEqual({ users: 1000, groups: 150, resources: 60 });
  // Users first, then the groups and resources that import them by id.
  const kinds = stacks.map((stack) => /Users|Groups|Resources/.exec(stack.stackName)![0]);
  expect(kinds.lastIndexOf('Users')).toBeLessThan(kinds.indexOf('Groups'));
  expect(kinds.lastIndexOf('Groups')).toBeLessThan(kinds.indexOf('Resources'));
  const groupStack = fs.readFileSync(path.join(appDir, result.files.find((file) => /groups(-\d+)?-stack/.test(file))!), 'utf8');
  expect(groupStack).toMatch(/const user0\d{3} = WorkMailUser\.fromUserAttributes\(this, 'User0\d{3}', \{ organization, userId: '[^']+' \}\);/);

  const before = emulator.seed();
  emulator.resetCalls();
  await deployAll(assembly, emulator.endpoint, workdir);
  lap('deploy');
  expect(writeOperations(emulator.calls)).toEqual([]);
  expect(emulator.seed()).toEqual(before);
  // For the record: where the time goes.
  process.stderr.write(`cdk export of 1,210 entities: ${JSON.stringify({ ...timings, calls: emulator.calls.length })}\n`);
}, LARGE_APP_TEST_TIMEOUT_MS);

test('re-exports are byte-identical, and one more user changes only its own stack, by its own lines', async () => {
  const first = await writeCdkExport(scan, path.join(workdir, 'first'), { log: () => undefined, toolVersion: '1.0.0' });
  const again = await writeCdkExport(scan, path.join(workdir, 'again'), { log: () => undefined, toolVersion: '1.0.0' });
  expect(again.files).toEqual(first.files);
  expect(readAll(path.join(workdir, 'again'), again.files)).toEqual(readAll(path.join(workdir, 'first'), first.files));

  const newcomer: SeedUser = { name: 'zoe.newcomer', displayName: 'Zoë Newcomer', email: `zoe@${DOMAIN}` };
  const ids = new Map(scan.ids);
  ids.set('zoe.newcomer', { id: 'S-1-1-99-newcomer', kind: 'user' });
  const users = [...scan.organization.users, newcomer].sort((a, b) => a.name.localeCompare(b.name));
  const grown: OrganizationScan = { ...scan, organization: { ...scan.organization, users }, ids };
  const next = await writeCdkExport(grown, path.join(workdir, 'next'), { log: () => undefined, toolVersion: '1.0.0' });
  expect(next.files).toEqual(first.files);
  const before = readAll(path.join(workdir, 'first'), first.files);
  const after = readAll(path.join(workdir, 'next'), next.files);
  const changed = next.files.filter((file) => before.get(file) !== after.get(file));
  expect(changed).toHaveLength(1);
  expect(changed[0]).toMatch(/^lib\/users-\d+-stack\.ts$/);
  const oldLines = before.get(changed[0])!.split('\n');
  const newLines = after.get(changed[0])!.split('\n');
  const added = newLines.filter((line) => !oldLines.includes(line));
  expect(oldLines.every((line) => newLines.includes(line))).toBe(true);
  expect(added.join('\n')).toContain("new WorkMailUser(this, 'ZoeNewcomer', {");
  expect(added.join('\n')).toContain("displayName: 'Zoë Newcomer',");
  expect(newLines.length - oldLines.length).toBeLessThanOrEqual(11);
}, DEPLOY_TEST_TIMEOUT_MS);
