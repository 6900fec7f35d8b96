/**
 * One declaration against the live organization, kind by kind, by the handler's own reading of the
 * declaration (its parsers): what the handler leaves alone when it is not declared is not compared.
 * Entities are found by name; members and delegates are compared by name; values known only to a
 * deployed stack are unchecked.
 */
import type { DescribeResourceCommandOutput, DescribeUserCommandOutput } from '@aws-sdk/client-workmail';
import { parseGroup } from '../../lambda/reconcilers/group';
import { MailEntityDeclaration } from '../../lambda/reconcilers/mail-entity';
import { parseResource } from '../../lambda/reconcilers/resource';
import { parseUser } from '../../lambda/reconcilers/user';
import { USER_DIRECTORY_ATTRIBUTES, WorkMailResourceType } from '../../src/provider/resource-properties';
import type { EntityKindName } from '../model';
import type { Declaration } from './declarations';
import { EntityFindings, fieldOf, Findings } from './findings';
import { LiveEntity, LiveOrganization, LiveWorkMail } from './live';
import { asReference, describeReference, hasReference, unknownReason } from './references';

export const KIND_OF_TYPE: Readonly<Record<string, EntityKindName>> = {
  [WorkMailResourceType.USER]: 'user',
  [WorkMailResourceType.GROUP]: 'group',
  [WorkMailResourceType.RESOURCE]: 'resource',
};
const KIND_OF_ENTITY_TYPE: Readonly<Record<string, EntityKindName>> = { USER: 'user', GROUP: 'group', RESOURCE: 'resource' };
const ID_ATTRIBUTE: Readonly<Record<EntityKindName, string>> = { user: 'UserId', group: 'GroupId', resource: 'ResourceId' };

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const flag = (value: boolean | undefined) => (value === undefined ? undefined : String(value));

/** A declared reference to an entity (a member, a delegate, an alias set's owner), as far as it can be named. */
export type EntityReference =
  | { readonly known: true; readonly name?: string; readonly id?: string; readonly kind?: EntityKindName }
  | { readonly known: false; readonly reason: string };

export interface CompareContext {
  readonly live: LiveWorkMail;
  readonly findings: Findings;
  /** The app's users, groups and resources by `stack` + logical id. */
  readonly entities: ReadonlyMap<string, Declaration>;
}

export function declarationKey(stack: string, logicalId: string): string {
  return `${stack}\u0000${logicalId}`;
}

export function plainString(value: unknown): string | undefined {
  return typeof value === 'string' && !hasReference(value) && value !== '' ? value : undefined;
}

/** The name of what a member, delegate or owner value stands for: a declared entity's name, or a literal id looked up live. */
export async function referencedEntity(ctx: CompareContext, value: unknown, org: LiveOrganization): Promise<EntityReference> {
  const ref = asReference(value);
  if (ref) {
    const target = ctx.entities.get(declarationKey(ref.stack, ref.logicalId));
    const kind = target && KIND_OF_TYPE[target.type];
    const name = target && plainString(target.properties.Name);
    if (kind && name && ref.attribute === ID_ATTRIBUTE[kind]) return { known: true, name, kind };
    return { known: false, reason: `${describeReference(ref)} is known only to a deployed stack` };
  }
  if (hasReference(value)) return { known: false, reason: unknownReason(value) };
  const id = plainString(value);
  if (id === undefined) return { known: false, reason: 'no entity id is declared' };
  const found = (await org.entities())?.byId.get(id);
  return { known: true, id, name: found?.name, kind: found?.kind };
}

/** How a referenced entity is shown: its name, else its id. */
export function shown(ref: { name?: string; id?: string }): string {
  return ref.name ?? ref.id ?? '';
}

/** The live entity of that name and kind, or undefined (absent, DELETED, another kind, or no such organization). */
export async function findByName(org: LiveOrganization, kind: EntityKindName, name: string): Promise<LiveEntity | undefined> {
  const found = (await org.entities())?.byName.get(name.toLowerCase());
  return found?.kind === kind ? found : undefined;
}

async function missingReason(org: LiveOrganization): Promise<string> {
  return (await org.entities()) === undefined ? `false (no organization ${org.organizationId})` : 'false';
}

/**
 * A relation declared by name (members, delegates) against the live one: declared entries missing
 * live are differences; with `exclusive`, so are live entries nobody declared.
 */
