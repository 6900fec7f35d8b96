/**
 * The organization of issue 12's goals 3 and 4 (2,000 users, 200 groups, 50 rooms, 3,000 aliases at full
 * size) as two CDK apps: one with this library (`WorkMailEntitySpread`), and the same organization as a
 * CDK user writes it today with aws-cdk-lib's `AwsCustomResource`, one per WorkMail call to keep.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { SeedOrganization } from '../local/emulator';
import { BookableResourceType, WorkMailEntitySpread, WorkMailGroup, WorkMailOrganization, WorkMailUser } from '../src';

export interface ScaleSize {
  readonly users: number;
  readonly groups: number;
  readonly rooms: number;
  readonly aliases: number;
}

export const FULL_SIZE: ScaleSize = { users: 2000, groups: 200, rooms: 50, aliases: 3000 };
/** The default bench run's size: a tenth, so that `npm run bench` stays in minutes. */
export const SMALL_SIZE: ScaleSize = { users: 200, groups: 20, rooms: 5, aliases: 300 };

export const ORGANIZATION_ID = 'm-5ca1e000000000000000000000000001';
const DOMAIN = 'scale.example.com';

export function scaleSeed(): SeedOrganization {
  return { id: ORGANIZATION_ID, alias: 'scale', defaultMailDomain: DOMAIN, domains: [DOMAIN] };
}

/** What the organization declares, the same for both apps. */
export interface Declaration {
  readonly users: { name: string; aliases: string[] }[];
  /** Group 0 is all-staff (every user); each other group is a team of every (groups-1)th user. */
  readonly groups: { name: string; members: number[] }[];
  /** Each room's delegate is a team group. */
  readonly rooms: { name: string; delegate: number }[];
}

export function declaration(size: ScaleSize): Declaration {
  const twoAliases = Math.max(0, size.aliases - size.users);
  const users = Array.from({ length: size.users }, (_, i) => {
    const name = `user${String(i).padStart(4, '0')}`;
    const count = i < twoAliases ? 2 : i < size.aliases ? 1 : 0;
    return { name, aliases: Array.from({ length: count }, (_x, k) => `${name}.${k}@${DOMAIN}`) };
  });
  const teams = size.groups - 1;
  const groups = Array.from({ length: size.groups }, (_, g) => ({
    name: g === 0 ? 'all-staff' : `team${String(g).padStart(3, '0')}`,
    members: g === 0 ? users.map((_u, i) => i) : users.map((_u, i) => i).filter((i) => i % teams === g - 1),
  }));
  const rooms = Array.from({ length: size.rooms }, (_, r) => ({ name: `room${String(r).padStart(3, '0')}`, delegate: 1 + (r % teams) }));
  return { users, groups, rooms };
}

/** The minimum WorkMail calls to create the organization (bench/lifecycle-steps.ts gives each kind's reasoning). */
export function minimumCreateCalls(d: Declaration): Record<string, number> {
  const aliases = d.users.reduce((n, u) => n + u.aliases.length, 0);
  const members = d.groups.reduce((n, g) => n + g.members.length, 0);
  return {
    CreateUser: d.users.length,
    RegisterToWorkMail: d.users.length + d.groups.length + d.rooms.length,
    CreateAlias: aliases,
    CreateGroup: d.groups.length,
    AssociateMemberToGroup: members,
    CreateResource: d.rooms.length,
    AssociateDelegateToResource: d.rooms.length,
  };
}

const email = (name: string) => `${name}@${DOMAIN}`;

/** The organization with this library: one stack, the entities spread over nested stacks. */
export function spreadApp(outdir: string, d: Declaration, removalPolicy = RemovalPolicy.RETAIN): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Organization');
  const organization = WorkMailOrganization.fromOrganizationAttributes(stack, 'Org', { organizationId: ORGANIZATION_ID, mailDomains: [DOMAIN] });
  const spread = new WorkMailEntitySpread(stack, 'Directory');
  const users: WorkMailUser[] = d.users.map((u) => {
    const user = spread.addUser(u.name, { organization, name: u.name, email: email(u.name), removalPolicy });
    u.aliases.forEach((a) => user.addAlias(a));
    return user;
  });
  const groups: WorkMailGroup[] = d.groups.map((g) => spread.addGroup(g.name, {
    organization, name: g.name, email: email(g.name), members: g.members.map((i) => users[i]), removalPolicy,
  }));
  for (const r of d.rooms) {
    spread.addResource(r.name, {
      organization, name: r.name, type: BookableResourceType.ROOM, email: email(r.name), delegates: [groups[r.delegate]], removalPolicy,
    });
  }
  return app;
}

