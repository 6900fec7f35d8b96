import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Annotations as CoreAnnotations, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { newStack, ORG_ID, resourceOf } from './helpers';
import { WorkMailMailboxExportDestination, WorkMailMailboxExportDestinationProps, WorkMailOrganization } from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

const ORG_ARN_IN_STACK_REGION = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:workmail:eu-west-1:111122223333:organization/${ORG_ID}`]],
};

function destination(props: Partial<WorkMailMailboxExportDestinationProps> = {}, env = true) {
  const { stack, organization } = newStack(env);
  const dest = new WorkMailMailboxExportDestination(stack, 'Export', { organization, ...props });
  return { stack, dest, template: Template.fromStack(stack) };
}

/** The role's inline policy statements, without their order. */
function roleStatements(template: Template): any[] {
  const { resource } = resourceOf(template, 'AWS::IAM::Role', 'ExportRole');
  expect(resource.Properties.Policies).toHaveLength(1);
  return resource.Properties.Policies[0].PolicyDocument.Statement;
}

describe('the role', () => {
  test('is trusted by the WorkMail export service only, for this account and this organization', () => {
    const { template } = destination();
    const { resource } = resourceOf(template, 'AWS::IAM::Role', 'ExportRole');
    expect(resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'export.workmail.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': ORG_ARN_IN_STACK_REGION },
      },
    }]);
  }, DEPLOY_TEST_TIMEOUT_MS);

  test('in an environment-agnostic stack, the conditions name the deploying account', () => {
    const { template } = destination({}, false);
    const { resource } = resourceOf(template, 'AWS::IAM::Role', 'ExportRole');
    const [statement] = resource.Properties.AssumeRolePolicyDocument.Statement;
    expect(statement.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(JSON.stringify(statement.Condition.ArnLike['aws:SourceArn'])).toContain(`:organization/${ORG_ID}`);
  });

  test('may write only under the prefix, read the bucket policy status, and use the key only through S3 for objects under the prefix', () => {
    const { template } = destination({ prefix: 'mail/2027/' });
    const bucket = resourceOf(template, 'AWS::S3::Bucket', 'ExportBucket').id;
    const key = resourceOf(template, 'AWS::KMS::Key', 'ExportKey').id;
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/mail/2027/*']] };
    expect(roleStatements(template)).toEqual([
      { Sid: 'WriteExports', Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: objects },
      { Sid: 'CheckBucketIsNotPublic', Effect: 'Allow', Action: 's3:GetBucketPolicyStatus', Resource: { 'Fn::GetAtt': [bucket, 'Arn'] } },
      {
        Sid: 'EncryptExportsThroughS3',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': [key, 'Arn'] },
        Condition: {
          StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': objects },
        },
      },
    ]);
    // Nothing else is granted to the role.
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('names the S3 endpoint of the region it is deployed to in an environment-agnostic stack', () => {
    const { template } = destination({}, false);
    const kmsStatement = roleStatements(template).find((s) => s.Sid === 'EncryptExportsThroughS3');
    expect(kmsStatement.Condition.StringEquals['kms:ViaService']).toEqual({
      'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
    });
  });
});

describe('the bucket and the key it creates', () => {
  test('the bucket blocks public access, takes TLS only, keeps versions and is encrypted with the key, without a bucket key', () => {
    const { template } = destination();
    const key = resourceOf(template, 'AWS::KMS::Key', 'ExportKey').id;
    const { id: bucket, resource } = resourceOf(template, 'AWS::S3::Bucket', 'ExportBucket');
    expect(resource.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(resource.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(resource.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BucketKeyEnabled: false,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] } },
    }]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('the key is symmetric and rotates', () => {
    const { template } = destination();
    const { resource } = resourceOf(template, 'AWS::KMS::Key', 'ExportKey');
    expect(resource.Properties.EnableKeyRotation).toBe(true);
    expect(resource.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
  });

  test.each([
    ['by default', {}, 'Retain'],
    ['with RETAIN', { removalPolicy: RemovalPolicy.RETAIN }, 'Retain'],
    ['with DESTROY', { removalPolicy: RemovalPolicy.DESTROY }, 'Delete'],
  ])('%s the bucket and the key get DeletionPolicy %s', (_case, props, policy) => {
    const { template } = destination(props);
    for (const [type, prefix] of [['AWS::S3::Bucket', 'ExportBucket'], ['AWS::KMS::Key', 'ExportKey']]) {
      const { resource } = resourceOf(template, type, prefix);
      expect([type, resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([type, policy, policy]);
    }
  });

  test('server access logs go to a given logs bucket', () => {
    const { stack, organization } = newStack();
    const logs = new s3.Bucket(stack, 'Logs');
    new WorkMailMailboxExportDestination(stack, 'Export', { organization, serverAccessLogsBucket: logs });
    const { resource } = resourceOf(Template.fromStack(stack), 'AWS::S3::Bucket', 'ExportBucket');
    expect(resource.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: resourceOf(Template.fromStack(stack), 'AWS::S3::Bucket', 'Logs').id },
      LogFilePrefix: 'workmail-export-access-logs/',
    });
  });
});

describe('a given bucket and key', () => {
  test('are used, and nothing else is created but the role', () => {
    const { stack, organization } = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Archive', 'acme-mail-archive');
    const key = kms.Key.fromKeyArn(stack, 'ArchiveKey', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const dest = new WorkMailMailboxExportDestination(stack, 'Export', { organization, bucket, encryptionKey: key, prefix: 'acme/' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(Object.keys(template.toJSON().Resources)).toEqual([resourceOf(template, 'AWS::IAM::Role', 'ExportRole').id]);

    const objects = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-mail-archive/acme/*']] };
    const statements = roleStatements(template);
    expect(statements[0].Resource).toEqual(objects);
    expect(statements[1].Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-mail-archive']] });
    expect(statements[2].Resource).toBe(key.keyArn);
    expect(statements[2].Condition.StringLike['kms:EncryptionContext:aws:s3:arn']).toEqual(objects);

    expect([dest.bucket, dest.encryptionKey, dest.bucketName, dest.kmsKeyArn, dest.prefix]).toEqual([bucket, key, 'acme-mail-archive', key.keyArn, 'acme/']);
  });

  test('a given key encrypts the bucket it creates', () => {
    const { stack, organization } = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new WorkMailMailboxExportDestination(stack, 'Export', { organization, encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    const { resource } = resourceOf(template, 'AWS::S3::Bucket', 'ExportBucket');
    const keyId = resourceOf(template, 'AWS::KMS::Key', 'MyKey').id;
    expect(resource.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID)
      .toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});

describe('attributes and outputs', () => {
  test('the outputs carry bucket name, prefix, role ARN and key ARN under keys made from the construct path', () => {
    const { stack, organization } = newStack();
    const scope = new Construct(stack, 'Migration');
    const dest = new WorkMailMailboxExportDestination(scope, 'Mail-Export', { organization });
    const template = Template.fromStack(stack);
    const bucket = resourceOf(template, 'AWS::S3::Bucket', 'MigrationMailExportBucket').id;
    const key = resourceOf(template, 'AWS::KMS::Key', 'MigrationMailExportKey').id;
    const role = resourceOf(template, 'AWS::IAM::Role', 'MigrationMailExportRole').id;
    const outputs = template.toJSON().Outputs;
    const ours = Object.fromEntries(Object.entries(outputs).filter(([, o]: [string, any]) =>
      o.Description?.startsWith(`${WorkMailMailboxExportDestination.OUTPUT_DESCRIPTION}:`)).map(([k, o]: [string, any]) => [k, o.Value]));
    expect(ours).toEqual({
      MigrationMailExportBucketName: { Ref: bucket },
      MigrationMailExportPrefix: 'workmail-export/',
      MigrationMailExportRoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
      MigrationMailExportKmsKeyArn: { 'Fn::GetAtt': [key, 'Arn'] },
    });
    expect(dest.outputKeyPrefix).toBe('MigrationMailExport');
    expect(Object.values(outputs).every((o: any) => o.Export === undefined)).toBe(true);
    expect([stack.resolve(dest.bucketName), stack.resolve(dest.roleArn), stack.resolve(dest.kmsKeyArn)])
      .toEqual([{ Ref: bucket }, { 'Fn::GetAtt': [role, 'Arn'] }, { 'Fn::GetAtt': [key, 'Arn'] }]);
  });

  test('two destinations in one stack get distinct output keys', () => {
    const { stack, organization } = newStack();
    new WorkMailMailboxExportDestination(stack, 'First', { organization });
    new WorkMailMailboxExportDestination(stack, 'Second', { organization, prefix: 'second/' });
    const keys = Object.keys(Template.fromStack(stack).toJSON().Outputs).filter((k) => k.endsWith('Prefix'));
    expect(keys.sort()).toEqual(['FirstPrefix', 'SecondPrefix']);
  });
});

describe('validation at synth', () => {
  test.each([
    ['mail', "prefix 'mail' must end with '/'"],
    ['/mail/', "prefix '/mail/' must not start with '/'"],
    ['', "prefix '' may contain only"],
    ['mail box/', "prefix 'mail box/' may contain only"],
    [`${'a'.repeat(1023)}/`, 'prefix must be at most 1023 characters long (it has 1024)'],
  ])('prefix %j is refused', (prefix, message) => {
    expect(() => destination({ prefix })).toThrow(`Stack/Export: ${message}`);
  });

  test('a prefix of 1023 characters is accepted', () => {
    expect(() => destination({ prefix: `${'a'.repeat(1022)}/` })).not.toThrow();
  });

  /** An organization referenced from a stack in `region`: its ARN names that region literally. */
  function organizationIn(app: App, region: string) {
    const home = new Stack(app, `Home-${region}`, { env: { account: '111122223333', region } });
    return WorkMailOrganization.fromOrganizationId(home, 'Org', ORG_ID);
  }

  test('an organization in another region than the stack fails', () => {
    const { stack } = newStack();
    const organization = organizationIn(stack.node.root as App, 'us-east-1');
    expect(() => new WorkMailMailboxExportDestination(stack, 'Export', { organization })).toThrow(
      'Stack/Export: the organization, the encryption key and the bucket must all be in one region, '
      + 'but the stack is in eu-west-1, organization Home-us-east-1/Org is in us-east-1',
    );
  });

  test('a given key in another region than the organization fails, also in an environment-agnostic stack', () => {
    const { stack } = newStack(false);
    const organization = organizationIn(stack.node.root as App, 'eu-west-1');
    const encryptionKey = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(() => new WorkMailMailboxExportDestination(stack, 'Export', { organization, encryptionKey }))
      .toThrow('organization Home-eu-west-1/Org is in eu-west-1, encryption key Stack/Key is in us-west-2');
  });

  test('a given bucket in another region than the stack fails', () => {
    const { stack, organization } = newStack();
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Archive', { bucketName: 'acme-mail-archive', region: 'eu-central-1' });
    expect(() => new WorkMailMailboxExportDestination(stack, 'Export', { organization, bucket }))
      .toThrow('bucket Stack/Archive is in eu-central-1');
  });

  test.each([
    ['a fixed-region stack', true, 'is in eu-west-1'],
    ['an environment-agnostic stack', false, 'is in the region this stack is deployed to'],
  ])('in %s a warning says the organization, key and bucket share one region', (_case, env, text) => {
    const { stack } = destination({}, env);
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Export', Match.stringLikeRegexp('.*'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain(`make sure organization ${ORG_ID} ${text}`);
    expect(warnings[0].entry.data).toContain(`[ack: ${WorkMailMailboxExportDestination.REGION_WARNING_ID}]`);
  });

  test('the region warning can be acknowledged by its id', () => {
    const { stack, organization } = newStack();
    const dest = new WorkMailMailboxExportDestination(stack, 'Export', { organization });
    CoreAnnotations.of(dest).acknowledgeWarning(WorkMailMailboxExportDestination.REGION_WARNING_ID, 'the organization is in eu-west-1');
    expect(Annotations.fromStack(stack).findWarning('/Stack/Export', Match.anyValue())).toEqual([]);
  });
});

/** Synthesizes with cdk-nag: an unacknowledged finding interrupts synthesis with the report. Returns the AwsSolutions report. */
function nag(props: StackProps, build: (stack: Stack) => void): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-nag-'));
  try {
    const app = new App({ outdir });
    build(new Stack(app, 'Stack', props));
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

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['environment-agnostic', {}],
    ['with a fixed account and region', { env: { account: '111122223333', region: 'eu-west-1' } }],
  ])('a destination with its own bucket and key has no unacknowledged finding in a stack %s', (_kind, props) => {
    const awsSolutions = nag(props, (stack) => {
      new WorkMailMailboxExportDestination(stack, 'Export', { organization: WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID) });
    });
    expect(awsSolutions.violations).toEqual([]);
    const suppressed = awsSolutions.suppressedViolations.map((v: any) => v.ruleName).sort();
    expect(suppressed).toEqual(['AwsSolutions-IAM5[Resource::<ExportBucketFD42BCED.Arn>/workmail-export/*]', 'AwsSolutions-S1']);
    for (const violation of awsSolutions.suppressedViolations) {
      expect(violation.reason.length).toBeGreaterThan(20);
    }
  });

  test('with a logs bucket, only the prefix wildcard is acknowledged', () => {
    const awsSolutions = nag({}, (stack) => {
      const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'acme-access-logs');
      new WorkMailMailboxExportDestination(stack, 'Export', {
        organization: WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID), serverAccessLogsBucket: logs,
      });
    });
    expect(awsSolutions.violations).toEqual([]);
    expect(awsSolutions.suppressedViolations.map((v: any) => v.ruleName))
      .toEqual(['AwsSolutions-IAM5[Resource::<ExportBucketFD42BCED.Arn>/workmail-export/*]']);
  });

  test('with a given bucket and key, only the prefix wildcard is acknowledged', () => {
    const awsSolutions = nag({ env: { account: '111122223333', region: 'eu-west-1' } }, (stack) => {
      new WorkMailMailboxExportDestination(stack, 'Export', {
        organization: WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID),
        bucket: s3.Bucket.fromBucketName(stack, 'Archive', 'acme-mail-archive'),
        encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      });
    });
    expect(awsSolutions.violations).toEqual([]);
    expect(awsSolutions.suppressedViolations.map((v: any) => v.ruleName))
      .toEqual(['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::acme-mail-archive/workmail-export/*]']);
  });
});
