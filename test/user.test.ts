import { App, CfnParameter, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IWorkMailOrganization, WorkMailOrganization, WorkMailUser } from '../src';

const ORG_ID = 'm-0123456789abcdef0123456789abcdef';
const OTHER_ORG_ID = 'm-fedcba9876543210fedcba9876543210';

function newStack(): { stack: Stack; organization: IWorkMailOrganization } {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  return { stack, organization: WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID) };
}

function workmailStatements(template: Template): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement)
    .filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('workmail:')));
}

describe('WorkMailUser template', () => {
  test('many users share one provider: one handler and one framework function', () => {
    const { stack, organization } = newStack();
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
      new WorkMailUser(stack, name, { organization, name, email: `${name}@acme.example.com` });
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::WorkMailUser', 4);
    template.resourceCountIs('AWS::Lambda::Function', 2);
    const tokens = new Set(Object.values(template.findResources('Custom::WorkMailUser'))
      .map((resource: any) => JSON.stringify(resource.Properties.ServiceToken)));
    expect(tokens.size).toBe(1);
  });

  test('the provider framework logs nothing of the events it relays', () => {
    const { stack, organization } = newStack();
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('provider framework - onEvent'),
      LoggingConfig: { ApplicationLogLevel: 'FATAL', LogFormat: 'JSON' },
    });
  });

  test('each stack gets its own provider', () => {
    const app = new App();
    const stacks = ['One', 'Two'].map((id) => {
      const stack = new Stack(app, id);
      const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID);
      new WorkMailUser(stack, 'User', { organization, name: 'alice' });
      return stack;
    });
    for (const stack of stacks) {
      Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 2);
    }
  });

  test('properties are the declaration, with the password only as a secret ARN', () => {
    const { stack, organization } = newStack();
    new WorkMailUser(stack, 'Alice', {
      organization,
      name: 'alice',
      displayName: 'Alice Liddell',
      email: 'alice@acme.example.com',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    template.hasResource('Custom::WorkMailUser', {
      DeletionPolicy: 'Delete',
      Properties: {
        ServiceToken: Match.anyValue(),
        OrganizationId: ORG_ID,
        Name: 'alice',
        DisplayName: 'Alice Liddell',
        Email: 'alice@acme.example.com',
        Enabled: 'true',
        PasswordSecretArn: { Ref: Match.stringLikeRegexp('AlicePasswordSecret') },
        RemovalPolicy: 'destroy',
        AdoptExisting: 'false',
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 32, RequireEachIncludedType: true }),
    });
  });

  test('no password reaches the template, even from a secret with a literal value', () => {
    const { stack, organization } = newStack();
    const password = 'Sup3r-Secret-Passw0rd!';
    const secret = new secretsmanager.Secret(stack, 'Given', { secretObjectValue: { password: SecretValue.unsafePlainText(password) } });
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice', passwordSecret: secret, passwordSecretField: 'password' });
    const template = Template.fromStack(stack);
    const [user] = Object.values(template.findResources('Custom::WorkMailUser')) as any[];
    expect(JSON.stringify(user)).not.toContain(password);
    expect(JSON.stringify(user)).not.toContain('resolve:secretsmanager');
    expect(user.Properties.PasswordSecretField).toBe('password');
    // Only the secret the user was given is created: no generated one.
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  test('defaults: display name is the name, no email means not registered, retained', () => {
    const { stack, organization } = newStack();
    new WorkMailUser(stack, 'Carol', { organization, name: 'carol' });
    const template = Template.fromStack(stack);
    template.hasResource('Custom::WorkMailUser', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DisplayName: 'carol', Enabled: 'false', RemovalPolicy: 'retain', Email: Match.absent() }),
    });
    // The generated password lives as long as the user.
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  test('applyRemovalPolicy changes the deletion policy and what the handler does', () => {
    const { stack, organization } = newStack();
    const user = new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    user.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const template = Template.fromStack(stack);
    template.hasResource('Custom::WorkMailUser', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ RemovalPolicy: 'destroy' }) });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  test('exposes the user id and email as attributes', () => {
    const { stack, organization } = newStack();
    const user = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: 'alice@acme.example.com' });
    expect(stack.resolve(user.userId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'UserId'] });
    expect(stack.resolve(user.email)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'Email'] });
    expect(user.passwordSecret).toBeDefined();
  });
});

