import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { oneOrganization, useEmulatorAndWorkdir } from './emulated';
import { deploy } from '../../local/runner';
import { WorkMailGroup, WorkMailOrganization, WorkMailUser } from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * WorkMail frees an entity's aliases when it deregisters it. The entity's declaration repeats the
 * aliases of its alias set, and registering it adds those it lacks: forward (where the set is created
 * again after it) and in the rollback of a failed deregistration (where the set gets no event).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const DOMAIN = 'acme.example.com';
const file = useEmulatorAndWorkdir('alias-registration', { seed: oneOrganization(ORG, 'acme', DOMAIN) });

interface Version {
  /** The group's name (each test its own group). */
  readonly name: string;
  readonly enabled?: boolean;
  /** A user in a domain the organization does not have: its create fails after the group's update. */
  readonly failing?: boolean;
}

function synth(dir: string, version: Version): string {
  const outdir = path.join(file.workdir, dir);
  const { name } = version;
  const app = new App({ outdir });
  const stack = new Stack(app, 'AliasRegistration');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Acme', ORG);
  const team = new WorkMailGroup(stack, 'Team', { organization, name, email: `${name}@${DOMAIN}`, enabled: version.enabled });
  // A deregistered entity declares no aliases (WorkMail gives them only to registered entities).
  if (version.enabled !== false) {
    team.addAlias(`${name}.everyone@${DOMAIN}`);
    team.addAlias(`${name}.all-hands@${DOMAIN}`);
  }
  if (version.failing) {
    const stray = new WorkMailUser(stack, 'Stray', { organization, name: `${name}-stray`, email: 'stray@elsewhere.example.net', generatePassword: false });
    // After the group, so that the failure comes once the group is deregistered.
    stray.node.addDependency(team);
  }
  app.synth();
  return outdir;
}

function live(name: string) {
  const group = file.emulator.seed().organizations.find((o) => o.id === ORG)!.groups!.find((g) => g.name === name)!;
  return { email: group.email, aliases: [...(group.aliases ?? [])].sort() };
}

const registered = (name: string) => ({ email: `${name}@${DOMAIN}`, aliases: [`${name}.all-hands@${DOMAIN}`, `${name}.everyone@${DOMAIN}`] });

test('disable then enable again: the aliases the deregistration freed are added again', async () => {
  const name = 'forward';
  const stateFile = path.join(file.workdir, 'forward.json');
  const options = (dir: string) => file.runnerOptions(dir, stateFile);
  await deploy(options(synth('forward-v1', { name })));
  expect(live(name)).toEqual(registered(name));

  await deploy(options(synth('forward-v2', { name, enabled: false })));
  expect(live(name)).toEqual({ email: undefined, aliases: [] });

  await deploy(options(synth('forward-v3', { name, enabled: true })));
  expect(live(name)).toEqual(registered(name));

  await deploy(options(synth('forward-v4', { name })));
  expect(live(name)).toEqual(registered(name));
}, DEPLOY_TEST_TIMEOUT_MS);

test('a failed deployment that disabled the entity: its rollback registers it again with its aliases', async () => {
  const name = 'rolledback';
  const stateFile = path.join(file.workdir, 'rollback.json');
  const lines: string[] = [];
  const options = (dir: string) => file.runnerOptions(dir, stateFile, (l) => lines.push(l));
  await deploy(options(synth('rollback-v1', { name })));
  expect(live(name)).toEqual(registered(name));

  await expect(deploy(options(synth('rollback-v2', { name, enabled: false, failing: true })))).rejects.toThrow(/MailDomainNotFoundException/);
  expect(lines[lines.length - 1]).toBe('UPDATE_ROLLBACK_COMPLETE AWS::CloudFormation::Stack AliasRegistration');
  expect(live(name)).toEqual(registered(name));
}, DEPLOY_TEST_TIMEOUT_MS);
