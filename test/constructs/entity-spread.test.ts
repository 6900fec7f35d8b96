import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Token, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DOMAIN, ORG_ID } from './helpers';
import {
  BookableResourceType, IWorkMailOrganization, WorkMailEntitySpread, WorkMailEntityType, WorkMailOrganization, WorkMailUser,
} from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

interface Org {
  readonly app: App;
  readonly stack: Stack;
  readonly organization: IWorkMailOrganization;
  readonly spread: WorkMailEntitySpread;
}

function newOrg(props = {}): Org {
  const app = new App();
  const stack = new Stack(app, 'Mail', { env: { account: '111122223333', region: 'eu-west-1' } });
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID);
  return { app, stack, organization, spread: new WorkMailEntitySpread(stack, 'Directory', props) };
}

type CfnTemplate = { Resources: Record<string, any>; Parameters?: Record<string, any>; Outputs?: Record<string, any> };

/** Synthesizes the app: the parent template and each nested stack's template by construct id. */
function synth(org: Org): { parent: CfnTemplate; nested: Map<string, CfnTemplate>; parentLogicalIds: Map<string, string> } {
  const assembly = org.app.synth();
  const nested = new Map<string, CfnTemplate>();
  const parentLogicalIds = new Map<string, string>();
  for (const stack of org.spread.nestedStacks) {
    nested.set(stack.node.id, JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8')));
    parentLogicalIds.set(org.stack.resolve((stack.nestedStackResource as any).logicalId), stack.node.id);
  }
  return { parent: assembly.getStackByName('Mail').template, nested, parentLogicalIds };
}

const userNames = (n: number, prefix = 'user') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function addUsers(org: Org, names: string[]): WorkMailUser[] {
  return names.map((name) => org.spread.addUser(name, { organization: org.organization, name, email: `${name}@${DOMAIN}` }));
}

const resourcesOfType = (t: CfnTemplate, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

describe('one provider for the whole organization', () => {
  test('the handler, its role and grants live in the parent; nested stacks get the service token as a parameter', () => {
    const org = newOrg({ userStacks: 4 });
    const users = addUsers(org, userNames(12));
    org.spread.addGroup('Team', { organization: org.organization, name: 'team', members: users });
    const { parent, nested } = synth(org);

    expect(resourcesOfType(parent, 'AWS::Lambda::Function')).toHaveLength(2); // handler + framework function
    expect(resourcesOfType(parent, 'AWS::CloudFormation::Stack').length).toBe(nested.size);
    const [frameworkId] = resourcesOfType(parent, 'AWS::Lambda::Function')
      .find(([, r]) => JSON.stringify(r.Properties.Environment ?? {}).includes('USER_ON_EVENT_FUNCTION_ARN'))!;
    for (const [id, template] of nested) {
      expect([id, resourcesOfType(template, 'AWS::Lambda::Function')]).toEqual([id, []]);
      expect(resourcesOfType(template, 'AWS::IAM::Policy')).toEqual([]);
      for (const [, resource] of Object.entries(template.Resources).filter(([, r]) => r.Type.startsWith('Custom::'))) {
        const parameter = resource.Properties.ServiceToken.Ref;
        expect(template.Parameters![parameter]).toEqual({ Type: 'String' });
        const [, stackResource] = resourcesOfType(parent, 'AWS::CloudFormation::Stack')
          .find(([, r]) => r.Properties.Parameters?.[parameter] !== undefined)!;
        expect(stackResource.Properties.Parameters[parameter]).toEqual({ 'Fn::GetAtt': [frameworkId, 'Arn'] });
      }
    }
    // Each nested stack waits for the grants its resources depend on.
    for (const [, stackResource] of resourcesOfType(parent, 'AWS::CloudFormation::Stack')) {
      expect(stackResource.DependsOn.some((d: string) => d.includes('UsersGrant') || d.includes('GroupsGrant'))).toBe(true);
    }
  }, DEPLOY_TEST_TIMEOUT_MS);

  test('names are unique across the nested stacks: a duplicate fails at synth', () => {
    const org = newOrg({ userStacks: 8 });
    addUsers(org, userNames(10));
    expect(() => org.spread.addGroup('Dup', { organization: org.organization, name: 'USER3' }))
      .toThrow(/name 'USER3' is already declared by Mail\/Directory\/Users\d+\/user3 in organization/);
  });

  test('the handler may read the status of the nested stacks it serves, and nothing broader', () => {
    const org = newOrg();
    addUsers(org, ['alice']);
    const statements = Template.fromStack(org.stack).toJSON().Resources;
    const describe = Object.values(statements).filter((r: any) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r: any) => r.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Action === 'cloudformation:DescribeStacks').map((s: any) => JSON.stringify(s.Resource));
    expect(describe).toHaveLength(2);
    expect(describe.some((r) => r.includes(':cloudformation:eu-west-1:111122223333:stack/Mail-*/*'))).toBe(true);
  });
});

describe('stable placement', () => {
  test('adding and removing entities never moves another one to another nested stack or changes its logical id', () => {
    const placement = (names: string[], groups: string[]) => {
      const org = newOrg({ userStacks: 8, groupStacks: 2 });
      const users = addUsers(org, names);
      for (const g of groups) org.spread.addGroup(g, { organization: org.organization, name: g, members: users.slice(0, 3) });
      const { nested } = synth(org);
      const where = new Map<string, string>();
      for (const [stackId, template] of nested) {
        for (const [logicalId, r] of Object.entries(template.Resources)) {
          if (r.Type === 'Custom::WorkMailUser' || r.Type === 'Custom::WorkMailGroup') where.set(r.Properties.Name, `${stackId}/${logicalId}`);
        }
      }
      return where;
    };
    const before = placement(userNames(40), ['sales', 'support', 'research']);
    // New users before, between and after the old ones, some old ones and a group removed, a new group.
    const after = placement(['aaron', ...userNames(40).filter((_, i) => i % 7 !== 3), 'zoe', ...userNames(10, 'new')],
      ['support', 'legal', 'research']);
    expect(before.size).toBe(43);
    let kept = 0;
    for (const [name, location] of before) {
      if (!after.has(name)) continue;
      expect([name, after.get(name)]).toEqual([name, location]);
      kept++;
    }
    expect(kept).toBe(43 - 7);
    // Placement spreads: several nested stacks hold users.
    expect(new Set([...after.values()].map((l) => l.split('/')[0])).size).toBeGreaterThan(4);
  }, DEPLOY_TEST_TIMEOUT_MS);

  test('the same name in any case, declared alone, lands in the same nested stack', () => {
    const a = newOrg();
    const b = newOrg();
    expect(a.spread.scopeFor(WorkMailEntityType.USER, 'Alice').node.id).toBe(b.spread.scopeFor(WorkMailEntityType.USER, 'alice').node.id);
    expect(a.spread.scopeFor(WorkMailEntityType.GROUP, 'alice').node.id).toBe('Groups0');
  });
});

describe('references across nested stacks', () => {
  /** Resolves a member expression of a nested stack back to the logical id of the entity it names. */
  function resolveMember(expr: any, consumer: CfnTemplate, parent: CfnTemplate, nested: Map<string, CfnTemplate>, ids: Map<string, string>) {
    const [index, split] = expr['Fn::Select'];
    const parameter = split['Fn::Split'][1].Ref;
    expect(consumer.Parameters![parameter]).toEqual({ Type: 'String' });
    const stackResource = Object.values(parent.Resources).find((r: any) => r.Properties?.Parameters?.[parameter])!;
    const [sourceLogicalId, attribute] = stackResource.Properties.Parameters[parameter]['Fn::GetAtt'];
    const output = attribute.replace(/^Outputs\./, '');
    const source = nested.get(ids.get(sourceLogicalId)!)!;
    // CDK writes a join of one element as the element itself.
    const value = source.Outputs![output].Value;
    const list = value['Fn::Join'] ? value['Fn::Join'][1] : [value];
    if (value['Fn::Join']) expect(value['Fn::Join'][0]).toBe(',');
    return list[index]['Fn::GetAtt'];
  }

  test('a group of 130 members takes one parameter per chunk of 50 ids, and each member resolves to the declared user', () => {
    const org = newOrg({ userStacks: 2 });
    const users = addUsers(org, userNames(130));
    const group = org.spread.addGroup('AllStaff', { organization: org.organization, name: 'all-staff', members: users });
    const room = org.spread.addResource('Room', {
      organization: org.organization, name: 'boardroom', type: BookableResourceType.ROOM, delegates: [group, users[7]],
    });
    const { parent, nested, parentLogicalIds } = synth(org);
    const groups = nested.get('Groups0')!;
    const [, groupResource] = resourcesOfType(groups, 'Custom::WorkMailGroup')[0];
    const members = groupResource.Properties.Members;
    expect(members).toHaveLength(130);
    // 130 users over 2 stacks: ceil(n/50) chunks per stack (at least one stack has 2), plus the service token.
    const chunks = Object.keys(groups.Parameters!).filter((p) => p.endsWith('WorkMailEntityIds0') || p.endsWith('WorkMailEntityIds1'));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(groups.Parameters!)).toHaveLength(1 + chunks.length);
    members.forEach((expr: any, i: number) => {
      const [logicalId, attribute] = resolveMember(expr, groups, parent, nested, parentLogicalIds);
      expect(attribute).toBe('UserId');
      expect(org.stack.resolve((users[i].node.findChild('Resource') as any).logicalId)).toBe(logicalId);
    });

    const resources = nested.get('Resources0')!;
    const [, roomResource] = resourcesOfType(resources, 'Custom::WorkMailBookableResource')[0];
    const delegates = roomResource.Properties.Delegates.map((e: any) => resolveMember(e, resources, parent, nested, parentLogicalIds));
    expect(delegates[0][1]).toBe('GroupId');
    expect(delegates[1]).toEqual([org.stack.resolve((users[7].node.findChild('Resource') as any).logicalId), 'UserId']);
    expect(Token.isUnresolved(room.resourceId)).toBe(true);
  }, DEPLOY_TEST_TIMEOUT_MS);

  test('an alias set and members in the same nested stack reference the entity directly', () => {
    const org = newOrg({ userStacks: 1 });
    const [alice] = addUsers(org, ['alice']);
    alice.addAlias(`a@${DOMAIN}`);
    const { nested } = synth(org);
    const users = nested.get('Users0')!;
    const [, alias] = resourcesOfType(users, 'Custom::WorkMailAlias')[0];
    expect(alias.Properties.EntityId['Fn::GetAtt'][1]).toBe('UserId');
    expect(users.Outputs).toBeUndefined();
  });
});

