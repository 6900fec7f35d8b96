import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DOMAIN, newStack, ORG_ID, OTHER_ORG_ID, resourceOf, workmailPolicies } from './helpers';
import { BookableResourceType, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser } from '../../src';
import { WORKMAIL_ACTIONS } from '../../src/provider/workmail-actions';

describe('WorkMailGroup', () => {
  test('properties: members by id (nested groups and imported users too), exclusive flag, registration', () => {
    const { stack, organization } = newStack();
    const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: `alice@${DOMAIN}` });
    const imported = WorkMailUser.fromUserAttributes(stack, 'Remote', { organization, userId: 'S-1-1-99' });
    const inner = new WorkMailGroup(stack, 'Inner', { organization, name: 'Inner Team' });
    const outer = new WorkMailGroup(stack, 'Outer', {
      organization, name: 'outer', email: `outer@${DOMAIN}`, members: [alice, inner], exclusiveMembers: true, hiddenFromAddressList: true,
    });
    outer.addMember(imported);
    const template = Template.fromStack(stack);
    const { resource } = resourceOf(template, 'Custom::WorkMailGroup', 'Outer');
    expect(resource.Properties).toEqual({
      ServiceToken: expect.anything(),
      OrganizationId: ORG_ID,
      Name: 'outer',
      Email: `outer@${DOMAIN}`,
      HiddenFromGlobalAddressList: 'true',
      AdoptExisting: 'false',
      Members: [
        { 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'UserId'] },
        { 'Fn::GetAtt': [expect.stringMatching(/^Inner/), 'GroupId'] },
        'S-1-1-99',
      ],
      ExclusiveMembers: 'true',
    });
    expect(resource.DeletionPolicy).toBe('RetainExceptOnCreate');
    // A group that declares no members carries no Members property.
    expect(resourceOf(template, 'Custom::WorkMailGroup', 'Inner').resource.Properties.Members).toBeUndefined();
    expect(stack.resolve(outer.groupId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Outer/), 'GroupId'] });
    expect(outer.entityId).toBe(outer.groupId);
  });

  test('grants exactly the group actions on its organization, in a policy the group depends on', () => {
    const { stack, organization } = newStack();
    new WorkMailGroup(stack, 'Team', { organization, name: 'team', removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    const [policy] = workmailPolicies(template);
    expect(policy.actions).toEqual(WORKMAIL_ACTIONS['Custom::WorkMailGroup'].map((a) => `workmail:${a}`).sort());
    expect(policy.resources).toContain(`organization/${ORG_ID}`);
    const { resource } = resourceOf(template, 'Custom::WorkMailGroup', 'Team');
    expect(resource.DependsOn).toContain(policy.id);
    expect(resource.DeletionPolicy).toBe('Delete');
  });

  test('bad input fails at synth, naming the construct', () => {
    const { stack, organization } = newStack();
    const group = new WorkMailGroup(stack, 'G', { organization, name: 'g' });
    const room = new WorkMailResource(stack, 'Room', { organization, name: 'room', type: BookableResourceType.ROOM });
    expect(() => group.addMember(room)).toThrow(/Stack\/G: Stack\/Room is a bookable resource: group members are users or groups/);
    expect(() => group.addMember(group)).toThrow('a group cannot be a member of itself');
    const other = WorkMailOrganization.fromOrganizationId(stack, 'Other', OTHER_ORG_ID);
    const stranger = new WorkMailUser(stack, 'Stranger', { organization: other, name: 'stranger' });
    expect(() => group.addMember(stranger)).toThrow(`belongs to organization ${OTHER_ORG_ID}, not ${ORG_ID}`);
    expect(() => new WorkMailGroup(stack, 'Bad', { organization, name: 'naïve ☃' })).toThrow(/Latin-1/);
    expect(() => new WorkMailGroup(stack, 'NoMail', { organization, name: 'x', enabled: true })).toThrow(/enabled is true but no email/);
  });

  test('names are unique across users, groups and resources; addresses across primaries and aliases', () => {
    const { stack, organization } = newStack();
    const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: `alice@${DOMAIN}` });
    expect(() => new WorkMailGroup(stack, 'G', { organization, name: 'ALICE' })).toThrow(/name 'ALICE' is already declared by Stack\/Alice/);
    expect(() => new WorkMailResource(stack, 'R', { organization, name: 'Alice', type: BookableResourceType.ROOM }))
      .toThrow(/name 'Alice' is already declared by Stack\/Alice/);
    alice.addAlias(`a.liddell@${DOMAIN}`);
    expect(() => new WorkMailGroup(stack, 'G2', { organization, name: 'g2', email: `A.Liddell@${DOMAIN}` }))
      .toThrow(/email address 'A.Liddell@acme.example.com' is already declared by Stack\/Alice\/Aliases/);
  });
});
