import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { useEmulatorAndWorkdir } from './emulated';
import { deploy } from '../../local/runner';
import { BookableResourceType, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser } from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * Each organization's grants are their own IAM policies that its entities depend on, so removing every
 * entity of an organization in one deployment deletes the entities while they are still granted, and
 * the policies after them (the runner enforces the deployed policies as IAM would).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ACME = 'm-0123456789abcdef0123456789abcdef';
const GLOBEX = 'm-fedcba9876543210fedcba9876543210';
const file = useEmulatorAndWorkdir('org-removal', {
  seed: {
    organizations: [
      { id: ACME, alias: 'acme', defaultMailDomain: 'acme.example.com', domains: ['acme.example.com'] },
      { id: GLOBEX, alias: 'globex', defaultMailDomain: 'globex.example.com', domains: ['globex.example.com'] },
    ],
  },
});

function synth(name: string, withGlobex: boolean): string {
  const outdir = path.join(file.workdir, name);
  const app = new App({ outdir });
  const stack = new Stack(app, 'TwoOrganizations');
  const acme = WorkMailOrganization.fromOrganizationId(stack, 'Acme', ACME);
  new WorkMailUser(stack, 'Alice', { organization: acme, name: 'alice', email: 'alice@acme.example.com', generatePassword: false });
  if (withGlobex) {
    const globex = WorkMailOrganization.fromAlias(stack, 'Globex', 'globex');
    const hank = new WorkMailUser(stack, 'Hank', {
      organization: globex, name: 'hank', email: 'hank@globex.example.com', removalPolicy: RemovalPolicy.DESTROY, generatePassword: false,
    });
    hank.addAlias('h.scorpio@globex.example.com');
    const team = new WorkMailGroup(stack, 'Team', {
      organization: globex, name: 'team', email: 'team@globex.example.com', members: [hank], removalPolicy: RemovalPolicy.DESTROY,
    });
    new WorkMailResource(stack, 'Room', {
      organization: globex,
      name: 'volcano',
      type: BookableResourceType.ROOM,
      email: 'volcano@globex.example.com',
      bookingOptions: { autoAcceptRequests: false },
      delegates: [team],
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
  app.synth();
  return outdir;
}

const live = (orgId: string) => {
  const org = file.emulator.seed().organizations.find((o) => o.id === orgId)!;
  return [...org.users!, ...org.groups!, ...org.resources!].map((e) => e.name).sort();
};

test('remove every entity of an organization in one deployment: entities first, their policies after', async () => {
  const stateFile = path.join(file.workdir, 'state.json');
  const lines: string[] = [];
  const options = (dir: string) => file.runnerOptions(dir, stateFile, (l) => lines.push(l));

  const { state: before } = await deploy(options(synth('v1', true)));
  expect(live(GLOBEX)).toEqual(['hank', 'team', 'volcano']);

  lines.length = 0;
  file.emulator.resetCalls();
  const result = await deploy(options(synth('v2', false)));
  expect(file.emulator.calls.filter((c) => c.errorName === 'AccessDeniedException')).toEqual([]);
  expect(result.outcomes.filter((o) => o.error)).toEqual([]);
  expect(live(GLOBEX)).toEqual([]);
  expect(live(ACME)).toEqual(['alice']);

  const deleted = lines.filter((l) => l.startsWith('DELETE_COMPLETE')).map((l) => l.split(' ').slice(1, 3).join(' '));
  // Deletes run in parallel where independent: each grant goes after every entity that depended on it.
  const position = (logicalId: string) => deleted.findIndex((d) => d.endsWith(` ${logicalId}`));
  const entityTypes = ['Custom::WorkMailUser', 'Custom::WorkMailGroup', 'Custom::WorkMailBookableResource', 'Custom::WorkMailAlias'];
  const removedEntities = Object.entries(before.resources).filter(([id, r]) => entityTypes.includes(r.type) && !(id in result.state.resources));
  expect(removedEntities.map(([, r]) => r.type).sort()).toEqual([...entityTypes].sort());
  for (const [id, entity] of removedEntities) {
    const grants = entity.dependsOn.filter((dep) => before.resources[dep]?.type === 'AWS::IAM::Policy' && /Grant/.test(dep));
    expect(grants.length).toBeGreaterThan(0);
    for (const grant of grants) {
      if (grant in result.state.resources) continue;
      expect(position(id)).toBeGreaterThanOrEqual(0);
      expect(position(grant)).toBeGreaterThan(position(id));
    }
  }
  // The organization's grants left with it; Acme's users' grant stayed.
  expect(deleted.filter((d) => d.startsWith('AWS::IAM::Policy')).length).toBeGreaterThanOrEqual(4);
}, DEPLOY_TEST_TIMEOUT_MS);