async function compareRelation(ctx: CompareContext, out: EntityFindings, org: LiveOrganization, property: 'Members' | 'Delegates',
  declared: readonly string[], exclusive: boolean, liveIds: () => Promise<string[]>): Promise<void> {
  const field = fieldOf(property);
  const refs = await Promise.all(declared.map((value) => referencedEntity(ctx, value, org)));
  const byId = (await org.entities())?.byId;
  const live = (await liveIds()).map((id) => byId?.get(id)?.name ?? id);
  const holds = (names: string[], entry: string) => names.some((n) => sameText(n, entry));
  const known: string[] = [];
  // Items the resolver refused are already reported unchecked (uncheckedUnresolvable).
  let unknown = [...out.unresolvableProperties()].filter((p) => p.startsWith(`${property}[`)).length;
  for (const ref of refs) {
    if (!ref.known) {
      unknown++;
      out.unchecked(field, ref.reason);
      continue;
    }
    known.push(shown(ref));
    if (!holds(live, shown(ref))) out.difference(field, shown(ref), undefined);
  }
  if (!exclusive) return;
  if (unknown > 0) {
    out.unchecked(field, `${unknown} declared ${field} cannot be named without a deployed stack, so ${field} nobody declared are not checked`);
    return;
  }
  for (const name of live) if (!holds(known, name)) out.difference(field, undefined, name);
}

/** Registration and primary address, as the handler converges them. */
function compareMail(out: EntityFindings, desired: MailEntityDeclaration, live: { State?: string; Email?: string }): void {
  const registered = live.State === 'ENABLED';
  // No email and no Enabled: the handler neither registers nor deregisters the entity.
  const declaredRegistered = desired.enabled === false ? false : desired.email !== undefined ? true : undefined;
  if (declaredRegistered !== undefined && declaredRegistered !== registered) out.difference('enabled', String(declaredRegistered), String(registered));
  if (declaredRegistered && registered) out.compare('email', desired.email, live.Email, sameText);
}

function compareHidden(out: EntityFindings, desired: MailEntityDeclaration, live: { HiddenFromGlobalAddressList?: boolean }): void {
  out.compare('hiddenFromAddressList', flag(desired.hidden), String(live.HiddenFromGlobalAddressList ?? false));
}

const PARSERS = { user: parseUser, group: parseGroup, resource: parseResource };

/** A user, group or bookable resource. */
export async function compareMailEntity(ctx: CompareContext, declaration: Declaration): Promise<void> {
  const kind = KIND_OF_TYPE[declaration.type];
  const name = plainString(declaration.properties.Name);
  const out = ctx.findings.about(declaration, { kind, name: name ?? `[${declaration.logicalId}]` });
  out.uncheckedUnresolvable();
  const organizationId = plainString(declaration.properties.OrganizationId);
  for (const [property, value] of [['OrganizationId', organizationId], ['Name', name]] as const) {
    if (value !== undefined) continue;
    if (!declaration.unresolvable.has(property)) out.unchecked(fieldOf(property), unknownReason(declaration.properties[property]));
    out.unchecked('exists', `the entity cannot be found without its ${fieldOf(property)}`);
    return;
  }
  let desired;
  try {
    desired = PARSERS[kind](declaration.properties, { resourceType: declaration.type, logicalId: declaration.logicalId, unresolvedValues: true });
  } catch (err) {
    out.unchecked('exists', `the declaration cannot be read: ${(err as Error).message}`);
    return;
  }
  const org = ctx.live.organization(organizationId!);
  const found = await findByName(org, kind, name!);
  if (!found) {
    out.difference('exists', 'true', await missingReason(org));
    return;
  }
  const live = await org.describe(found);
  compareMail(out, desired, live);
  compareHidden(out, desired, live);
  if ('displayName' in desired) {
    const user = live as DescribeUserCommandOutput;
    out.compare('displayName', desired.displayName, user.DisplayName);
    for (const attribute of USER_DIRECTORY_ATTRIBUTES) out.compare(fieldOf(attribute), desired.attributes?.[attribute], user[attribute]);
  }
  if ('members' in desired && (desired.members !== undefined || desired.exclusiveMembers)) {
    await compareRelation(ctx, out, org, 'Members', desired.members ?? [], desired.exclusiveMembers, () => org.members(found.id));
  }
  if ('type' in desired) {
    const resource = live as DescribeResourceCommandOutput;
    out.compare('type', desired.type, resource.Type);
    out.compare('description', desired.description, resource.Description);
    for (const [option, value] of Object.entries(desired.bookingOptions ?? {})) {
      const liveValue = resource.BookingOptions?.[option as keyof typeof resource.BookingOptions] ?? false;
      out.compare(`bookingOptions.${fieldOf(option)}`, flag(value), String(liveValue));
    }
    if (desired.delegates !== undefined || desired.exclusiveDelegates) {
      await compareRelation(ctx, out, org, 'Delegates', desired.delegates ?? [], desired.exclusiveDelegates, () => org.delegates(found.id));
    }
  }
}

