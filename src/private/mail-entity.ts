/**
 * What users, groups and bookable resources declare alike: the name and the
 * addresses they claim in their organization, registration, visibility and
 * adoption, checked at synth; and the one alias set each entity may have.
 */
import { Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { WorkMailAlias } from '../alias';
import { IWorkMailEntity } from '../entity';
import { MailboxPermission, WorkMailMailboxPermissions } from '../mailbox-permissions';
import { IWorkMailOrganization } from '../organization';
import { spreadPermissionScope } from './entity-reference';
import { MailEntityResourceProperties, WorkMailResourceType } from '../provider/resource-properties';
import { WorkMailProvider } from '../provider/workmail-provider';
import { fail, validateAddressDomain, validateEmail } from '../validation';

export interface MailEntityDeclaration {
  readonly organization: IWorkMailOrganization;
  readonly name: string;
  readonly email?: string;
  readonly enabled?: boolean;
  readonly hiddenFromAddressList?: boolean;
  readonly adoptExisting?: boolean;
}

/**
 * Checks the declaration, claims its name and address, and returns the properties every mail entity carries.
 * `aliases`: the addresses of the entity's alias set, read at synth.
 */
export function mailEntityProperties(
  scope: Construct, decl: MailEntityDeclaration, kind: string, aliases: () => readonly string[],
): MailEntityResourceProperties {
  validateEmail(scope, 'email', decl.email);
  validateAddressDomain(scope, 'email', decl.email, decl.organization.mailDomains);
  if (decl.enabled === true && decl.email === undefined) {
    fail(scope, `enabled is true but no email is given: WorkMail registers a ${kind} with its primary email address`);
  }
  const provider = WorkMailProvider.of(scope);
  provider._claim(scope, decl.organization, 'name', decl.name);
  if (decl.email !== undefined) provider._claim(scope, decl.organization, 'email address', decl.email);
  return {
    OrganizationId: decl.organization.organizationId,
    Name: decl.name,
    Email: decl.email,
    // Sent only when declared: dropping `email` alone never deregisters a mailbox (the handler refuses), `enabled: false` does.
    Enabled: optionalBoolean(decl.enabled),
    HiddenFromGlobalAddressList: optionalBoolean(decl.hiddenFromAddressList),
    AdoptExisting: String(decl.adoptExisting ?? false),
    // Absent when none: the templates of entities without aliases stay as they were.
    Aliases: Lazy.list({ produce: () => [...aliases()] }, { omitEmpty: true }),
  };
}

export function optionalBoolean(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/**
 * The alias set of one entity, made on the first `addAlias()` as a child of the entity,
 * removed or kept with it (the entity's removal policy).
 */
export class EntityAliases {
  private aliasSet?: WorkMailAlias;
  private readonly declared: string[] = [];

  constructor(private readonly entity: IWorkMailEntity & Construct, private readonly removalPolicy: () => RemovalPolicy) {}

  public add(address: string): void {
    if (this.aliasSet === undefined) {
      this.aliasSet = new WorkMailAlias(this.entity, 'Aliases', { entity: this.entity, aliases: [], removalPolicy: this.removalPolicy() });
      // The entity adds its declared aliases when it registers (see MailEntityResourceProperties.Aliases): it needs the alias calls' grant.
      const aliasGrant = WorkMailProvider.of(this.entity)._grant(WorkMailResourceType.ALIAS, this.entity.organization);
      this.entity.node.defaultChild?.node.addDependency(aliasGrant);
    }
    this.aliasSet.addAlias(address);
    this.declared.push(address);
  }

  /** The addresses added so far, which the entity's own declaration repeats. */
  public get addresses(): readonly string[] {
    return this.declared;
  }

  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.aliasSet?.applyRemovalPolicy(policy);
  }
}

/**
 * The permission set of one mailbox, made on the first `grantMailboxPermissions()`, removed or kept
 * with the mailbox (its removal policy). Beside the mailbox, except in a WorkMailEntitySpread: there
 * the set goes to the spread's permission stacks, which may reference every other nested stack and are
 * referenced by none, so grants between users of different nested stacks never make a cycle.
 */
export class MailboxGrants {
  private permissionSet?: WorkMailMailboxPermissions;

  constructor(
    private readonly mailbox: IWorkMailEntity & Construct, private readonly mailboxName: string, private readonly removalPolicy: () => RemovalPolicy,
  ) {}

  public grant(grantee: IWorkMailEntity, permissions: MailboxPermission[]): void {
    if (this.permissionSet === undefined) {
      const stack = Stack.of(this.mailbox);
      const spreadScope = spreadPermissionScope(stack, this.mailboxName);
      const [scope, id] = spreadScope === undefined
        ? [this.mailbox, 'MailboxPermissions']
        : [spreadScope as Construct, `${stack.node.id}${this.mailbox.node.id}MailboxPermissions`];
      this.permissionSet = new WorkMailMailboxPermissions(scope, id, { mailbox: this.mailbox, grants: [], removalPolicy: this.removalPolicy() });
    }
    this.permissionSet.addGrant(grantee, ...permissions);
  }

  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.permissionSet?.applyRemovalPolicy(policy);
  }
}
