import { CfnResource, Lazy, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IWorkMailEntity, WorkMailEntityType } from './entity';
import { IWorkMailOrganization } from './organization';
import { entityIdIn } from './private/entity-reference';
import { EntityAliases, mailEntityProperties } from './private/mail-entity';
import { recordMailbox } from './private/mailboxes';
import { checkSameOrganization } from './private/relations';
import { cloudFormationRemovalPolicy, workMailCfnResource } from './private/workmail-resource';
import { GroupResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { fail, validateGroupName } from './validation';

/**
 * An Amazon WorkMail group.
 */
export interface IWorkMailGroup extends IWorkMailEntity {
  /**
   * The group's WorkMail id.
   *
   * @attribute
   */
  readonly groupId: string;

  /**
   * The group's primary email address ('' when it has none).
   *
   * @attribute
   */
  readonly email: string;
}

/**
 * Attributes to reference an existing WorkMail group.
 */
export interface WorkMailGroupAttributes {
  /** The organization the group belongs to. */
  readonly organization: IWorkMailOrganization;
  /** The group's WorkMail id. */
  readonly groupId: string;
  /**
   * The group's primary email address.
   *
   * @default '' - the group has no email
   */
  readonly email?: string;
}

/**
 * Properties of a WorkMail group.
 */
export interface WorkMailGroupProps {
  /**
   * The organization the group belongs to. Changing it replaces the group.
   */
  readonly organization: IWorkMailOrganization;

  /**
   * The group name (1 to 256 Latin-1 characters), unique among the users, groups and resources of the
   * organization. WorkMail cannot rename a group: changing it replaces the group.
   */
  readonly name: string;

  /**
   * The group's primary email address, in a verified domain of the organization. Without it the group
   * is not registered to WorkMail (it receives no mail). Changing it makes the new address primary;
   * WorkMail keeps the previous one as an alias.
   *
   * @default - not registered
   */
  readonly email?: string;

  /**
   * Whether the group is registered to WorkMail. Requires `email`; false deregisters it.
   *
   * @default - true when `email` is given
   */
  readonly enabled?: boolean;

  /**
   * Whether the group is hidden from the global address list.
   *
   * @default - not managed (WorkMail's default for a new group: visible)
   */
  readonly hiddenFromAddressList?: boolean;

  /**
   * The users and groups that are members of the group (nested groups work). Members may come from
   * other stacks (`WorkMailUser.fromUserAttributes`, `WorkMailGroup.fromGroupAttributes`).
   *
   * @default - none declared
   */
  readonly members?: IWorkMailEntity[];

  /**
   * Whether the group also removes members that nobody declared (added in the console, say).
   * By default the group adds the members it declares, removes those dropped from its declaration,
   * and leaves members added elsewhere alone.
   *
   * @default false
   */
  readonly exclusiveMembers?: boolean;

  /**
   * What happens to the group when it leaves the stack or is replaced: RETAIN keeps it (and its
   * members and aliases), DESTROY deregisters and deletes it.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Take over an existing group of the same name instead of failing. It is reconciled to this
   * declaration, never re-created, and never deleted by the stack.
   *
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * A WorkMail group with its members, created (or adopted) and kept in the declared state by the
 * stack's WorkMail provider.
 *
 * @resource Custom::WorkMailGroup
 */
export class WorkMailGroup extends Resource implements IWorkMailGroup {
  /**
   * Reference an existing group by its id (e.g. a nested group from another stack).
   */
  public static fromGroupAttributes(scope: Construct, id: string, attrs: WorkMailGroupAttributes): IWorkMailGroup {
    class Import extends Resource implements IWorkMailGroup {
      public readonly organization = attrs.organization;
      public readonly groupId = attrs.groupId;
      public readonly entityId = attrs.groupId;
      public readonly entityType = WorkMailEntityType.GROUP;
      public readonly email = attrs.email ?? '';
    }
    return new Import(scope, id);
  }

  public readonly organization: IWorkMailOrganization;

  /**
   * The group's WorkMail id.
   *
   * @attribute
   */
  public readonly groupId: string;

  /**
   * The group's WorkMail id (the same as `groupId`).
   *
   * @attribute
   */
  public readonly entityId: string;

  /** Always `WorkMailEntityType.GROUP`. */
  public readonly entityType = WorkMailEntityType.GROUP;

  /**
   * The group's primary email address as deployed ('' when it has none).
   *
   * @attribute
   */
  public readonly email: string;

  private readonly members: IWorkMailEntity[] = [];
  private readonly memberIds: string[] = [];
  private readonly resource: CfnResource;
  private readonly aliases: EntityAliases;
  private removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: WorkMailGroupProps) {
    super(scope, id);
    validateGroupName(this, props.name);
    this.organization = props.organization;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const common = mailEntityProperties(this, props, 'group', () => this.aliases.addresses);
    recordMailbox(this, props.email !== undefined && props.enabled !== false);

    const properties: GroupResourceProperties = {
      ...common,
      // Left out when empty, so that a group declaring no members carries no such property.
      Members: Lazy.list({ produce: () => this.memberIds }, { omitEmpty: true }),
      ExclusiveMembers: props.exclusiveMembers === undefined ? undefined : String(props.exclusiveMembers),
    };
    this.resource = workMailCfnResource(this, {
      type: WorkMailResourceType.GROUP,
      organization: props.organization,
      properties,
      removalPolicy: this.removalPolicy,
      kindLabel: 'WorkMail group',
    });
    this.groupId = Token.asString(this.resource.getAtt('GroupId'));
    this.entityId = this.groupId;
    this.email = Token.asString(this.resource.getAtt('Email'));
    this.aliases = new EntityAliases(this, () => this.removalPolicy);
    for (const member of props.members ?? []) this.addMember(member);
  }

  /**
   * Add a user or a group as a member.
   */
  public addMember(member: IWorkMailEntity): void {
    if (member.entityType === WorkMailEntityType.RESOURCE) {
      fail(this, `${member.node.path} is a bookable resource: group members are users or groups`);
    }
    if (member === this) fail(this, 'a group cannot be a member of itself');
    checkSameOrganization(this, this.organization, member, 'member');
    if (this.members.includes(member)) fail(this, `${member.node.path} is already a member`);
    this.members.push(member);
    this.memberIds.push(entityIdIn(this, member));
  }

  /**
   * Add an extra address (alias) to the group. All aliases of the group share one `WorkMailAlias`.
   */
  public addAlias(address: string): void {
    this.aliases.add(address);
  }

  /**
   * Change what happens to the group when it leaves the stack or is replaced: RETAIN or DESTROY.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.removalPolicy = policy;
    this.resource.applyRemovalPolicy(cloudFormationRemovalPolicy(this, policy, 'WorkMail group'));
    this.aliases.applyRemovalPolicy(policy);
  }
}
