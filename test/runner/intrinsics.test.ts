import type { CfnTemplate } from '../../local/runner/assembly';
import { PseudoParameters, references, Resolver, toCfnStrings } from '../../local/runner/intrinsics';
import { dependencyOrder, reverseDependencyOrder } from '../../local/runner/ordering';
import { placeholderArn, placeholderRef } from '../../local/runner/placeholders';
import { TemplateModel } from '../../local/runner/template-model';

const pseudo: PseudoParameters = {
  region: 'eu-west-1',
  account: '111122223333',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
  stackName: 'S',
  stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/S/id',
};

const template: CfnTemplate = {
  Parameters: {
    Domain: { Type: 'String', Default: 'example.com' },
    Names: { Type: 'CommaDelimitedList', Default: 'a,b' },
    NoDefault: { Type: 'String' },
  },
  Conditions: {
    IsIreland: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
    NotIreland: { 'Fn::Not': [{ Condition: 'IsIreland' }] },
    Both: { 'Fn::And': [{ Condition: 'IsIreland' }, { 'Fn::Or': [{ 'Fn::Equals': ['1', 1] }, false] }] },
  },
  Mappings: { Sizes: { small: { Quota: 10 } } },
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs24.x' } },
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'my-role' } },
    User: { Type: 'Custom::WorkMailUser', Properties: {} },
  },
};

const deployed: Record<string, { id: string; data: Record<string, string> }> = { User: { id: 'u-1', data: { UserId: 'u-1', Email: 'a@x.com' } } };
const resolver = new Resolver(template, pseudo, {
  ref: (id, where) => deployed[id]?.id ?? placeholderRef(id, template.Resources![id], pseudo) ?? where,
  getAtt: (id, attr) => deployed[id]?.data[attr] ?? (attr === 'Arn' ? placeholderArn(id, template.Resources![id], pseudo) : 'x'),
});
const resolve = (value: unknown) => resolver.resolve(value, 'Thing (Custom::X)');

