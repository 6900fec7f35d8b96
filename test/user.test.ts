import { App, CfnParameter, CfnResource, CfnWaitConditionHandle, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IWorkMailOrganization, WorkMailOrganization, WorkMailUser } from '../src';
import { DEPLOY_TEST_TIMEOUT_MS } from './slow-test-timeouts';

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
  }, DEPLOY_TEST_TIMEOUT_MS);

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
        PasswordSecretArn: { Ref: Match.stringLikeRegexp('AlicePasswordSecret') },
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

  test('defaults: display name is the name, no email and no enabled sent, retained except on a failed create', () => {
    const { stack, organization } = newStack();
    new WorkMailUser(stack, 'Carol', { organization, name: 'carol' });
    const template = Template.fromStack(stack);
    template.hasResource('Custom::WorkMailUser', {
      // A deployment that fails still rolls back the users it created.
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DisplayName: 'carol', Enabled: Match.absent(), Email: Match.absent(), RemovalPolicy: Match.absent() }),
    });
    // The generated password lives as long as the user.
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });

  test('enabled is sent only when declared', () => {
    const { stack, organization } = newStack();
    new WorkMailUser(stack, 'Off', { organization, name: 'off', email: 'off@acme.example.com', enabled: false });
    new WorkMailUser(stack, 'On', { organization, name: 'on', email: 'on@acme.example.com', enabled: true });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::WorkMailUser', { Name: 'off', Enabled: 'false' });
    template.hasResourceProperties('Custom::WorkMailUser', { Name: 'on', Enabled: 'true' });
  });

  test('applyRemovalPolicy changes the deletion policy of the user and of its generated secret', () => {
    const { stack, organization } = newStack();
    const user = new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    user.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const template = Template.fromStack(stack);
    template.hasResource('Custom::WorkMailUser', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  test('a removal policy applied around the construct must be one the handler supports', () => {
    const { stack, organization } = newStack();
    const user = new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    (user.node.defaultChild as CfnResource).applyRemovalPolicy(RemovalPolicy.RETAIN);
    expect(() => Template.fromStack(stack)).toThrow(/DeletionPolicy Retain is not supported for a WorkMail user/);
  });

  test('the role may read the status of its own stack only', () => {
    const { stack, organization } = newStack();
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as any[];
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => JSON.stringify(statement.Action).includes('cloudformation'));
    expect(statements).toEqual([{ Action: 'cloudformation:DescribeStacks', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } }]);
  });

  test('an organization referenced from another stack is granted in the provider\'s region and account', () => {
    const app = new App();
    const shared = new Stack(app, 'Shared', { env: { account: '999999999999', region: 'us-west-2' } });
    const organization = WorkMailOrganization.fromOrganizationId(shared, 'Org', ORG_ID);
    new CfnWaitConditionHandle(shared, 'NotEmpty');
    const stack = new Stack(app, 'Mail', { env: { account: '111122223333', region: 'eu-west-1' } });
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    const [scoped] = workmailStatements(Template.fromStack(stack));
    expect(JSON.stringify(scoped.Resource)).toContain(`:workmail:eu-west-1:111122223333:organization/${ORG_ID}`);
  });

  test('users may depend on each other', () => {
    const { stack, organization } = newStack();
    const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    const bob = new WorkMailUser(stack, 'Bob', { organization, name: 'bob' });
    bob.node.addDependency(alice);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('the provider role does not grow with the number of users', () => {
    const statementCount = (users: number) => {
      const { stack, organization } = newStack();
      for (let i = 0; i < users; i++) new WorkMailUser(stack, `User${i}`, { organization, name: `user${i}` });
      const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
      return Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement).length;
    };
    expect(statementCount(60)).toBe(statementCount(2));
  });

  test('exposes the user id and email as attributes', () => {
    const { stack, organization } = newStack();
    const user = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: 'alice@acme.example.com' });
    const imported = WorkMailUser.fromUserAttributes(stack, 'Imported', { organization, userId: 'S-1-1-1', email: 'x@acme.example.com' });
    expect([imported.userId, imported.email]).toEqual(['S-1-1-1', 'x@acme.example.com']);
    expect(stack.resolve(user.userId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'UserId'] });
    expect(stack.resolve(user.email)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'Email'] });
    expect(user.passwordSecret).toBeDefined();
  });
});