/** AwsCustomResources per stack before a new stack is started: CloudFormation allows 500 resources, the stack needs a few more. */
const CALLS_PER_STACK = 480;

/**
 * The same organization as a CDK user writes it today: one AwsCustomResource per WorkMail call that must be
 * kept (create/delete of each entity, its registration, each alias, each membership and delegation), one
 * shared role per stack (so no policy per resource), and the entities split over plain stacks by hand, since
 * one stack holds 500 resources. Passwords are left out: CreateUser's Password would be a literal in the
 * template (a dynamic reference does not resolve in custom resource properties).
 */
export function awsCustomResourceApp(outdir: string, d: Declaration): App {
  const app = new App({ outdir });
  let stack: Stack | undefined;
  let role: iam.IRole;
  let count = 0;
  const scope = (calls: number): Stack => {
    if (stack === undefined || count + calls > CALLS_PER_STACK) {
      stack = new Stack(app, `Organization${app.node.children.length}`);
      role = new iam.Role(stack, 'WorkMailCalls', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['workmail:*'], resources: [stack.formatArn({ service: 'workmail', resource: 'organization', resourceName: ORGANIZATION_ID })],
      }));
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'));
      count = 0;
    }
    count += calls;
    return stack;
  };
  const call = (s: Stack, id: string, onCreate: cr.AwsSdkCall, onDelete?: cr.AwsSdkCall, onUpdate?: cr.AwsSdkCall) =>
    new cr.AwsCustomResource(s, id, { onCreate, onUpdate, onDelete, role, installLatestAwsSdk: false });
  const sdk = (action: string, parameters: Record<string, unknown>, physicalResourceId?: cr.PhysicalResourceId): cr.AwsSdkCall =>
    ({ service: 'WorkMail', action, parameters: { OrganizationId: ORGANIZATION_ID, ...parameters }, physicalResourceId });
  const thisId = new cr.PhysicalResourceIdReference();

  /** Create + register (+ `beside` calls that must share its stack), each a call of its own; returns the entity's id. */
  const entity = (kind: 'User' | 'Group' | 'Resource', name: string, create: Record<string, unknown>, beside: number): { s: Stack; id: string; registered: cr.AwsCustomResource } => {
    const s = scope(2 + beside);
    const made = call(s, `${kind}-${name}`,
      sdk(`Create${kind}`, create, cr.PhysicalResourceId.fromResponse(`${kind}Id`)),
      sdk(`Delete${kind}`, { [`${kind}Id`]: thisId }),
      kind === 'User' ? sdk('UpdateUser', { UserId: thisId, DisplayName: create.DisplayName }) : undefined);
    const id = made.getResponseField(`${kind}Id`);
    const registered = call(s, `${kind}-${name}-Register`,
      sdk('RegisterToWorkMail', { EntityId: id, Email: email(name) }, cr.PhysicalResourceId.of(`${name}-registration`)),
      sdk('DeregisterFromWorkMail', { EntityId: id }));
    return { s, id, registered };
  };

  const userIds = d.users.map((u) => {
    const { s, id, registered } = entity('User', u.name, { Name: u.name, DisplayName: u.name }, u.aliases.length);
    u.aliases.forEach((alias, k) => call(s, `User-${u.name}-Alias${k}`,
      sdk('CreateAlias', { EntityId: id, Alias: alias }, cr.PhysicalResourceId.of(alias)),
      sdk('DeleteAlias', { EntityId: id, Alias: alias })).node.addDependency(registered));
    return id;
  });
  const groupIds = d.groups.map((g) => {
    // Memberships fill stacks one by one (a group of 2,000 members does not fit one stack); CDK exports the ids across.
    const { id } = entity('Group', g.name, { Name: g.name }, 0);
    g.members.forEach((i) => call(scope(1), `Group-${g.name}-Member${i}`,
      sdk('AssociateMemberToGroup', { GroupId: id, MemberId: userIds[i] }, cr.PhysicalResourceId.of(`${g.name}-${i}`)),
      sdk('DisassociateMemberFromGroup', { GroupId: id, MemberId: userIds[i] })));
    return id;
  });
  for (const r of d.rooms) {
    const { s, id } = entity('Resource', r.name, { Name: r.name, Type: 'ROOM' }, 1);
    call(s, `Resource-${r.name}-Delegate`,
      sdk('AssociateDelegateToResource', { ResourceId: id, EntityId: groupIds[r.delegate] }, cr.PhysicalResourceId.of(`${r.name}-delegate`)),
      sdk('DisassociateDelegateFromResource', { ResourceId: id, EntityId: groupIds[r.delegate] }));
  }
  return app;
}
