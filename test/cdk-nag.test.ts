import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildExampleApp } from '../example/app';
import { BookableResourceType, WorkMailDelegate, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser } from '../src';

/** Synthesizes with cdk-nag: an unacknowledged finding interrupts synthesis with the report. Returns the AwsSolutions report. */
function nag(build: (outdir: string) => App): any {
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

function everyKind(outdir: string, props: StackProps): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'EveryKind', props);
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', 'm-0123456789abcdef0123456789abcdef');
  const lookedUp = WorkMailOrganization.fromAlias(stack, 'Globex', 'globex');
  const alice = new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: 'alice@acme.example.com' });
  alice.addAlias('a@acme.example.com');
  const team = new WorkMailGroup(stack, 'Team', { organization, name: 'team', members: [alice] });
  const room = new WorkMailResource(stack, 'Room', {
    organization, name: 'room', type: BookableResourceType.ROOM, bookingOptions: { autoAcceptRequests: false }, delegates: [team],
  });
  new WorkMailDelegate(stack, 'Delegate', { resource: room, delegate: alice });
  new WorkMailUser(stack, 'Hank', { organization: lookedUp, name: 'hank' });
  return app;
}

test('the example stack passes cdk-nag AwsSolutions with only the findings the library acknowledges, each with a reason', () => {
  const awsSolutions = nag((outdir) => buildExampleApp(outdir));
  expect(awsSolutions.violations).toEqual([]);
  const suppressed = awsSolutions.suppressedViolations.map((v: any) => v.ruleName.replace(/\[.*/, ''));
  expect(new Set(suppressed)).toEqual(new Set(['AwsSolutions-SMG4', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5']));
  for (const violation of awsSolutions.suppressedViolations) {
    expect(violation.reason.length).toBeGreaterThan(20);
  }
});

test.each([
  ['environment-agnostic', {}],
  ['with a fixed account and region', { env: { account: '111122223333', region: 'eu-west-1' } }],
])('every kind passes cdk-nag in a stack %s', (_kind, props) => {
  const awsSolutions = nag((outdir) => everyKind(outdir, props));
  expect(awsSolutions.violations).toEqual([]);
});
