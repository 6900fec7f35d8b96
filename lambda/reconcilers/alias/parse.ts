/**
 * The alias set's declaration, parsed once from CloudFormation's strings, and
 * what it alone determines: the entity it names and the physical id.
 */
import { ENTITY_IDENTIFIER, ORGANIZATION_ID, WORKMAIL_IDENTIFIER } from '../../../src/provider/api-shapes';
import { AliasResourceProperties, EntityTypeName } from '../../../src/provider/resource-properties';
import { EntityKind, InvalidPropertyError } from '../../errors';
import { PropertyNames, RawProperties, ResourceLabel, describeResource, propertyReader, quoted } from '../../properties';
import { sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';

/** WorkMail's limit of aliases per entity (CreateAlias answers LimitExceededException beyond it). */
export const MAX_ALIASES = 100;

/** WorkMail's pattern and length for an alias (the service model's, anchored). */
const ALIAS_PATTERN = /^[a-zA-Z0-9._%+-]{1,64}@[a-zA-Z0-9.-]+\.[a-zA-Z-]{2,}$/;
const ALIAS_MAX_LENGTH = 254;

const ENTITY_KINDS: Readonly<Record<EntityTypeName, EntityKind>> = { USER: 'user', GROUP: 'group', RESOURCE: 'resource' };

export interface DesiredAliases {
  readonly organizationId: string;
  /** A bare WorkMail id (the UserId, GroupId or ResourceId attribute). */
  readonly entityId: string;
  readonly entityType: EntityTypeName;
  /** The declared addresses, as declared (WorkMail compares them case-insensitively). */
  readonly aliases: readonly string[];
}

const ALIAS_PROPERTIES: PropertyNames<AliasResourceProperties> = { OrganizationId: true, EntityId: true, EntityType: true, Aliases: true };
/** The id CreateAlias takes (at least 12 characters), in the characters every WorkMail id is made of. */
const ENTITY_ID = { ...WORKMAIL_IDENTIFIER, pattern: ENTITY_IDENTIFIER.pattern, rule: ENTITY_IDENTIFIER.rule };

export function parseAliases(props: RawProperties, label: ResourceLabel): DesiredAliases {
  const read = propertyReader<AliasResourceProperties>(props, label, ALIAS_PROPERTIES);
  const fail = (property: string, problem: string): never => {
    throw new InvalidPropertyError(`Property '${property}' of ${describeResource(label)} ${problem}`);
  };
  const organizationId = read.requiredString('OrganizationId', ORGANIZATION_ID);
  const entityId = read.requiredString('EntityId');
  if (entityId.includes('/')) {
    // A Ref of an entity resource is its physical id (e.g. adopted/<id>), not its WorkMail id.
    fail('EntityId', `must be a WorkMail id (the UserId, GroupId or ResourceId attribute), got ${quoted(entityId)}`);
  }
  read.requiredString('EntityId', ENTITY_ID);
  const entityType = read.requiredString('EntityType');
  if (!Object.prototype.hasOwnProperty.call(ENTITY_KINDS, entityType)) {
    fail('EntityType', `must be USER, GROUP or RESOURCE, got ${quoted(entityType)}`);
  }
  // An empty set is a declaration too (nothing to add): CloudFormation may drop an empty list.
  const aliases = read.optionalStringList('Aliases') ?? [];
  if (aliases.length > MAX_ALIASES) fail('Aliases', `lists ${aliases.length} addresses: WorkMail allows at most ${MAX_ALIASES} aliases per entity`);
  aliases.forEach((alias, index) => {
    if (alias.length > ALIAS_MAX_LENGTH || !ALIAS_PATTERN.test(alias)) {
      fail(`Aliases[${index}]`, `is not a valid email address: ${quoted(alias)}`);
    }
    const first = aliases.findIndex((other) => sameText(other, alias));
    if (first !== index) fail(`Aliases[${index}]`, `repeats Aliases[${first}] (${quoted(alias)}; addresses are case-insensitive)`);
  });
  return { organizationId, entityId, entityType: entityType as EntityTypeName, aliases };
}

/** Stable per entity: a new EntityId means another alias set (CloudFormation then deletes the old one). */
export function aliasPhysicalId(desired: DesiredAliases): string {
  return `${desired.entityId}/aliases`;
}

/** The entity the aliases belong to, for calls, log lines and messages. */
export function aliasOwnerRef(desired: DesiredAliases): LiveEntityRef {
  return { kind: ENTITY_KINDS[desired.entityType], organizationId: desired.organizationId, id: desired.entityId };
}

export function sameOwner(a: DesiredAliases, b: DesiredAliases): boolean {
  return a.organizationId === b.organizationId && a.entityId === b.entityId;
}

/** The addresses of `list` that `other` does not declare (case-insensitively). */
export function notIn(list: readonly string[], other: readonly string[]): string[] {
  return list.filter((alias) => !other.some((o) => sameText(o, alias)));
}