/** The organization and entity a relation resource (alias set, delegation) names, or why it cannot be checked. */
async function relationOwner(ctx: CompareContext, declaration: Declaration, property: string, kind: EntityKindName | undefined):
Promise<{ out: EntityFindings; org?: LiveOrganization; owner?: LiveEntity }> {
  const organizationId = plainString(declaration.properties.OrganizationId);
  const org = organizationId === undefined ? undefined : ctx.live.organization(organizationId);
  const ref: EntityReference = org
    ? await referencedEntity(ctx, declaration.properties[property], org)
    : { known: false, reason: declaration.unresolvable.get('OrganizationId') ?? unknownReason(declaration.properties.OrganizationId) };
  const entityKind = (ref.known ? ref.kind : undefined) ?? kind ?? 'user';
  const name = ref.known ? ref.name ?? `[${ref.id}]` : `[${declaration.logicalId}]`;
  const out = ctx.findings.about(declaration, { kind: entityKind, name });
  out.uncheckedUnresolvable();
  if (!ref.known || !org) {
    if (!declaration.unresolvable.has(property)) out.unchecked(fieldOf(property), ref.known ? 'the organization is not known' : ref.reason);
    return { out };
  }
  const owner = ref.name !== undefined ? await findByName(org, entityKind, ref.name) : undefined;
  return { out, org, owner };
}

/** A `Custom::WorkMailAlias`: every declared alias must be an address of its entity (extra aliases are not drift). */
export async function compareAliases(ctx: CompareContext, declaration: Declaration): Promise<void> {
  const { out, org, owner } = await relationOwner(ctx, declaration, 'EntityId', KIND_OF_ENTITY_TYPE[String(declaration.properties.EntityType)]);
  if (!org) return;
  const declared = Array.isArray(declaration.properties.Aliases) ? declaration.properties.Aliases as unknown[] : [];
  let held: string[] = [];
  if (owner) {
    const live = await org.describe(owner);
    // ListAliases may list the primary address; an alias that became the primary address is held too.
    if (live.State === 'ENABLED') held = [...await org.aliases(owner.id), live.Email ?? ''];
  }
  for (const alias of declared) {
    if (typeof alias !== 'string' || hasReference(alias)) {
      out.unchecked('aliases', unknownReason(alias));
    } else if (!held.some((address) => sameText(address, alias))) {
      out.difference('aliases', alias, undefined);
    }
  }
}

/** A `Custom::WorkMailDelegate`: the delegate must be one of the resource's delegates. */
export async function compareDelegation(ctx: CompareContext, declaration: Declaration): Promise<void> {
  const { out, org, owner } = await relationOwner(ctx, declaration, 'ResourceId', 'resource');
  if (!org) return;
  const delegate = await referencedEntity(ctx, declaration.properties.EntityId, org);
  if (!delegate.known) {
    if (!declaration.unresolvable.has('EntityId')) out.unchecked('delegates', delegate.reason);
    return;
  }
  const liveIds = owner ? await org.delegates(owner.id) : [];
  const byId = (await org.entities())?.byId;
  const live = liveIds.map((id) => byId?.get(id)?.name ?? id);
  if (!live.some((name) => sameText(name, shown(delegate)))) out.difference('delegates', shown(delegate), undefined);
}

/**
 * A `Custom::WorkMailMailboxPermissions`: each declared grantee must hold exactly its declared values (a Put
 * replaces them); with Exclusive, a grantee nobody declared is drift too.
 */
export async function compareMailboxPermissions(ctx: CompareContext, declaration: Declaration): Promise<void> {
  const { out, org, owner } = await relationOwner(ctx, declaration, 'EntityId', undefined);
  if (!org) return;
  const field = fieldOf('Grants');
  const declared = Array.isArray(declaration.properties.Grants) ? declaration.properties.Grants as Array<Record<string, unknown>> : [];
  const byId = (await org.entities())?.byId;
  const live = (owner ? await org.permissions(owner.id) : []).map((g) => ({ name: byId?.get(g.granteeId)?.name ?? g.granteeId, values: g.values }));
  const text = (name: string, values: readonly unknown[]) => `${name}: ${[...values].map(String).sort().join(', ')}`;
  const known: string[] = [];
  let unknown = [...out.unresolvableProperties()].filter((p) => p.startsWith('Grants[')).length;
  for (const grant of declared) {
    const ref = await referencedEntity(ctx, grant.GranteeId, org);
    if (!ref.known) {
      unknown++;
      out.unchecked(field, ref.reason);
      continue;
    }
    const name = shown(ref);
    known.push(name);
    const values = Array.isArray(grant.Permissions) ? grant.Permissions : [];
    const held = live.find((g) => sameText(g.name, name));
    if (held === undefined) out.difference(field, text(name, values), undefined);
    else if (text(name, values) !== text(name, held.values)) out.difference(field, text(name, values), text(name, held.values));
  }
  if (String(declaration.properties.Exclusive) !== 'true') return;
  if (unknown > 0) {
    out.unchecked(field, `${unknown} declared ${field} cannot be named without a deployed stack, so ${field} nobody declared are not checked`);
    return;
  }
  for (const held of live) if (!known.some((n) => sameText(n, held.name))) out.difference(field, undefined, text(held.name, held.values));
}
