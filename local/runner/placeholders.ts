/**
 * Plausible values for resources the runner does not deploy (roles, policies,
 * functions, log groups...), so that `Ref` and `Fn::GetAtt` to them resolve to
 * strings of the right shape. They are deterministic (no random suffix), so an
 * unchanged template resolves to unchanged properties and a second run is a
 * no-op, as with CloudFormation.
 */
import type { CfnResource } from './assembly';
import type { PseudoParameters } from './intrinsics';

/** The physical name CloudFormation would use: an explicit name property, or `<stack>-<logicalId>`. */
export function physicalName(logicalId: string, resource: CfnResource, pseudo: PseudoParameters, maxLength = 64): string {
  const props = resource.Properties ?? {};
  const nameProperty = Object.keys(props).find(k => /^(FunctionName|RoleName|PolicyName|LogGroupName|TopicName|QueueName|BucketName|TableName|Name)$/.test(k));
  const explicit = nameProperty ? props[nameProperty] : undefined;
  if (typeof explicit === 'string') return explicit;
  return `${pseudo.stackName}-${logicalId}`.slice(0, maxLength);
}

/** `Ref` of a resource that is not deployed. */
export function placeholderRef(logicalId: string, resource: CfnResource, pseudo: PseudoParameters): string {
  switch (resource.Type) {
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::SNS::Topic':
      return placeholderArn(logicalId, resource, pseudo);
    case 'AWS::S3::Bucket':
      // Bucket names are lower case (as in its placeholder ARN).
      return physicalName(logicalId, resource, pseudo).toLowerCase();
    case 'AWS::SQS::Queue':
      return `https://sqs.${pseudo.region}.${pseudo.urlSuffix}/${pseudo.account}/${physicalName(logicalId, resource, pseudo, 80)}`;
    default:
      return physicalName(logicalId, resource, pseudo);
  }
}

/** `Fn::GetAtt` of a resource that is not deployed: an ARN for `Arn`, a recognizable placeholder otherwise. */
export function placeholderAtt(logicalId: string, resource: CfnResource, attribute: string, pseudo: PseudoParameters): string {
  if (attribute === 'Arn') return placeholderArn(logicalId, resource, pseudo);
  return `local-${logicalId}-${attribute}`;
}

export function placeholderArn(logicalId: string, resource: CfnResource, pseudo: PseudoParameters): string {
  const { partition, region, account } = pseudo;
  const name = physicalName(logicalId, resource, pseudo);
  switch (resource.Type) {
    case 'AWS::Lambda::Function':
      return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
    case 'AWS::IAM::Role':
      return `arn:${partition}:iam::${account}:role/${name}`;
    case 'AWS::IAM::ManagedPolicy':
      return `arn:${partition}:iam::${account}:policy/${name}`;
    case 'AWS::IAM::User':
      return `arn:${partition}:iam::${account}:user/${name}`;
    case 'AWS::Logs::LogGroup':
      return `arn:${partition}:logs:${region}:${account}:log-group:${name}:*`;
    case 'AWS::SNS::Topic':
      return `arn:${partition}:sns:${region}:${account}:${name}`;
    case 'AWS::SQS::Queue':
      return `arn:${partition}:sqs:${region}:${account}:${name}`;
    case 'AWS::S3::Bucket':
      return `arn:${partition}:s3:::${name.toLowerCase()}`;
    case 'AWS::KMS::Key':
      return `arn:${partition}:kms:${region}:${account}:key/${logicalId}`;
    default: {
      // AWS::<Service>::<Kind> → arn:<partition>:<service>:<region>:<account>:<kind>/<name>
      const [, service = 'unknown', kind = 'resource'] = resource.Type.split('::');
      return `arn:${partition}:${service.toLowerCase()}:${region}:${account}:${kind.toLowerCase()}/${name}`;
    }
  }
}
