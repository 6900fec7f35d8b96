import { failure } from './harness';
import { decisionsSince, depsFor, eventsOf, runGranted } from './relations-helpers';
import { HandlerDeps } from '../../lambda/reconcilers/reconciler';
import { RunningEmulator, SeedOrganization, startEmulator } from '../../local/emulator';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

const orgId = (n: number) => `m-${n.toString(16).padStart(32, '0')}`;
const ACME = orgId(0xac);
const SYNCING = orgId(0x5c);
const IMPAIRED = orgId(0x1a);

/** 150 organizations before the ones the tests look up, so that finding them crosses a page of 100. */
const FILLERS: SeedOrganization[] = Array.from({ length: 150 }, (_, i) => ({
  id: orgId(0x1000 + i), alias: `filler-${i}`, defaultMailDomain: `filler${i}.example.com`, domains: [`filler${i}.example.com`],
}));

let emulator: RunningEmulator;
let deps: HandlerDeps;
const logLines: string[] = [];

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  emulator = await startEmulator({
    seed: {
      organizations: [
        ...FILLERS,
        { id: ACME, alias: 'Acme-Corp', defaultMailDomain: 'mail.acme.example.com', domains: ['acme.example.com', 'mail.acme.example.com'] },
        { id: SYNCING, alias: 'syncing', defaultMailDomain: 'syncing.example.com', domains: ['syncing.example.com'], state: 'Synchronizing' },
        { id: IMPAIRED, alias: 'broken', defaultMailDomain: 'broken.example.com', domains: ['broken.example.com'], state: 'Impaired' },
        { id: orgId(0xdead), alias: 'bygone', defaultMailDomain: 'bygone.example.com', domains: ['bygone.example.com'], state: 'Deleted' },
      ],
    },
  });
  deps = depsFor(emulator.endpoint, logLines);
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => emulator.resetCalls());

const events = eventsOf(WorkMailResourceType.ORGANIZATION, 'Org');
const run = (event: Parameters<typeof runGranted>[2]) => runGranted(emulator, deps, event);
const operations = () => emulator.calls.map((c) => c.operation);

test('found by alias, case-insensitively, across pages: the id is the physical id, Data has the id and the default mail domain', async () => {
  const lines = logLines.length;
  const response = await run(events.create({ Alias: 'acme-corp' }));

  expect(response).toEqual({ PhysicalResourceId: ACME, Data: { OrganizationId: ACME, DefaultMailDomain: 'mail.acme.example.com' } });
  expect(operations()).toEqual(['ListOrganizations', 'ListOrganizations', 'DescribeOrganization']);
  expect(decisionsSince(logLines, lines)).toEqual([expect.objectContaining({ decision: 'organization-found', organizationId: ACME, state: 'Active' })]);
});

test('an organization that is Synchronizing is usable', async () => {
  const response = await run(events.create({ Alias: 'SYNCING' }));
  expect(response.PhysicalResourceId).toBe(SYNCING);
});

test('update: the same lookup keeps the id; an alias naming another organization answers its id (a replacement)', async () => {
  const same = await run(events.update(ACME, { Alias: 'Acme-Corp' }, { Alias: 'acme-corp' }));
  expect(same.PhysicalResourceId).toBe(ACME);
  const other = await run(events.update(ACME, { Alias: 'syncing' }, { Alias: 'Acme-Corp' }));
  expect(other).toEqual({ PhysicalResourceId: SYNCING, Data: { OrganizationId: SYNCING, DefaultMailDomain: 'syncing.example.com' } });
});

test('missing: the error names the alias and lists at most 10 of the aliases that exist (not the deleted ones)', async () => {
  const err = await failure(run(events.create({ Alias: 'initech' })));

  const first10 = Array.from({ length: 10 }, (_, i) => `'filler-${i}'`).join(', ');
  expect(err.message).toBe(
    "No WorkMail organization has the alias 'initech' in this account and region (ListOrganizations). " +
    `The organizations here are ${first10} and 143 more`,
  );
  expect(operations()).toEqual(['ListOrganizations', 'ListOrganizations']);
});

test('an organization in state Deleted is not found', async () => {
  const err = await failure(run(events.create({ Alias: 'bygone' })));
  expect(err.message).toContain("No WorkMail organization has the alias 'bygone'");
});

test('not active: the error names the alias, the id and the state', async () => {
  const err = await failure(run(events.create({ Alias: 'broken' })));
  expect(err.message).toBe(
    `WorkMail organization 'broken' (${IMPAIRED}) is in state Impaired, not Active: ` +
    'its users, groups and resources cannot be managed until it is Active again',
  );
  expect(operations()).toEqual(['ListOrganizations', 'ListOrganizations', 'DescribeOrganization']);
});

test('a missing Alias property is named', async () => {
  const err = await failure(run(events.create({})));
  expect(err.message).toBe("Property 'Alias' of Custom::WorkMailOrganization 'Org' is required");
  expect(operations()).toEqual([]);
});

test('delete: nothing to do, no call', async () => {
  const response = await run(events.delete(ACME, { Alias: 'Acme-Corp' }));
  expect(response).toEqual({ PhysicalResourceId: ACME });
  expect(operations()).toEqual([]);
});

test('an empty account: the error says there are no organizations', async () => {
  const empty = await startEmulator({ seed: { organizations: [] } });
  try {
    const err = await failure(runGranted(empty, depsFor(empty.endpoint, []), events.create({ Alias: 'acme' })));
    expect(err.message).toBe("No WorkMail organization has the alias 'acme' in this account and region (ListOrganizations). There are no organizations here");
  } finally {
    await empty.close();
  }
});
