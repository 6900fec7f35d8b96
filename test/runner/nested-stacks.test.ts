import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { deploy, destroy } from '../../local/runner';
import { readStack } from '../../local/runner/assembly';
import { withNestedStacks } from '../../local/runner/nested-stacks';
import { BookableResourceType, WorkMailEntitySpread, WorkMailOrganization } from '../../src';
import { oneOrganization, useEmulatorAndWorkdir } from '../e2e/emulated';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * An organization spread over nested stacks (users over two, a group, a room), deployed, changed and
 * destroyed through the runner: the nested stacks' resources deploy with their parent, their parameters
 * (the service token, the parent's stack id, chunks of member ids) resolved from what the parent passes.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const DOMAIN = 'acme.example.com';
const file = useEmulatorAndWorkdir('nested', { seed: oneOrganization(ORG, 'acme', DOMAIN) });

function synth(name: string, users: string[], members: string[]): string {
  const outdir = path.join(file.workdir, name);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Spread');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG);
  const spread = new WorkMailEntitySpread(stack, 'Directory', { userStacks: 2 });
  const declared = new Map(users.map((u) => [u, spread.addUser(u, {
    organization, name: u, email: `${u}@${DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY,
  })]));
  declared.get(users[0])!.addAlias(`first@${DOMAIN}`);
  const team = spread.addGroup('Team', {
    organization, name: 'team', email: `team@${DOMAIN}`, members: members.map((m) => declared.get(m)!), removalPolicy: RemovalPolicy.DESTROY,
  });
  spread.addResource('Room', {
    organization,
    name: 'boardroom',
    type: BookableResourceType.ROOM,
    email: `boardroom@${DOMAIN}`,
    bookingOptions: { autoAcceptRequests: false },
    delegates: [team],
    removalPolicy: RemovalPolicy.DESTROY,
  });
  app.synth();
  return outdir;
}

const live = () => {
  const org = file.emulator.seed().organizations[0];
  return {
    users: org.users!.map((u) => u.name).sort(),
    team: org.groups!.find((g) => g.name === 'team')?.members?.slice().sort(),
    room: org.resources!.find((r) => r.name === 'boardroom')?.delegates,
  };
};

test('the nested templates are merged into their parent, parameters and outputs replaced', () => {
  const dir = synth('merge', ['alice', 'bob', 'carol', 'dave'], ['alice', 'bob', 'carol']);
  const stack = withNestedStacks(readStack(dir));
  const resources = stack.template.Resources!;
  expect(Object.values(resources).filter((r) => r.Type === 'AWS::CloudFormation::Stack')).toEqual([]);
  const team = Object.entries(resources).find(([, r]) => r.Type === 'Custom::WorkMailGroup')!;
  expect(team[0]).toMatch(/^DirectoryGroups0NestedStackGroups0NestedStackResource[0-9A-F]{8}\/Team[0-9A-F]{8}$/);
  // The service token is the parent's framework function again; no parameter is left.
  expect(JSON.stringify(team[1].Properties!.ServiceToken)).toMatch(/^\{"Fn::GetAtt":\["CdkWorkMailProviderframeworkonEvent[0-9A-F]+","Arn"\]\}$/);
  expect(JSON.stringify(resources)).not.toMatch(/referenceto|Outputs\./);
  // A member picks its id from a chunk: Fn::Select over the split of the other nested stack's joined ids.
  const member = JSON.stringify((team[1].Properties!.Members as unknown[])[0]);
  expect(member).toMatch(/^\{"Fn::Select":\[\d,\{"Fn::Split":\[",",.*"UserId"/);
}, DEPLOY_TEST_TIMEOUT_MS);

test('deploy, change and destroy an organization spread over nested stacks', async () => {
  const stateFile = path.join(file.workdir, 'state.json');
  const lines: string[] = [];
  const options = (dir: string) => file.runnerOptions(dir, stateFile, (l) => lines.push(l));

  const { outcomes } = await deploy(options(synth('v1', ['alice', 'bob', 'carol', 'dave'], ['alice', 'bob', 'carol'])));
  expect(outcomes.filter((o) => o.action === 'CREATE' && o.type.startsWith('Custom::')).map((o) => o.type).sort()).toEqual([
    'Custom::WorkMailAlias', 'Custom::WorkMailBookableResource', 'Custom::WorkMailGroup',
    'Custom::WorkMailUser', 'Custom::WorkMailUser', 'Custom::WorkMailUser', 'Custom::WorkMailUser',
  ]);
  // The users' nested stacks: both hold users.
  const userStacks = new Set(outcomes.filter((o) => o.type === 'Custom::WorkMailUser').map((o) => o.logicalId.split('/')[0]));
  expect(userStacks.size).toBe(2);
  expect(live()).toEqual({ users: ['alice', 'bob', 'carol', 'dave'], team: ['alice', 'bob', 'carol'], room: ['team'] });
  expect(file.emulator.seed().organizations[0].users!.find((u) => u.name === 'alice')!.aliases).toEqual([`first@${DOMAIN}`]);

  // A new user and a changed membership: only the group and the new user change.
  const second = await deploy(options(synth('v2', ['alice', 'bob', 'carol', 'dave', 'erin'], ['bob', 'dave', 'erin'])));
  const changed = second.outcomes.filter((o) => o.action !== 'NONE' && o.type.startsWith('Custom::')).map((o) => `${o.action} ${o.type}`);
  expect(changed.sort()).toEqual(['CREATE Custom::WorkMailUser', 'UPDATE Custom::WorkMailGroup']);
  expect(live()).toEqual({ users: ['alice', 'bob', 'carol', 'dave', 'erin'], team: ['bob', 'dave', 'erin'], room: ['team'] });

  await destroy(options(synth('v2b', ['alice', 'bob', 'carol', 'dave', 'erin'], ['bob', 'dave', 'erin'])));
  expect(live()).toEqual({ users: [], team: undefined, room: undefined });
}, DEPLOY_TEST_TIMEOUT_MS);