describe('provider role: least privilege', () => {
  test('WorkMail actions only, on the organizations the stack uses', () => {
    const { stack, organization } = newStack();
    const other = WorkMailOrganization.fromOrganizationId(stack, 'Other', OTHER_ORG_ID);
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    new WorkMailUser(stack, 'Bob', { organization, name: 'bob' });
    new WorkMailUser(stack, 'Eve', { organization: other, name: 'eve' });
    const statements = workmailStatements(Template.fromStack(stack));
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect([statement.Action].flat().sort()).toEqual([
      'workmail:CreateUser', 'workmail:DeleteUser', 'workmail:DeregisterFromWorkMail', 'workmail:DescribeUser',
      'workmail:ListUsers', 'workmail:RegisterToWorkMail', 'workmail:ResetPassword', 'workmail:UpdatePrimaryEmailAddress',
      'workmail:UpdateUser',
    ]);
    const resources = JSON.stringify(statement.Resource);
    expect(resources).toContain(`organization/${ORG_ID}`);
    expect(resources).toContain(`organization/${OTHER_ORG_ID}`);
    expect([statement.Resource].flat()).toHaveLength(2);
    expect(resources).not.toContain('"*"');
  });

  test('reads only the secrets it is given, and only their value', () => {
    const { stack, organization } = newStack();
    const imported = secretsmanager.Secret.fromSecretNameV2(stack, 'Imported', 'workmail/bob');
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    new WorkMailUser(stack, 'Bob', { organization, name: 'bob', passwordSecret: imported });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as any[];
    const secretStatements = policies
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => JSON.stringify(statement.Action).includes('secretsmanager'));
    expect(secretStatements).toHaveLength(2);
    for (const statement of secretStatements) {
      expect(statement.Action).toBe('secretsmanager:GetSecretValue');
      expect(JSON.stringify(statement.Resource)).not.toContain('"*"');
    }
    // A secret imported by name is matched with its random suffix, not with a wildcard prefix.
    expect(JSON.stringify(secretStatements)).toContain('secret:workmail/bob-??????');
  });
});

describe('synth-time validation names the construct and the rule', () => {
  const cases: Array<[string, (org: IWorkMailOrganization) => any, RegExp]> = [
    ['bad name', (organization) => ({ organization, name: 'alice smith' }), /Stack\/User: name 'alice smith' may contain only/],
    ['name too long', (organization) => ({ organization, name: 'a'.repeat(65) }), /must be 1 to 64 characters/],
    ['bad email', (organization) => ({ organization, name: 'alice', email: 'alice@@acme' }), /email 'alice@@acme' is not a valid email address/],
    ['enabled without email', (organization) => ({ organization, name: 'alice', enabled: true }), /enabled is true but no email/],
    ['empty display name', (organization) => ({ organization, name: 'alice', displayName: ' ' }), /displayName must not be empty/],
    ['field without secret', (organization) => ({ organization, name: 'alice', passwordSecretField: 'pw' }), /passwordSecretField is given without passwordSecret/],
    ['snapshot policy', (organization) => ({ organization, name: 'alice', removalPolicy: RemovalPolicy.SNAPSHOT }), /removalPolicy snapshot is not supported/],
  ];
  test.each(cases)('%s', (_, props, message) => {
    const { stack, organization } = newStack();
    expect(() => new WorkMailUser(stack, 'User', props(organization))).toThrow(message);
  });

  test('a malformed organization id', () => {
    const { stack } = newStack();
    expect(() => WorkMailOrganization.fromOrganizationId(stack, 'Bad', 'm-XYZ')).toThrow(/Stack\/Bad: organization id 'm-XYZ' is not a WorkMail organization id/);
  });

  test('tokens are left to the deploy-time checks', () => {
    const stack = new Stack(new App(), 'Stack');
    const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', new CfnParameter(stack, 'OrgId').valueAsString);
    const name = new secretsmanager.Secret(stack, 'Name').secretValue.unsafeUnwrap();
    expect(() => new WorkMailUser(stack, 'User', { organization, name, email: `${name}@acme.example.com` })).not.toThrow();
  });
});
