/**
 * The apps the plan tests deploy and change: one stack, one of each kind, in three revisions.
 * 1: deployed. 2: one change of every action (create, adopt, update, replace, delete, retain).
 * 'failing': changes the deployment would refuse.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DisassociateMemberFromGroupCommand, UpdateResourceCommand, UpdateUserCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RunningEmulator, startEmulator } from '../../local/emulator';
import { deploy } from '../../local/runner';
import { BookableResourceType, WorkMailDelegate, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser } from '../../src';

export const ORG = 'm-0123456789abcdef0123456789abcdef';
export const D = 'acme.example.com';
export const STACK = 'PlanTest';

/** Made by hand before the stack: dana is adopted in revision 2; in 'failing', zed's name, dana's address and name (for a group) and yuri's address are taken. */
export const PLAN_SEED = {
  organizations: [{
    id: ORG,
    alias: 'acme',
    defaultMailDomain: D,
    domains: [D],
    users: [
      { name: 'dana', displayName: 'Dana (made by hand)', email: `dana@${D}` },
      { name: 'zed', displayName: 'Zed', email: `zed@${D}` },
      { name: 'yuri', displayName: 'Yuri', email: `yuri@${D}` },
    ],
  }],
};

export type Revision = 1 | 2 | 'failing';

export function synthPlanApp(outdir: string, revision: Revision): string {
  const app = new App({ outdir });
  const stack = new Stack(app, STACK);
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG);
  const two = revision === 2;
  const failing = revision === 'failing';
  const alice = new WorkMailUser(stack, 'Alice', {
    organization, name: 'alice', displayName: two ? 'Alice Liddell' : 'Alice', email: `alice@${D}`, jobTitle: 'Explorer', generatePassword: false,
  });
  alice.addAlias(`a.liddell@${D}`);
  if (two) alice.addAlias(`wonderland@${D}`);
  if (failing) alice.addAlias('alice@elsewhere.example.org');
  const bob = revision === 1 ? new WorkMailUser(stack, 'Bob', {
    organization, name: 'bob', displayName: 'Bob', email: `bob@${D}`, generatePassword: false, removalPolicy: RemovalPolicy.DESTROY,
  }) : undefined;
  if (revision === 1) new WorkMailUser(stack, 'Carol', { organization, name: 'carol', displayName: 'Carol', generatePassword: false });
  new WorkMailUser(stack, 'Eve', {
    organization,
    name: two ? 'eve2' : failing ? 'eve-renamed' : 'eve',
    displayName: 'Eve',
    // Failing: renamed with its address, which the new user cannot take while the old one holds it.
    email: two ? `eve2@${D}` : `eve@${D}`,
    generatePassword: false,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  new WorkMailGroup(stack, 'Team', { organization, name: 'team', email: `team@${D}`, members: bob ? [alice, bob] : [alice] });
  const room = new WorkMailResource(stack, 'Room', {
    organization,
    name: 'room',
    type: BookableResourceType.ROOM,
    email: `room@${D}`,
    description: two ? 'Second floor' : undefined,
    bookingOptions: { autoAcceptRequests: true },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const team = stack.node.findChild('Team') as WorkMailGroup;
  // Delegations: one replaced (another delegate), one removed with bob, one added with frank.
  new WorkMailDelegate(stack, 'RoomDelegate', { resource: room, delegate: two ? team : alice });
  if (bob) new WorkMailDelegate(stack, 'BobDelegate', { resource: room, delegate: bob });
  if (two) {
    const frank = new WorkMailUser(stack, 'Frank', { organization, name: 'frank', displayName: 'Frank', email: `frank@${D}`, generatePassword: false });
    new WorkMailDelegate(stack, 'FrankDelegate', { resource: room, delegate: frank });
    new WorkMailUser(stack, 'Dana', { organization, name: 'dana', displayName: 'Dana Scully', email: `dana@${D}`, adoptExisting: true, generatePassword: false });
  }
  if (failing) {
    new WorkMailUser(stack, 'Zed', { organization, name: 'zed', displayName: 'Zed', email: `zed@${D}`, generatePassword: false });
    new WorkMailUser(stack, 'Grace', { organization, name: 'grace', displayName: 'Grace', email: `dana@${D}`, generatePassword: false });
    // A group cannot adopt a user; an alias another entity holds.
    new WorkMailGroup(stack, 'DanaGroup', { organization, name: 'dana', adoptExisting: true });
    team.addAlias(`yuri@${D}`);
    const hall = new WorkMailResource(stack, 'Hall', {
      organization, name: 'hall', type: BookableResourceType.ROOM, email: `hall@${D}`, bookingOptions: { autoAcceptRequests: true },
    });
    // Past the construct's own check, as a template written by hand would be.
    (hall.node.defaultChild as CfnResource).addPropertyOverride('BookingOptions.AutoAcceptRequests', 'false');
  }
  app.synth();
  return outdir;
}

/** Revision 1 deployed into the emulator with the local runner, then alice's job title changed by hand. */
export interface DeployedPlanFixture {
  readonly emulator: RunningEmulator;
  readonly client: WorkMailClient;
  readonly workdir: string;
  /** The runner's state file of the deployed stack. */
  readonly stateFile: string;
  /** Where revision 1 was synthesized. */
  readonly v1: string;
  close(): Promise<void>;
}

export async function deployPlanFixture(): Promise<DeployedPlanFixture> {
  const emulator = await startEmulator({ seed: PLAN_SEED });
  const client = new WorkMailClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-plan-'));
  const stateFile = path.join(workdir, `${STACK}.json`);
  const v1 = synthPlanApp(path.join(workdir, 'v1'), 1);
  await deploy({ cloudAssemblyDir: v1, stackName: STACK, stateFile, workmailEndpoint: emulator.endpoint });
  // By hand, after the deploy: drift revision 2 puts back (a user's field, a member), and drift it leaves (a booking option
  // of a resource whose update writes only its description).
  await client.send(new UpdateUserCommand({ OrganizationId: ORG, UserId: 'alice', JobTitle: 'Queen' }));
  await client.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: 'team', MemberId: 'alice' }));
  await client.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: 'room', BookingOptions: { AutoAcceptRequests: false } }));
  return {
    emulator,
    client,
    workdir,
    stateFile,
    v1,
    close: async () => {
      client.destroy();
      await emulator.close();
      fs.rmSync(workdir, { recursive: true, force: true });
    },
  };
}
