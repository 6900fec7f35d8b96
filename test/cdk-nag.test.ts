import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AwsSolutionsChecks as AwsSolutionsChecksV2 } from 'cdk-nag-v2';
import { buildExampleApp } from '../example/app';
import {
  BookableResourceType, MailboxPermission, WorkMailAlias, WorkMailDelegate, WorkMailEntitySpread, WorkMailGroup, WorkMailMailboxExportDestination,
  WorkMailOrganization, WorkMailResource, WorkMailUser,
} from '../src';

/** cdk-nag 3, as a validation plugin: an unacknowledged finding interrupts synthesis with the report. Returns the AwsSolutions report. */
function nagAsPlugin(build: (outdir: string) => App): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-nag-'));
  try {
    const app = build(outdir);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const [awsSolutions] = report.pluginReports;
    expect(awsSolutions.pluginName).toBe('AwsSolutions');
    return awsSolutions;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** cdk-nag 2, as an Aspect on the app (its README's way): findings become error annotations on the resources. */
function nagAsAspect(build: (outdir: string) => App): { errors: string[]; suppressed: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-nag2-'));
  try {
    const app = build(outdir);
    Aspects.of(app).add(new AwsSolutionsChecksV2({ reports: false, logIgnores: true }));
    const assembly = app.synth();
    const errors: string[] = [];
    const suppressed: string[] = [];
    for (const stack of assembly.stacksRecursively) {
      for (const message of stack.messages) {
        const text = `${message.id}: ${String(message.entry.data)}`;
        if (message.level === 'error') errors.push(text);
        if (message.level === 'info' && text.includes('was triggered but suppressed')) suppressed.push(text);
      }
    }
    return { errors, suppressed };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A stack that declares every construct of the library, with no suppression of its own. */
function everyConstruct(outdir: string, props: StackProps): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'EveryConstruct', props);
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', 'm-0123456789abcdef0123456789abcdef');
  const lookedUp = WorkMailOrganization.fromAlias(stack, 'Globex', 'globex');
  const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: 'alice@acme.example.com' });
  alice.addAlias('a@acme.example.com');
  const bob = new WorkMailUser(stack, 'Bob', {
    organization,
    name: 'bob',
    email: 'bob@acme.example.com',
    passwordSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'BobPassword',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:bob-password-AbCdEf'),
  });
  const team = new WorkMailGroup(stack, 'Team', { organization, name: 'team', email: 'team@acme.example.com', members: [alice, bob] });
  new WorkMailAlias(stack, 'TeamAliases', { entity: team, aliases: ['crew@acme.example.com'] });
  const room = new WorkMailResource(stack, 'Room', {
    organization, name: 'room', type: BookableResourceType.ROOM, bookingOptions: { autoAcceptRequests: false }, delegates: [team],
  });
  new WorkMailDelegate(stack, 'Delegate', { resource: room, delegate: alice });
  alice.grantMailboxPermissions(team, MailboxPermission.FULL_ACCESS, MailboxPermission.SEND_AS);
  new WorkMailUser(stack, 'Hank', { organization: lookedUp, name: 'hank', email: 'hank@globex.example.com', generatePassword: true });
  new WorkMailMailboxExportDestination(stack, 'Exports', { organization });
  const spread = new WorkMailEntitySpread(stack, 'Directory', { userStacks: 2 });
  for (const name of ['carol', 'dave', 'erin']) {
    spread.addUser(name, { organization, name, email: `${name}@acme.example.com`, generatePassword: true });
  }
  spread.addGroup('Staff', { organization, name: 'staff', members: [alice] });
  spread.addResource('Van', { organization, name: 'van', type: BookableResourceType.EQUIPMENT });
  return app;
}

const ENVIRONMENTS: Array<[string, StackProps]> = [
  ['environment-agnostic', {}],
  ['with a fixed account and region', { env: { account: '111122223333', region: 'eu-west-1' } }],
];

test('the example stack passes cdk-nag 3 AwsSolutions with only the findings the library acknowledges, each with a reason', () => {
  const awsSolutions = nagAsPlugin((outdir) => buildExampleApp(outdir));
  expect(awsSolutions.violations).toEqual([]);
  const suppressed = awsSolutions.suppressedViolations.map((v: any) => v.ruleName.replace(/\[.*/, ''));
  expect(new Set(suppressed)).toEqual(new Set(['AwsSolutions-SMG4', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5']));
  for (const violation of awsSolutions.suppressedViolations) {
    expect(violation.reason.length).toBeGreaterThan(20);
  }
});

test.each(ENVIRONMENTS)('every construct passes cdk-nag 3 (validation plugin) in a stack %s', (_kind, props) => {
  const awsSolutions = nagAsPlugin((outdir) => everyConstruct(outdir, props));
  expect(awsSolutions.violations).toEqual([]);
  // The acknowledged findings are really there, and each is acknowledged: nothing passes by not being checked.
  const rules = new Set(awsSolutions.suppressedViolations.map((v: any) => v.ruleName.replace(/\[.*/, '')));
  expect(rules).toEqual(new Set(['AwsSolutions-SMG4', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-S1']));
});

test.each(ENVIRONMENTS)('every construct passes cdk-nag 2 (an Aspect on the app) in a stack %s', (_kind, props) => {
  const { errors, suppressed } = nagAsAspect((outdir) => everyConstruct(outdir, props));
  expect(errors).toEqual([]);
  for (const rule of ['AwsSolutions-SMG4', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-S1']) {
    expect(suppressed.some((s) => s.includes(rule))).toBe(true);
  }
});

test('cdk-nag 2 still reports what the library does not acknowledge, in the same app', () => {
  const { errors } = nagAsAspect((outdir) => {
    const app = everyConstruct(outdir, {});
    // A user's own wildcard policy in the same stack: the library's acknowledgements must not cover it.
    const stack = app.node.findChild('EveryConstruct') as Stack;
    new secretsmanager.Secret(stack, 'OwnSecret');
    return app;
  });
  expect(errors.some((e) => e.includes('/EveryConstruct/OwnSecret/') && e.includes('AwsSolutions-SMG4'))).toBe(true);
});

test('the acknowledgements cdk-nag 2 reads are in cdk-nag\'s own metadata on the resources, not on the stack', () => {
  const app = everyConstruct(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-meta-')), {});
  const stack = app.node.findChild('EveryConstruct') as Stack;
  Aspects.of(app).add(new AwsSolutionsChecksV2({ reports: false }));
  AssertAnnotations.fromStack(stack).hasNoError('*', Match.anyValue());
  const template = app.synth().getStackByName(stack.stackName).template;
  expect(template.Metadata?.cdk_nag).toBeUndefined();
  const withSuppressions = Object.values<any>(template.Resources).filter((r) => r.Metadata?.cdk_nag !== undefined);
  for (const resource of withSuppressions) {
    for (const rule of resource.Metadata.cdk_nag.rules_to_suppress) {
      expect(rule.id).toMatch(/^AwsSolutions-(IAM4|IAM5|S1|SMG4)$/);
      expect(rule.reason.length).toBeGreaterThan(20);
    }
  }
  expect(withSuppressions.map((r) => r.Type)).toEqual(expect.arrayContaining(['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::S3::Bucket']));
});
