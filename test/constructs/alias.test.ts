import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DOMAIN, newStack, ORG_ID, resourceOf } from './helpers';
import { BookableResourceType, WorkMailAlias, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser } from '../../src';

describe('aliases', () => {
  test('addAlias feeds one alias set per entity, kept or removed with the entity', () => {
    const { stack, organization } = newStack();
    const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: `alice@${DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY });
    alice.addAlias(`a.liddell@${DOMAIN}`);
    alice.addAlias(`wonder@${DOMAIN}`);
    const team = new WorkMailGroup(stack, 'Team', { organization, name: 'team', email: `team@${DOMAIN}` });
    team.addAlias(`everyone@${DOMAIN}`);
    const room = new WorkMailResource(stack, 'Room', { organization, name: 'room', type: BookableResourceType.ROOM, email: `room@${DOMAIN}` });
    room.addAlias(`boardroom@${DOMAIN}`);
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::WorkMailAlias', 3);
    const aliceAliases = resourceOf(template, 'Custom::WorkMailAlias', 'AliceAliases').resource;
    expect(aliceAliases.Properties).toEqual({
      ServiceToken: expect.anything(),
      OrganizationId: ORG_ID,
      EntityId: { 'Fn::GetAtt': [expect.stringMatching(/^Alice[0-9A-F]{8}$/), 'UserId'] },
      EntityType: 'USER',
      Aliases: [`a.liddell@${DOMAIN}`, `wonder@${DOMAIN}`],
    });
    expect(aliceAliases.DeletionPolicy).toBe('Delete');
    expect(resourceOf(template, 'Custom::WorkMailAlias', 'TeamAliases').resource.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(resourceOf(template, 'Custom::WorkMailAlias', 'RoomAliases').resource.Properties.EntityType).toBe('RESOURCE');
  });

  test('an alias needs a registered entity, a valid address, a domain of the organization, at most 100', () => {
    const { stack, organization } = newStack();
    const carol = new WorkMailUser(stack, 'Carol', { organization, name: 'carol' });
    carol.addAlias(`carol@${DOMAIN}`);
    expect(() => Template.fromStack(stack)).toThrow(/Stack\/Carol has no email .*aliases only to registered entities/);

    const other = newStack();
    const known = WorkMailOrganization.fromOrganizationAttributes(other.stack, 'Known', { organizationId: ORG_ID, mailDomains: [DOMAIN] });
    const bob = new WorkMailUser(other.stack, 'Bob', { organization: known, name: 'bob', email: `bob@${DOMAIN}` });
    expect(() => bob.addAlias('not-an-address')).toThrow(/alias 'not-an-address' is not a valid email address/);
    expect(() => bob.addAlias('bob@elsewhere.example.org')).toThrow(/not in a mail domain of the organization \(acme.example.com\)/);
    expect(() => new WorkMailUser(other.stack, 'Eve', { organization: known, name: 'eve', email: 'eve@elsewhere.example.org' }))
      .toThrow(/email 'eve@elsewhere.example.org' is not in a mail domain/);
    expect(() => bob.addAlias(`BOB@${DOMAIN}`)).toThrow(/already declared by Stack\/Bob/);
    for (let i = 0; i < 100; i++) bob.addAlias(`bob${i}@${DOMAIN}`);
    expect(() => bob.addAlias(`bob100@${DOMAIN}`)).toThrow('at most 100 aliases');
  });

  test('an entity repeats its alias set\'s addresses and depends on the alias grant, to add them when it registers again', () => {
    const { stack, organization } = newStack();
    const team = new WorkMailGroup(stack, 'Team', { organization, name: 'team', email: `team@${DOMAIN}` });
    team.addAlias(`everyone@${DOMAIN}`);
    team.addAlias(`all@${DOMAIN}`);
    new WorkMailGroup(stack, 'Quiet', { organization, name: 'quiet', email: `quiet@${DOMAIN}` });
    const template = Template.fromStack(stack);
    const { resource } = resourceOf(template, 'Custom::WorkMailGroup', 'Team');
    expect(resource.Properties.Aliases).toEqual([`everyone@${DOMAIN}`, `all@${DOMAIN}`]);
    const aliasGrants = Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) => /AliasesGrant/.test(id));
    expect(aliasGrants).toHaveLength(1);
    expect(resource.DependsOn).toEqual(expect.arrayContaining(aliasGrants));
    // Without aliases the entity's declaration is as it was before the property existed.
    expect(resourceOf(template, 'Custom::WorkMailGroup', 'Quiet').resource.Properties).not.toHaveProperty('Aliases');
  });

  test('WorkMailAlias for an entity of another stack', () => {
    const { stack, organization } = newStack();
    const user = WorkMailUser.fromUserAttributes(stack, 'Remote', { organization, userId: 'S-1-1-5' });
    new WorkMailAlias(stack, 'RemoteAliases', { entity: user, aliases: [`remote@${DOMAIN}`] });
    const { resource } = resourceOf(Template.fromStack(stack), 'Custom::WorkMailAlias', 'RemoteAliases');
    expect(resource.Properties.EntityId).toBe('S-1-1-5');
    expect(resource.DeletionPolicy).toBe('RetainExceptOnCreate');
  });
});
