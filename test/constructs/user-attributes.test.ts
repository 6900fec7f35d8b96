import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { newStack, resourceOf } from './helpers';
import { WorkMailUser } from '../../src';

describe('WorkMailUser directory attributes and passwords', () => {
  test('declared attributes travel under their API names; undeclared ones are absent', () => {
    const { stack, organization } = newStack();
    new WorkMailUser(stack, 'Alice', {
      organization,
      name: 'alice',
      firstName: 'Alice',
      lastName: 'Liddell',
      initials: 'AL',
      jobTitle: 'Explorer',
      department: 'Wonder',
      company: 'Acme',
      office: 'Rabbit Hole 1',
      street: '1 Oxford St',
      city: 'Oxford',
      zipCode: 'OX1',
      country: 'UK',
      telephone: '+44 1865 000000',
      hiddenFromAddressList: true,
    });
    new WorkMailUser(stack, 'Bob', { organization, name: 'bob', department: 'Ops' });
    const template = Template.fromStack(stack);
    expect(resourceOf(template, 'Custom::WorkMailUser', 'Alice').resource.Properties).toMatchObject({
      FirstName: 'Alice',
      LastName: 'Liddell',
      Initials: 'AL',
      JobTitle: 'Explorer',
      Department: 'Wonder',
      Company: 'Acme',
      Office: 'Rabbit Hole 1',
      Street: '1 Oxford St',
      City: 'Oxford',
      ZipCode: 'OX1',
      Country: 'UK',
      Telephone: '+44 1865 000000',
      HiddenFromGlobalAddressList: 'true',
    });
    const bob = resourceOf(template, 'Custom::WorkMailUser', 'Bob').resource.Properties;
    expect(Object.keys(bob).sort()).toEqual(['AdoptExisting', 'Department', 'DisplayName', 'Name', 'OrganizationId', 'PasswordSecretArn', 'ServiceToken']);
    expect(() => new WorkMailUser(stack, 'Long', { organization, name: 'long', city: 'x'.repeat(257) })).toThrow('city must be at most 256 characters long');
  });

  test('a generated password by default, none for an adopted user or with generatePassword: false', () => {
    const { stack, organization } = newStack();
    const created = new WorkMailUser(stack, 'Created', { organization, name: 'created' });
    const adopted = new WorkMailUser(stack, 'Adopted', { organization, name: 'adopted', adoptExisting: true });
    const directory = new WorkMailUser(stack, 'Directory', { organization, name: 'directory', generatePassword: false });
    const forced = new WorkMailUser(stack, 'Forced', { organization, name: 'forced', adoptExisting: true, generatePassword: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    expect(created.passwordSecret).toBeDefined();
    expect(forced.passwordSecret).toBeDefined();
    expect(adopted.passwordSecret).toBeUndefined();
    expect(directory.passwordSecret).toBeUndefined();
    expect(resourceOf(template, 'Custom::WorkMailUser', 'Adopted').resource.Properties.PasswordSecretArn).toBeUndefined();
    expect(resourceOf(template, 'Custom::WorkMailUser', 'Directory').resource.Properties.PasswordSecretArn).toBeUndefined();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'pw');
    expect(() => new WorkMailUser(stack, 'Both', { organization, name: 'both', passwordSecret: secret, generatePassword: true }))
      .toThrow('generatePassword is true but passwordSecret is given');
  });
});
