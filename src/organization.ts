import { ArnFormat, IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { workMailCfnResource } from './private/workmail-resource';
import { OrganizationLookupAttributes, OrganizationLookupProperties, WorkMailResourceType } from './provider/resource-properties';
import { validateOrganizationAlias, validateOrganizationId } from './validation';

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

  /**
   * The organization's default mail domain, when known.
   *
   * @attribute
   */
  readonly defaultMailDomain?: string;

  /**
   * The organization's verified mail domains, when known: addresses outside them fail at synth.
   */
  readonly mailDomains?: string[];
}

/**
 * Attributes to reference an existing organization.
 */
export interface WorkMailOrganizationAttributes {
  /** The organization's id, `m-` followed by 32 hex digits. */
  readonly organizationId: string;

  /**
   * The organization's default mail domain.
   *
   * @default - unknown
   */
  readonly defaultMailDomain?: string;

  /**
   * The organization's verified mail domains. When given, every email address and alias declared
   * in the organization is checked against them at synth time.
   *
   * @default - unknown: addresses are checked by WorkMail at deploy time
   */
  readonly mailDomains?: string[];
}

/**
 * An existing Amazon WorkMail organization.
 *
 * WorkMail takes no new customers, so organizations are never created here:
 * they are referenced by id, or looked up by alias at deploy time.
 */
export class WorkMailOrganization {
  /**
   * Reference an existing organization by its id (no call is made).
   *
   * The id is checked at synth time (`m-` followed by 32 lowercase hex digits)
   * unless it is a token.
   */
  public static fromOrganizationId(scope: Construct, id: string, organizationId: string): IWorkMailOrganization {
    return new ImportedOrganization(scope, id, { organizationId });
  }

  /**
   * Reference an existing organization by its id, with what is known of its mail domains.
   */
  public static fromOrganizationAttributes(scope: Construct, id: string, attrs: WorkMailOrganizationAttributes): IWorkMailOrganization {
    return new ImportedOrganization(scope, id, attrs);
  }

  /**
   * Look an organization up by its alias at deploy time (`Custom::WorkMailOrganization`:
   * ListOrganizations, then DescribeOrganization). The deployment fails, naming the alias,
   * when no organization has it or when it is not Active.
   * The stack's provider is then allowed `workmail:ListOrganizations` (which IAM grants only on `*`).
   */
  public static fromAlias(scope: Construct, id: string, alias: string): IWorkMailOrganization {
    return new OrganizationLookup(scope, id, alias);
  }

  private constructor() {}
}

function organizationArn(scope: Construct, organizationId: string): string {
  return Stack.of(scope).formatArn({
    service: 'workmail',
    resource: 'organization',
    resourceName: organizationId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

class ImportedOrganization extends Resource implements IWorkMailOrganization {
  public readonly organizationId: string;
  public readonly organizationArn: string;
  public readonly defaultMailDomain?: string;
  public readonly mailDomains?: string[];

  constructor(scope: Construct, id: string, attrs: WorkMailOrganizationAttributes) {
    super(scope, id);
    validateOrganizationId(this, attrs.organizationId);
    this.organizationId = attrs.organizationId;
    this.organizationArn = organizationArn(this, attrs.organizationId);
    this.defaultMailDomain = attrs.defaultMailDomain;
    this.mailDomains = attrs.mailDomains;
  }
}

/** `Custom::WorkMailOrganization`: the organization of an alias, read at deploy time. */
class OrganizationLookup extends Resource implements IWorkMailOrganization {
  public readonly organizationId: string;
  public readonly organizationArn: string;
  public readonly defaultMailDomain: string;

  constructor(scope: Construct, id: string, alias: string) {
    super(scope, id);
    validateOrganizationAlias(this, alias);
    const properties: OrganizationLookupProperties = { Alias: alias };
    const resource = workMailCfnResource(this, { type: WorkMailResourceType.ORGANIZATION, properties });
    const attribute = (name: keyof OrganizationLookupAttributes) => Token.asString(resource.getAtt(name));
    this.organizationId = attribute('OrganizationId');
    this.defaultMailDomain = attribute('DefaultMailDomain');
    this.organizationArn = organizationArn(this, this.organizationId);
  }
}