describe('provider role: least privilege', () => {
  test('WorkMail actions only, per organization in a policy of its own that its users depend on; nothing on organization/*', () => {
    const { stack, organization } = newStack();
    const other = WorkMailOrganization.fromOrganizationId(stack, 'Other', OTHER_ORG_ID);
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice' });
    new WorkMailUser(stack, 'Bob', { organization, name: 'bob' });
    new WorkMailUser(stack, 'Eve', { organization: other, name: 'eve' });
    const template = Template.fromStack(stack);
    const statements = workmailStatements(template);
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect([statement.Action].flat().sort()).toEqual([
        'workmail:CreateUser', 'workmail:DeleteUser', 'workmail:DeregisterFromWorkMail', 'workmail:DescribeUser',
        'workmail:ListUsers', 'workmail:RegisterToWorkMail', 'workmail:ResetPassword', 'workmail:UpdatePrimaryEmailAddress',
        'workmail:UpdateUser',
      ]);
      expect([statement.Resource].flat()).toHaveLength(1);
    }
    const resources = statements.map((statement) => JSON.stringify(statement.Resource));
    expect(resources.filter((r) => r.includes(`organization/${ORG_ID}`))).toHaveLength(1);
    expect(resources.filter((r) => r.includes(`organization/${OTHER_ORG_ID}`))).toHaveLength(1);
    expect(JSON.stringify(template.toJSON())).not.toContain('organization/*');
    // Each user depends on its organization's policy, so CloudFormation deletes the user before the policy.
    const policies = template.findResources('AWS::IAM::Policy');
    const policyOf = (orgId: string) => Object.keys(policies).find((id) => JSON.stringify(policies[id]).includes(`organization/${orgId}`));
    const users = template.findResources('Custom::WorkMailUser');
    const dependsOn = (prefix: string) => Object.entries(users).find(([id]) => id.startsWith(prefix))![1].DependsOn;
    expect(dependsOn('Alice')).toContain(policyOf(ORG_ID));
    expect(dependsOn('Bob')).toContain(policyOf(ORG_ID));
    expect(dependsOn('Eve')).toContain(policyOf(OTHER_ORG_ID));
    expect(dependsOn('Eve')).not.toContain(policyOf(ORG_ID));
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
    // Generated secrets are readable by their tag, which names this stack.
    const [generated] = secretStatements.filter((statement: any) => statement.Condition);
    expect(generated.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/cdk-workmail:provider-stack': { Ref: 'AWS::StackId' } } });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', {
      Tags: [{ Key: 'cdk-workmail:provider-stack', Value: { Ref: 'AWS::StackId' } }],
    });
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
    ['display name too long', (organization) => ({ organization, name: 'alice', displayName: 'é'.repeat(257) }), /at most 256 characters long \(it has 257\)/],
  ];
  test.each(cases)('%s', (_, props, message) => {
    const { stack, organization } = newStack();
    expect(() => new WorkMailUser(stack, 'User', props(organization))).toThrow(message);
  });

  test('a display name of 256 characters outside the BMP is accepted (the service counts code points)', () => {
    const { stack, organization } = newStack();
    expect(() => new WorkMailUser(stack, 'User', { organization, name: 'alice', displayName: '😀'.repeat(256) })).not.toThrow();
  });

  test('names and addresses are unique in an organization, ignoring case', () => {
    const { stack, organization } = newStack();
    const other = WorkMailOrganization.fromOrganizationId(stack, 'Other', OTHER_ORG_ID);
    new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: 'alice@acme.example.com' });
    expect(() => new WorkMailUser(stack, 'Alice2', { organization, name: 'ALICE' }))
      .toThrow(/Stack\/Alice2: name 'ALICE' is already declared by Stack\/Alice in organization m-0123456789abcdef0123456789abcdef/);
    expect(() => new WorkMailUser(stack, 'Alias', { organization, name: 'al', email: 'Alice@Acme.example.com' }))
      .toThrow(/email address 'Alice@Acme.example.com' is already declared by Stack\/Alice/);
    // The same name in another organization is another user.
    expect(() => new WorkMailUser(stack, 'OtherAlice', { organization: other, name: 'alice' })).not.toThrow();
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