describe('CloudFormation limits, checked at synth', () => {
  test('a nested stack over 500 resources fails, naming the stack and what to do', () => {
    const org = newOrg({ userStacks: 1 });
    const users = addUsers(org, userNames(170)); // a user, its secret and its alias set: 510 resources
    users.forEach((u, i) => u.addAlias(`alias${i}@${DOMAIN}`));
    expect(() => org.app.synth()).toThrow(
      /nested stack Users0 of the users would hold 510 resources \(CloudFormation allows 500\)\. .*raising userStacks moves most of them/s);
  }, DEPLOY_TEST_TIMEOUT_MS);

  test('counts are whole numbers from 1 to 128', () => {
    expect(() => newOrg({ userStacks: 0 })).toThrow(/Mail\/Directory: userStacks must be an integer from 1 to 128, got 0/);
    expect(() => newOrg({ groupStacks: 1.5 })).toThrow(/groupStacks must be an integer/);
    expect(() => newOrg({ resourceStacks: 129 })).toThrow(/resourceStacks must be an integer/);
  });

  test('a name only known at deploy time cannot be placed', () => {
    const org = newOrg();
    expect(() => org.spread.scopeFor(WorkMailEntityType.USER, Token.asString({ Ref: 'X' })))
      .toThrow(/Mail\/Directory: the name of a user placed by the spread must be known at synth/);
  });

  test('the nested stacks are NestedStacks of the spread', () => {
    const org = newOrg();
    addUsers(org, ['alice']);
    expect(org.spread.nestedStacks.every((s) => s instanceof NestedStack && s.node.scope === org.spread)).toBe(true);
  });
});

test.each([
  ['environment-agnostic', {}],
  ['with a fixed account and region', { env: { account: '111122223333', region: 'eu-west-1' } }],
])('a spread passes cdk-nag AwsSolutions in a stack %s, its DescribeStacks grant acknowledged with a reason', (_kind, env) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-spread-nag-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Mail', env);
    const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID);
    const spread = new WorkMailEntitySpread(stack, 'Directory', { userStacks: 2 });
    const users = ['alice', 'bob', 'carol'].map((name) => spread.addUser(name, { organization, name, email: `${name}@${DOMAIN}` }));
    spread.addGroup('Team', { organization, name: 'team', members: users });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    const [report] = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')).pluginReports;
    expect(report.violations).toEqual([]);
    const describe = report.suppressedViolations.filter((v: any) => v.ruleName.includes(':cloudformation:'));
    expect(describe).toHaveLength(1);
    expect(describe[0].reason).toMatch(/DescribeStacks, on the nested stacks of this stack/);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
