import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DOMAIN, newStack, ORG_ID, OTHER_ORG_ID, resourceOf, workmailPolicies } from './helpers';
import {
  BookableResourceType, MailboxPermission, WorkMailEntitySpread, WorkMailGroup, WorkMailMailboxPermissions, WorkMailOrganization,
  WorkMailResource, WorkMailUser,
} from '../../src';

function org() {
  const { stack, organization } = newStack();
  const shared = new WorkMailUser(stack, 'Shared', { organization, name: 'shared', email: `shared@${DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY });
  const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: `alice@${DOMAIN}` });
  const team = new WorkMailGroup(stack, 'Team', { organization, name: 'team', email: `team@${DOMAIN}` });
  return { stack, organization, shared, alice, team };
}

test('grantMailboxPermissions feeds one permission set per mailbox, kept or removed with it, granted only its three actions', () => {
  const { stack, shared, alice, team } = org();
  shared.grantMailboxPermissions(alice, MailboxPermission.FULL_ACCESS, MailboxPermission.SEND_AS);
  shared.grantMailboxPermissions(team, MailboxPermission.SEND_ON_BEHALF);
  const template = Template.fromStack(stack);
  template.resourceCountIs('Custom::WorkMailMailboxPermissions', 1);
  const { resource } = resourceOf(template, 'Custom::WorkMailMailboxPermissions', 'SharedMailboxPermissions');
  expect(resource.Properties).toEqual({
    ServiceToken: expect.anything(),
    OrganizationId: ORG_ID,
    EntityId: { 'Fn::GetAtt': [expect.stringMatching(/^Shared[0-9A-F]{8}$/), 'UserId'] },
    Grants: [
      { GranteeId: { 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'UserId'] }, Permissions: ['FULL_ACCESS', 'SEND_AS'] },
      { GranteeId: { 'Fn::GetAtt': [expect.stringMatching(/^Team/), 'GroupId'] }, Permissions: ['SEND_ON_BEHALF'] },
    ],
    Exclusive: 'false',
  });
  expect(resource.DeletionPolicy).toBe('Delete');
  const policy = workmailPolicies(template).find((p) => p.id.includes('MailboxPermissionsGrant'))!;
  expect(policy.actions).toEqual(['workmail:DeleteMailboxPermissions', 'workmail:ListMailboxPermissions', 'workmail:PutMailboxPermissions']);
  expect(policy.resources).toContain(`organization/${ORG_ID}`);
});

test('a WorkMailMailboxPermissions of a resource, exclusive, RETAIN by default; mailboxId is the resource id', () => {
  const { stack, organization, alice } = org();
  const room = new WorkMailResource(stack, 'Room', { organization, name: 'room', type: BookableResourceType.ROOM, email: `room@${DOMAIN}` });
  const set = new WorkMailMailboxPermissions(stack, 'RoomPermissions', {
    mailbox: room, grants: [{ grantee: alice, permissions: [MailboxPermission.FULL_ACCESS] }], exclusive: true,
  });
  expect(stack.resolve(set.mailboxId)).toEqual(stack.resolve(room.resourceId));
  const { resource } = resourceOf(Template.fromStack(stack), 'Custom::WorkMailMailboxPermissions', 'RoomPermissions');
  expect(resource.Properties.Exclusive).toBe('true');
  expect(resource.DeletionPolicy).toBe('RetainExceptOnCreate');
});

test.each([
  ['a grantee twice', (s: ReturnType<typeof org>) => {
    s.shared.grantMailboxPermissions(s.alice, MailboxPermission.SEND_AS);
    s.shared.grantMailboxPermissions(s.alice, MailboxPermission.FULL_ACCESS);
  }, /granted twice/],
  ['no permission', (s: ReturnType<typeof org>) => s.shared.grantMailboxPermissions(s.alice), /lists no permission/],
  ['the mailbox itself', (s: ReturnType<typeof org>) => s.shared.grantMailboxPermissions(s.shared, MailboxPermission.SEND_AS), /the mailbox itself/],
  ['a group as the mailbox', (s: ReturnType<typeof org>) => new WorkMailMailboxPermissions(s.stack, 'P', {
    mailbox: s.team, grants: [{ grantee: s.alice, permissions: [MailboxPermission.SEND_AS] }],
  }), /is a group: a group has no mailbox/],
  ['a grantee of another organization', (s: ReturnType<typeof org>) => {
    const other = WorkMailOrganization.fromOrganizationId(s.stack, 'Other', OTHER_ORG_ID);
    const eve = new WorkMailUser(s.stack, 'Eve', { organization: other, name: 'eve' });
    s.shared.grantMailboxPermissions(eve, MailboxPermission.SEND_AS);
  }, /same organization/],
])('synth-time check: %s', (_what, build, message) => {
  const s = org();
  expect(() => build(s)).toThrow(message);
});

test('a mailbox declared without an email fails at synth', () => {
  const { stack, organization, alice } = org();
  const noMail = new WorkMailUser(stack, 'NoMail', { organization, name: 'nomail' });
  noMail.grantMailboxPermissions(alice, MailboxPermission.SEND_AS);
  expect(() => Template.fromStack(stack)).toThrow(/only a registered user or resource has a mailbox/);
});

test('in a spread, grants between users of different nested stacks both ways: the sets go to the permission stacks, no cycle', () => {
  const { stack, organization } = newStack();
  const spread = new WorkMailEntitySpread(stack, 'Directory', { userStacks: 4 });
  const users = Array.from({ length: 40 }, (_, i) => spread.addUser(`u${i}`, { organization, name: `u${i}`, email: `u${i}@${DOMAIN}` }));
  // Each user grants its mailbox to the next one, and the last to the first: grants cross every pair of user stacks.
  users.forEach((user, i) => user.grantMailboxPermissions(users[(i + 1) % users.length], MailboxPermission.FULL_ACCESS));
  Template.fromStack(stack).resourceCountIs('Custom::WorkMailMailboxPermissions', 0);
  const permissionStack = spread.nestedStacks.find((n) => n.node.id === 'MailboxPermissions0')!;
  Template.fromStack(permissionStack).resourceCountIs('Custom::WorkMailMailboxPermissions', 40);
  for (const nested of spread.nestedStacks.filter((n) => n !== permissionStack)) {
    Template.fromStack(nested).resourceCountIs('Custom::WorkMailMailboxPermissions', 0);
  }
});

test('2,000 users in a spread, 200 shared mailboxes each granted to 5 users of other stacks: it synthesizes', () => {
  const { stack, organization } = newStack();
  const spread = new WorkMailEntitySpread(stack, 'Directory', { userStacks: 8, permissionStacks: 2 });
  const users = Array.from({ length: 2000 }, (_, i) => spread.addUser(`u${i}`, {
    organization, name: `u${i}`, email: `u${i}@${DOMAIN}`, generatePassword: false,
  }));
  for (let m = 0; m < 200; m++) {
    for (let g = 1; g <= 5; g++) users[m * 10].grantMailboxPermissions(users[(m * 10 + g * 397) % 2000], MailboxPermission.SEND_AS);
  }
  // A dependency cycle between nested stacks, or a stack over CloudFormation's limits, fails synthesis.
  expect(() => (stack.node.root as App).synth()).not.toThrow();
  const count = spread.nestedStacks
    .filter((n) => n.node.id.startsWith('MailboxPermissions'))
    .reduce((sum, n) => sum + Object.keys(Template.fromStack(n).findResources('Custom::WorkMailMailboxPermissions')).length, 0);
  expect(count).toBe(200);
});
