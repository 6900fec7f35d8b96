import { CfnResource, Lazy, RemovalPolicy, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IWorkMailEntity, WorkMailEntityType } from './entity';
import { entityIdIn } from './private/entity-reference';
import { declaredWithoutMailbox } from './private/mailboxes';
import { checkSameOrganization } from './private/relations';
import { cloudFormationRemovalPolicy, workMailCfnResource } from './private/workmail-resource';
import { MailboxGrantProperties, MailboxPermissionsResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { fail } from './validation';

/**
 * What a grantee may do with a mailbox (WorkMail's PermissionType).
 */
export enum MailboxPermission {
  /** Open and use the whole mailbox, whatever its folders' own permissions. */
  FULL_ACCESS = 'FULL_ACCESS',
  /** Send mail as the mailbox's owner (the grantee is not shown). */
  SEND_AS = 'SEND_AS',
  /** Send mail on behalf of the mailbox's owner (shown as sent by the grantee on behalf of the owner). */
  SEND_ON_BEHALF = 'SEND_ON_BEHALF',
}

/**
 * One grantee's permissions on a mailbox.
 */
export interface MailboxGrant {
  /** The user, group or bookable resource given the permissions. */
  readonly grantee: IWorkMailEntity;
  /** At least one permission. */
  readonly permissions: MailboxPermission[];
}

/**
 * Properties of the permission set of one mailbox.
 */
export interface WorkMailMailboxPermissionsProps {
  /** The mailbox: a user or a bookable resource (a group has no mailbox of its own). It must be registered. */
  readonly mailbox: IWorkMailEntity;

  /** Who may use the mailbox, and how: each grantee once. */
  readonly grants: MailboxGrant[];

  /**
   * Also remove the grants nobody declared (made by hand or by another tool). By default the set
   * manages only the grantees it declares, and removes only those it declared before.
   *
   * @default false
   */
  readonly exclusive?: boolean;

  /**
   * What happens to the declared grants when the set leaves the stack: RETAIN keeps them, DESTROY
   * removes them (never a grant the set did not declare).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Who may use one mailbox (a shared mailbox's team, an assistant's access) and how: full access,
 * send as, send on behalf.
 *
 * `grantMailboxPermissions()` on a user or resource feeds one such set per mailbox, so a shared
 * mailbox with 50 grantees is one CloudFormation resource.
 *
 * @resource Custom::WorkMailMailboxPermissions
 */
export class WorkMailMailboxPermissions extends Resource {
  /**
   * The WorkMail id of the mailbox's user or resource.
   *
   * @attribute
   */
  public readonly mailboxId: string;

  private readonly mailbox: IWorkMailEntity;
  private readonly grants: Array<{ grantee: IWorkMailEntity; permissions: MailboxPermission[] }> = [];
  private readonly resource: CfnResource;

  constructor(scope: Construct, id: string, props: WorkMailMailboxPermissionsProps) {
    super(scope, id);
    if (props.mailbox.entityType === WorkMailEntityType.GROUP) {
      fail(this, `${props.mailbox.node.path} is a group: a group has no mailbox of its own to grant (grant its members' mailboxes, or a resource)`);
    }
    this.mailbox = props.mailbox;
    this.mailboxId = entityIdIn(this, props.mailbox);
    const grantsProperty = Lazy.any({
      produce: () => this.grants.map((g): MailboxGrantProperties => ({ GranteeId: entityIdIn(this, g.grantee), Permissions: [...g.permissions] })),
    }, { omitEmptyArray: true });
    const properties: MailboxPermissionsResourceProperties = {
      OrganizationId: props.mailbox.organization.organizationId,
      EntityId: this.mailboxId,
      Grants: grantsProperty as unknown as MailboxGrantProperties[],
      Exclusive: String(props.exclusive ?? false),
    };
    this.resource = workMailCfnResource(this, {
      type: WorkMailResourceType.MAILBOX_PERMISSIONS,
      organization: props.mailbox.organization,
      properties,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      kindLabel: 'WorkMail mailbox permission set',
    });
    for (const grant of props.grants) this.addGrant(grant.grantee, ...grant.permissions);
    this.node.addValidation({
      validate: () => (declaredWithoutMailbox(this.mailbox)
        ? [`${this.mailbox.node.path} has no email (or enabled: false): only a registered user or resource has a mailbox to grant`]
        : []),
    });
  }

  /**
   * Give `grantee` these permissions on the mailbox (each grantee once: list all its permissions in one call).
   */
  public addGrant(grantee: IWorkMailEntity, ...permissions: MailboxPermission[]): void {
    if (permissions.length === 0) fail(this, `the grant to ${grantee.node.path} lists no permission: give at least one MailboxPermission`);
    for (const permission of permissions) {
      if (!Object.values(MailboxPermission).includes(permission)) {
        fail(this, `'${String(permission)}' is not a MailboxPermission (FULL_ACCESS, SEND_AS, SEND_ON_BEHALF)`);
      }
    }
    if (grantee === this.mailbox) fail(this, `${grantee.node.path} is the mailbox itself: a mailbox is not granted to its owner`);
    if (this.grants.some((g) => g.grantee === grantee)) {
      fail(this, `${grantee.node.path} is granted twice: give it all its permissions in one grant`);
    }
    checkSameOrganization(this, this.mailbox.organization, grantee, 'grantee');
    this.grants.push({ grantee, permissions: [...new Set(permissions)] });
  }

  /**
   * Change what happens to the declared grants when the set leaves the stack: RETAIN or DESTROY.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.resource.applyRemovalPolicy(cloudFormationRemovalPolicy(this, policy, 'WorkMail mailbox permission set'));
  }
}
