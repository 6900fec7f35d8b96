import { Template } from 'aws-cdk-lib/assertions';
import { DOMAIN, newStack, resourceOf, workmailPolicies } from './helpers';
import { WorkMailGroup, WorkMailOrganization, WorkMailUser } from '../../src';

describe('WorkMailOrganization.fromAlias', () => {
  test('a lookup resource whose attributes feed the entities, and a grant of ListOrganizations on * only for it', () => {
    const { stack } = newStack();
    const organization = WorkMailOrganization.fromAlias(stack, 'Acme', 'acme');
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: `alice@${DOMAIN}` });
    const template = Template.fromStack(stack);
    const lookup = resourceOf(template, 'Custom::WorkMailOrganization', 'Acme');
    expect(lookup.resource.Properties).toEqual({ ServiceToken: expect.anything(), Alias: 'acme' });
    expect(lookup.resource.DeletionPolicy).toBeUndefined();
    expect(stack.resolve(organization.organizationId)).toEqual({ 'Fn::GetAtt': [lookup.id, 'OrganizationId'] });
    expect(stack.resolve(organization.defaultMailDomain)).toEqual({ 'Fn::GetAtt': [lookup.id, 'DefaultMailDomain'] });
    const user = resourceOf(template, 'Custom::WorkMailUser', 'Alice').resource;
    expect(user.Properties.OrganizationId).toEqual({ 'Fn::GetAtt': [lookup.id, 'OrganizationId'] });

    const policies = workmailPolicies(template);
    const lookupPolicy = policies.find((p) => p.actions.includes('workmail:ListOrganizations'))!;
    expect(lookupPolicy.actions).toEqual(['workmail:DescribeOrganization', 'workmail:ListOrganizations']);
    expect(lookup.resource.DependsOn).toContain(lookupPolicy.id);
    // The users' grant names the looked-up id, so it follows the lookup.
    const userPolicy = policies.find((p) => p.actions.includes('workmail:CreateUser'))!;
    expect(userPolicy.resources).toContain(lookup.id);
    expect(user.DependsOn).toContain(userPolicy.id);
  });

  test('a stack that looks nothing up is never granted ListOrganizations', () => {
    const { stack, organization } = newStack();
    new WorkMailGroup(stack, 'Team', { organization, name: 'team' });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('ListOrganizations');
  });

  test('names and addresses stay unique per looked-up organization; a bad alias fails at synth', () => {
    const { stack } = newStack();
    const organization = WorkMailOrganization.fromAlias(stack, 'Acme', 'acme');
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    expect(() => new WorkMailGroup(stack, 'Alice2', { organization, name: 'Alice' })).toThrow(/name 'Alice' is already declared by Stack\/Alice in organization Stack\/Acme/);
    expect(() => WorkMailOrganization.fromAlias(stack, 'Bad', 'd-123')).toThrow(/is not a WorkMail alias/);
    expect(() => WorkMailOrganization.fromAlias(stack, 'Bad2', 'has space')).toThrow(/is not a WorkMail alias/);
  });
});