test('pseudo parameters, parameters and resources', () => {
  expect(resolve({ Ref: 'AWS::Region' })).toBe('eu-west-1');
  expect(resolve({ Ref: 'AWS::AccountId' })).toBe('111122223333');
  expect(resolve({ Ref: 'AWS::StackId' })).toBe(pseudo.stackId);
  expect(resolve({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com');
  expect(resolve({ Ref: 'Domain' })).toBe('example.com');
  expect(resolve({ Ref: 'Names' })).toEqual(['a', 'b']);
  expect(resolve({ Ref: 'User' })).toBe('u-1');
  expect(resolve({ Ref: 'Fn' })).toBe('S-Fn');
  expect(resolve({ 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe('arn:aws:lambda:eu-west-1:111122223333:function:S-Fn');
  expect(resolve({ 'Fn::GetAtt': 'Role.Arn' })).toBe('arn:aws:iam::111122223333:role/my-role');
  expect(resolve({ 'Fn::GetAtt': ['User', 'Email'] })).toBe('a@x.com');
});

test('AWS::NoValue removes the property or the list element', () => {
  expect(resolve({ A: { Ref: 'AWS::NoValue' }, B: ['x', { Ref: 'AWS::NoValue' }], C: 'c' })).toEqual({ B: ['x'], C: 'c' });
});

test('Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::FindInMap, Fn::If', () => {
  expect(resolve({ 'Fn::Join': ['@', [{ Ref: 'User' }, { Ref: 'Domain' }]] })).toBe('u-1@example.com');
  expect(resolve({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
  expect(resolve({ 'Fn::Select': ['0', { Ref: 'Names' }] })).toBe('a');
  expect(resolve({ 'Fn::Sub': '${User.Email} in ${AWS::Region} (${!Literal})' })).toBe('a@x.com in eu-west-1 (${Literal})');
  expect(resolve({ 'Fn::Sub': ['${Who}@${Domain}', { Who: { Ref: 'User' } }] })).toBe('u-1@example.com');
  expect(resolve({ 'Fn::FindInMap': ['Sizes', 'small', 'Quota'] })).toBe(10);
  expect(resolve({ 'Fn::If': ['IsIreland', 'yes', 'no'] })).toBe('yes');
  expect(resolve({ P: { 'Fn::If': ['NotIreland', 'yes', { Ref: 'AWS::NoValue' }] }, Q: 'q' })).toEqual({ Q: 'q' });
  expect(resolver.condition('Both')).toBe(true);
});

test('errors name the resource and what it used', () => {
  expect(() => resolve({ 'Fn::ImportValue': 'Shared' })).toThrow('Thing (Custom::X): the intrinsic function Fn::ImportValue is not supported by the local runner');
  expect(() => resolve({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] })).toThrow(/Fn::Cidr is not supported/);
  expect(() => resolve({ Ref: 'Nope' })).toThrow('Thing (Custom::X): Ref to "Nope", which is neither a resource, a parameter nor a pseudo parameter');
  expect(() => resolve({ Ref: 'NoDefault' })).toThrow(/parameter NoDefault \(String\) has no value/);
  expect(() => resolve({ 'Fn::GetAtt': ['Ghost', 'Arn'] })).toThrow(/Fn::GetAtt of "Ghost", which is not a resource/);
  expect(() => resolve({ 'Fn::Select': [5, ['a']] })).toThrow(/index 5 is out of range/);
  expect(() => resolver.condition('Missing')).toThrow('condition "Missing" is not defined in the template');
});

test('properties become strings as CloudFormation sends them', () => {
  expect(toCfnStrings({ B: true, N: 42, F: 1.5, L: [false, 'x', { Deep: 0 }], S: 's' })).toEqual({
    B: 'true', N: '42', F: '1.5', L: ['false', 'x', { Deep: '0' }], S: 's',
  });
});

test('references: Ref, Fn::GetAtt (both forms) and Fn::Sub variables, not Fn::Sub literals or local variables', () => {
  expect([...references({
    A: { Ref: 'One' },
    B: { 'Fn::GetAtt': ['Two', 'Arn'] },
    C: { 'Fn::GetAtt': 'Three.Email' },
    D: { 'Fn::Sub': '${Four.Id} ${AWS::Region} ${!Five}' },
    E: { 'Fn::Sub': ['${Local} ${Six}', { Local: { Ref: 'Seven' } }] },
  })].sort()).toEqual(['AWS::Region', 'Four', 'One', 'Seven', 'Six', 'Three', 'Two']);
});

test('dependency order keeps template order among independent resources and finds cycles', () => {
  const deps: Record<string, string[]> = { A: ['C'], B: [], C: [], D: ['A', 'B'] };
  expect(dependencyOrder(['A', 'B', 'C', 'D'], id => deps[id])).toEqual(['B', 'C', 'A', 'D']);
  expect(reverseDependencyOrder(['A', 'B', 'C', 'D'], id => deps[id])).toEqual(['D', 'A', 'C', 'B']);
  expect(() => dependencyOrder(['A', 'B'], id => (id === 'A' ? ['B'] : ['A']))).toThrow('circular dependency between resources: A, B');
  // Deletes follow dependencies through resources outside the set: R → Kept → P deletes R before P.
  const recorded: Record<string, string[]> = { P: [], Kept: ['P'], R: ['Kept'] };
  expect(reverseDependencyOrder(['R', 'P'], id => recorded[id])).toEqual(['R', 'P']);
  expect(reverseDependencyOrder(['P', 'R'], id => recorded[id])).toEqual(['R', 'P']);
});

test('the template model: provider framework detection and dependencies through resources it does not deploy', () => {
  const model = new TemplateModel({
    Resources: {
      Handler: { Type: 'AWS::Lambda::Function', Properties: {} },
      Framework: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { USER_ON_EVENT_FUNCTION_ARN: { 'Fn::GetAtt': ['Handler', 'Arn'] } } } } },
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Resource: { Ref: 'Secret' }, Roles: [{ Ref: 'Role' }] } },
      Uses: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } }, DependsOn: 'Policy' },
      User: { Type: 'Custom::WorkMailUser', Properties: { ServiceToken: { 'Fn::GetAtt': ['Framework', 'Arn'] }, Fn: { Ref: 'Uses' } } },
      Other: { Type: 'Custom::Other', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:1:function:elsewhere' } },
    },
  });
  // IAM policies are deployed (for IAM enforcement and CloudFormation's order around them), roles are not.
  expect(model.deployable).toEqual(['Secret', 'Policy', 'User']);
  expect(model.kind('Policy')).toBe('policy');
  expect(model.kind('Role')).toBe('other');
  expect(model.roleOf('Uses')).toBe('Role');
  expect(model.roleOf('Handler')).toBeUndefined();
  expect(model.kind('Other')).toBe('other');
  expect(model.providerOf('User')).toBe('Framework');
  expect(model.provider('Framework')).toEqual({ frameworkId: 'Framework', handlerId: 'Handler' });
  // Through a function that is not deployed to the policy it DependsOn; the policy itself depends on the secret.
  expect(model.deployedDependencies('User')).toEqual(['Policy']);
  expect(model.deployedDependencies('Policy')).toEqual(['Secret']);
  expect(() => new TemplateModel({
    Resources: { User: { Type: 'Custom::WorkMailUser', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:1:function:x' } } },
  })).toThrow(/User \(Custom::WorkMailUser\): its ServiceToken is not the Arn of a provider framework function/);
});
