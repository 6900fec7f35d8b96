/**
 * The scan (and so every export format), and the drift check, under every answer of every behaviour
 * question the handler supports: the example app deployed through the local runner, an entity deleted by hand beside it, then
 * the organization scanned and checked for drift while only List*, Describe* and Get* are allowed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateGroupCommand, DeleteGroupCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import { scanFromEmulator } from './scan-fixture';
import { driftCheck } from '../../cli/drift';
import { scanOrganization } from '../../cli/scan';
import { buildExampleApp, EXAMPLE_ORGANIZATION_ID } from '../../example/app';
import { answersOf, Behaviour, BEHAVIOUR_QUESTION_NAMES, loadSeedFile, RunningEmulator, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';
import { deploy } from '../../local/runner';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = EXAMPLE_ORGANIZATION_ID;
const READ_ONLY = Object.keys(OPERATIONS).filter((op) => /^(List|Describe|Get)/.test(op));
/** The answer the handler does not support (the emulator's README says what a user sees; test/handler/behaviour.test.ts shows it). */
const UNSUPPORTED = new Set(['membership-of-disabled: entity-state-exception']);
const CASES = BEHAVIOUR_QUESTION_NAMES.flatMap((question) =>
  answersOf(question).map(([answer, behaviour]) => [question, answer, behaviour] as const))
  .filter(([question, answer]) => !UNSUPPORTED.has(`${question}: ${answer}`));

let workdir: string;
let appDir: string;
beforeAll(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-behaviour-'));
  appDir = path.join(workdir, 'cdk.out');
  buildExampleApp(appDir, { revision: 1 }).synth();
});
afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

describe.each(CASES)('%s: %s', (question: string, answer: string, behaviour: Behaviour) => {
  let emulator: RunningEmulator;
  let client: WorkMailClient;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: loadSeedFile(path.join(__dirname, '..', '..', 'example', 'seed.json')), behaviour });
    client = new WorkMailClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    await deploy({
      cloudAssemblyDir: appDir, stackName: 'WorkMailExample', stateFile: path.join(workdir, `${question}-${answer}.json`), workmailEndpoint: emulator.endpoint,
    });
    const { GroupId } = await client.send(new CreateGroupCommand({ OrganizationId: ORG, Name: 'gone-by-hand' }));
    await client.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId }));
    emulator.setAllowedOperations(READ_ONLY);
  }, DEPLOY_TEST_TIMEOUT_MS);
  afterAll(async () => {
    client?.destroy();
    await emulator?.close();
  });

  test('the scan reads the organization as it is, the DELETED group skipped', async () => {
    const scan = await scanOrganization({ client, organization: ORG });
    const { unverifiedDomains, ...expected } = scanFromEmulator(emulator, ORG).organization;
    expect(scan.organization).toEqual({ ...expected, domains: [...expected.domains, ...(unverifiedDomains ?? [])].sort() });
    expect(scan.skipped).toEqual({ deleted: behaviour['deleted-entities-listed'] === 'listed' ? 1 : 0, systemUsers: 0 });
    expect(scan.ids.has('gone-by-hand')).toBe(false);
  });

  test('the drift check finds none just after the deploy', async () => {
    const report = await driftCheck({ client, appDir, stackName: 'WorkMailExample' });
    expect(report.differences).toEqual([]);
    expect(report.unchecked).toEqual([]);
    expect(emulator.calls.filter((c) => c.errorName !== undefined)).toEqual([]);
  });
});
