import { ArnFormat, IResource, Resource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { validateOrganizationId } from './validation';

/**
 * An Amazon WorkMail organization.
 */
export interface IWorkMailOrganization extends IResource {
  /**
   * The organization's id, `m-` followed by 32 hex digits.
   *
   * @attribute
   */
  readonly organizationId: string;

  /**
   * The organization's ARN, the resource WorkMail authorizes every management call on.
   *
   * @attribute
   */
  readonly organizationArn: string;
}

/**
 * An existing Amazon WorkMail organization.
 *
 * WorkMail takes no new customers, so organizations are never created here:
 * they are referenced by id.
 */
export class WorkMailOrganization {
  /**
   * Reference an existing organization by its id.
   *
   * The id is checked at synth time (`m-` followed by 32 lowercase hex digits)
   * unless it is a token.
   */
  public static fromOrganizationId(scope: Construct, id: string, organizationId: string): IWorkMailOrganization {
    return new ImportedOrganization(scope, id, organizationId);
  }

  private constructor() {}
}

class ImportedOrganization extends Resource implements IWorkMailOrganization {
  public readonly organizationId: string;
  public readonly organizationArn: string;

  constructor(scope: Construct, id: string, organizationId: string) {
    super(scope, id);
    validateOrganizationId(this, organizationId);
    this.organizationId = organizationId;
    this.organizationArn = Stack.of(this).formatArn({
      service: 'workmail',
      resource: 'organization',
      resourceName: organizationId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}
