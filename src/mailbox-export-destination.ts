import { Annotations, CfnOutput, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { IWorkMailOrganization } from './organization';
import { acknowledgeFindings, findingText } from './private/findings';
import { fail } from './validation';

// StartMailboxExportJob's S3Prefix (shape S3ObjectKey in the WorkMail API model).
const PREFIX_PATTERN = /^[A-Za-z0-9!_.*'()/-]+$/;
const PREFIX_MAX_LENGTH = 1023;
const DEFAULT_PREFIX = 'workmail-export/';

/** The service principal WorkMail's export jobs assume the role as. */
const EXPORT_SERVICE_PRINCIPAL = 'export.workmail.amazonaws.com';

/**
 * Properties of a mailbox export destination.
 */
export interface WorkMailMailboxExportDestinationProps {
  /**
   * The organization whose mailboxes are exported: only its export jobs may assume the role.
   */
  readonly organization: IWorkMailOrganization;

  /**
   * The bucket the export jobs write to. It must block public access (the service checks it)
   * and be in the organization's region. Leave S3 Bucket Keys off for the prefix: with a bucket key,
   * the KMS encryption context is the bucket's ARN and the role's key condition (objects under the prefix) no longer matches.
   *
   * @default - a new bucket: public access blocked, TLS only, versioned, encrypted with `encryptionKey`
   */
  readonly bucket?: s3.IBucket;

  /**
   * The symmetric KMS key the exported mailboxes are encrypted with, in the organization's region.
   * Whoever downloads the exports needs `kms:Decrypt` on it.
   *
   * @default - a new symmetric key with yearly rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The key prefix the export jobs write under; the role may write nowhere else.
   * It ends with `/`, does not start with one, and uses only the characters WorkMail accepts (`A-Za-z0-9!_.*'()/-`).
   *
   * @default 'workmail-export/'
   */
  readonly prefix?: string;

  /**
   * What happens to the bucket and the key this construct creates when they leave the stack.
   * They hold mail: RETAIN keeps both. DESTROY deletes the key after its waiting period and
   * the bucket only when it is empty (CloudFormation does not delete a bucket that holds objects).
   * A given bucket or key is never affected.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * A bucket to receive the server access logs of the bucket this construct creates, under `workmail-export-access-logs/`.
   *
   * @default - no server access logs; only the export role writes to the bucket
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * Where `StartMailboxExportJob` writes mailboxes: an S3 bucket, a KMS key and the role the
 * WorkMail export service assumes, set up as the WorkMail administration guide ("Exporting mailbox content")
 * asks, and no wider.
 *
 * The stack gets four outputs, so a command can find the destination in the deployed stack:
 * `<id>BucketName`, `<id>Prefix`, `<id>RoleArn` and `<id>KmsKeyArn`, where `<id>` is the construct's path
 * inside its stack with every character other than letters and digits removed (`outputKeyPrefix`).
 * Each description starts with `WorkMailMailboxExportDestination.OUTPUT_DESCRIPTION`.
 *
 * The organization, the key and the bucket must be in one region: synth fails when the ARNs say otherwise
 * and warns (id `cdk-workmail:mailboxExportDestinationRegion`) otherwise.
 */
export class WorkMailMailboxExportDestination extends Construct {
  /** The start of every output's description. */
  public static readonly OUTPUT_DESCRIPTION = 'cdk-workmail mailbox export destination';

  /** The id of the warning that the organization, the key and the bucket must share a region. */
  public static readonly REGION_WARNING_ID = 'cdk-workmail:mailboxExportDestinationRegion';

  /** The bucket the export jobs write to. */
  public readonly bucket: s3.IBucket;

  /** The key the exports are encrypted with. */
  public readonly encryptionKey: kms.IKey;

  /** The role the WorkMail export service assumes (StartMailboxExportJob's `RoleArn`). */
  public readonly role: iam.IRole;

  /** The key prefix the export jobs write under (StartMailboxExportJob's `S3Prefix`). */
  public readonly prefix: string;

  /** The bucket's name (StartMailboxExportJob's `S3BucketName`). */
  public readonly bucketName: string;

  /** The role's ARN (StartMailboxExportJob's `RoleArn`). */
  public readonly roleArn: string;

  /** The key's ARN (StartMailboxExportJob's `KmsKeyArn`). */
  public readonly kmsKeyArn: string;

  /** The start of the keys of this destination's stack outputs. */
  public readonly outputKeyPrefix: string;

  constructor(scope: Construct, id: string, props: WorkMailMailboxExportDestinationProps) {
    super(scope, id);
    this.prefix = props.prefix ?? DEFAULT_PREFIX;
    validatePrefix(this, this.prefix);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts WorkMail mailbox exports (${this.node.path})`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.bucket = props.bucket ?? this.createBucket(this.encryptionKey, removalPolicy, props.serverAccessLogsBucket);
    checkRegions(this, props.organization, this.encryptionKey, this.bucket);

    this.role = new iam.Role(this, 'Role', {
      description: `Assumed by WorkMail mailbox export jobs of one organization (${this.node.path})`,
      assumedBy: new iam.ServicePrincipal(EXPORT_SERVICE_PRINCIPAL, {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': props.organization.organizationArn },
        },
      }),
      inlinePolicies: { MailboxExport: this.exportPolicy() },
    });

    this.bucketName = this.bucket.bucketName;
    this.roleArn = this.role.roleArn;
    this.kmsKeyArn = this.encryptionKey.keyArn;
    this.outputKeyPrefix = outputKeyPrefix(this);
    this.addOutputs();
    this.acknowledgeFindings(props.bucket === undefined && props.serverAccessLogsBucket === undefined);
  }

  private createBucket(encryptionKey: kms.IKey, removalPolicy: RemovalPolicy, serverAccessLogsBucket?: s3.IBucket): s3.Bucket {
    return new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey,
      // A bucket key would make the KMS encryption context the bucket's ARN, which the role's key condition does not allow.
      bucketKeyEnabled: false,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket,
      serverAccessLogsPrefix: serverAccessLogsBucket ? 'workmail-export-access-logs/' : undefined,
      removalPolicy,
    });
  }

  /** What the export service needs, as the administration guide lists it, narrowed to the prefix. */
  private exportPolicy(): iam.PolicyDocument {
    const objects = this.bucket.arnForObjects(`${this.prefix}*`);
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteExports',
          actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
          resources: [objects],
        }),
        new iam.PolicyStatement({
          sid: 'CheckBucketIsNotPublic',
          actions: ['s3:GetBucketPolicyStatus'],
          resources: [this.bucket.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'EncryptExportsThroughS3',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [this.encryptionKey.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': objects },
          },
        }),
      ],
    });
  }

  private addOutputs(): void {
    const outputs: [string, string, string][] = [
      ['BucketName', this.bucketName, 'S3 bucket name'],
      ['Prefix', this.prefix, 'S3 key prefix'],
      ['RoleArn', this.roleArn, 'IAM role ARN'],
      ['KmsKeyArn', this.kmsKeyArn, 'KMS key ARN'],
    ];
    for (const [id, value, what] of outputs) {
      new CfnOutput(this, id, {
        key: `${this.outputKeyPrefix}${id}`,
        value,
        description: `${WorkMailMailboxExportDestination.OUTPUT_DESCRIPTION}: ${what} (${this.node.path})`,
      });
    }
  }

  /** Reviewed findings of policy checkers (e.g. cdk-nag) on what this construct creates, with the reason. */
  private acknowledgeFindings(bucketWithoutAccessLogs: boolean): void {
    const objects = findingText(Stack.of(this), this.bucket.arnForObjects(`${this.prefix}*`));
    acknowledgeFindings(this.role, {
      rule: 'IAM5',
      finding: `Resource::${objects}`,
      reason: 'Each export job writes an object it names itself (the job id) under the prefix: the role may write only under the prefix.',
    });
    if (bucketWithoutAccessLogs) {
      acknowledgeFindings(this.bucket, {
        rule: 'S1',
        reason: 'Only the WorkMail export role may write to the bucket, under its prefix; pass serverAccessLogsBucket to log its requests.',
      });
    }
  }
}

function validatePrefix(scope: IConstruct, prefix: string): void {
  if (Token.isUnresolved(prefix)) return;
  if (prefix.length > PREFIX_MAX_LENGTH) {
    fail(scope, `prefix must be at most ${PREFIX_MAX_LENGTH} characters long (it has ${prefix.length})`);
  }
  if (!PREFIX_PATTERN.test(prefix)) {
    fail(scope, `prefix '${prefix}' may contain only letters, digits and !_.*'()/- (WorkMail's S3Prefix)`);
  }
  if (prefix.startsWith('/')) {
    fail(scope, `prefix '${prefix}' must not start with '/' (S3 keys would begin with an empty folder)`);
  }
  if (!prefix.endsWith('/')) {
    fail(scope, `prefix '${prefix}' must end with '/' (the role is allowed '${prefix}*', which would also match keys beside the folder)`);
  }
}

/** The region field of an ARN, when the ARN says it at synth time. */
function regionOfArn(arn: string): string | undefined {
  // Tokens encode as `${Token[...]}` (no ':'), so a partly resolved ARN still splits into its fields.
  const region = arn.split(':')[3];
  return region && !Token.isUnresolved(region) ? region : undefined;
}

/** The organization, the key and the bucket must share a region (the administration guide's "Considerations"). */
function checkRegions(scope: IConstruct, organization: IWorkMailOrganization, key: kms.IKey, bucket: s3.IBucket): void {
  const stackRegion = Stack.of(scope).region;
  const known: [string, string | undefined][] = [
    ['the stack', Token.isUnresolved(stackRegion) ? undefined : stackRegion],
    [`organization ${organization.node.path}`, regionOfArn(organization.organizationArn)],
    [`encryption key ${key.node.path}`, regionOfArn(key.keyArn)],
    [`bucket ${bucket.node.path}`, Token.isUnresolved(bucket.env.region) ? undefined : bucket.env.region],
  ];
  const stated = known.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (new Set(stated.map(([, region]) => region)).size > 1) {
    const where = stated.map(([what, region]) => `${what} is in ${region}`).join(', ');
    fail(scope, `the organization, the encryption key and the bucket must all be in one region, but ${where}`);
  }
  const region = stated[0]?.[1];
  Annotations.of(scope).addWarningV2(
    WorkMailMailboxExportDestination.REGION_WARNING_ID,
    'WorkMail exports mailboxes only into a bucket and with a KMS key in the organization\'s own region: ' +
    `make sure organization ${organization.organizationId} is in ${region ?? 'the region this stack is deployed to'}.`,
  );
}

/** The stack-unique start of the output keys: the path inside the stack, letters and digits only. */
function outputKeyPrefix(scope: IConstruct): string {
  const stack = Stack.of(scope);
  const inside = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((c) => c.node.id).join('');
  const key = inside.replace(/[^A-Za-z0-9]/g, '');
  return key.length > 0 ? key : 'MailboxExportDestination';
}

