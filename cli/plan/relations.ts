/**
 * An alias set (`Custom::WorkMailAlias`), a delegation (`Custom::WorkMailDelegate`) and a mailbox's
 * permission set (`Custom::WorkMailMailboxPermissions`), as the handler would take them: a set adds
 * what it declares and removes only what it declared before; a delegation that changes in any way is replaced.
 */
import { callFailure, changeOf, differencesOf, domainOf, PlanContext, sameProperties } from './context';
import type { DeployedResource } from './deployed';
import type { PlanAction, PlanChange } from './types';
import { referencedEntity, shown } from '../drift/compare';
import type { Declaration } from '../drift/declarations';
import { hasReference } from '../drift/references';

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && !hasReference(v)) : []);

/** The entity a relation names (`EntityId`, `ResourceId`), by name when it can be told. */
async function ownerOf(ctx: PlanContext, declaration: Declaration, property: string) {
  const organizationId = declaration.properties.OrganizationId;
  if (typeof organizationId !== 'string' || hasReference(organizationId)) return undefined;
  const org = ctx.live.organization(organizationId);
  const ref = await referencedEntity({ live: ctx.live, findings: undefined as never, entities: ctx.entities }, declaration.properties[property], org);
  return { org, ref, name: ref.known ? shown(ref) || `[${declaration.logicalId}]` : `[${declaration.logicalId}]` };
}

/** Why adding `alias` would fail: held by an entity other than its owner, or in a domain the organization lacks. */
async function aliasFailure(alias: string, owner: NonNullable<Awaited<ReturnType<typeof ownerOf>>>): Promise<string | undefined> {
  const { org } = owner;
  const kind = (owner.ref.known ? owner.ref.kind : undefined) ?? 'user';
  const known = owner.ref.known ? owner.ref : undefined;
  const ref = { kind, organizationId: org.organizationId, name: known?.name, id: known?.id };
  const entities = await org.entities();
  const holder = [...entities?.byId.values() ?? []].find((e) => same(e.email, alias) && !same(e.name, ref.name));
  if (holder) {
    return callFailure('CreateAlias', ref, 'EmailAddressInUseException',
      `The address ${alias} is already held by another entity of organization ${org.organizationId}: remove it there first, or declare another alias`);
  }
  if (entities !== undefined && !(await org.mailDomains()).includes(domainOf(alias))) {
    return callFailure('CreateAlias', ref, 'MailDomainNotFoundException',
      `The domain ${domainOf(alias)} of the alias ${alias} is not a mail domain of organization ${org.organizationId}: `
      + 'add and verify it in WorkMail, or declare an address in one of its domains');
  }
  return undefined;
}

export async function planAliasSet(ctx: PlanContext, declaration: Declaration, deployed: DeployedResource | undefined):
Promise<PlanAction | undefined> {
  if (deployed && sameProperties(declaration.properties, deployed.declaration.properties)) return undefined;
  const owner = await ownerOf(ctx, declaration, 'EntityId');
  const head = { kind: 'aliases' as const, name: owner?.name ?? `[${declaration.logicalId}]`, stack: declaration.stack, logicalId: declaration.logicalId };
  const action = deployed ? 'update' as const : 'create' as const;
  if (!owner) return { ...head, action, changes: [], reason: 'its organization is known only once deployed' };
  const declared = list(declaration.properties.Aliases);
  const before = deployed ? list(deployed.declaration.properties.Aliases) : [];
  const missing = new Set((await differencesOf(ctx, declaration)).filter((d) => d.field === 'aliases').map((d) => d.declared));
  const changes: PlanChange[] = [];
  let failure: string | undefined;
  for (const alias of declared.filter((a) => missing.has(a))) {
    const drift = before.some((b) => same(b, alias));
    changes.push(changeOf({ field: 'aliases', declared: alias } as never, drift));
    failure ??= await aliasFailure(alias, owner);
  }
  for (const alias of before.filter((b) => !declared.some((a) => same(a, b)))) changes.push({ field: 'aliases', from: alias });
  return { ...head, action, changes, reason: deployed ? '' : 'new alias set', ...(failure ? { failure } : {}) };
}

export async function planDelegation(ctx: PlanContext, declaration: Declaration, deployed: DeployedResource | undefined):
Promise<PlanAction | undefined> {
  if (deployed && sameProperties(declaration.properties, deployed.declaration.properties)) return undefined;
  const resource = await ownerOf(ctx, declaration, 'ResourceId');
  const delegate = await ownerOf(ctx, declaration, 'EntityId');
  const head = { kind: 'delegate' as const, name: resource?.name ?? `[${declaration.logicalId}]`, stack: declaration.stack, logicalId: declaration.logicalId };
  const to = delegate?.name;
  if (!deployed) return { ...head, action: 'create', changes: [{ field: 'delegates', to }], reason: 'new delegation' };
  const was = await ownerOf(ctx, deployed.declaration, 'EntityId');
  return { ...head, action: 'replace', changes: [{ field: 'delegates', from: was?.name, to }], reason: 'a delegation is replaced by any change: the old one is removed (no mailbox is touched)' };
}

/** A permission set's grants as the plan shows them: grantee (by name when it can be told) → its permissions, sorted. */
export function declaredGrants(value: unknown): Array<{ granteeId: unknown; permissions: string }> {
  if (!Array.isArray(value)) return [];
  return value.filter((g) => typeof g === 'object' && g !== null).map((g: Record<string, unknown>) => ({
    granteeId: g.GranteeId,
    permissions: (Array.isArray(g.Permissions) ? g.Permissions.map(String) : []).sort().join(', '),
  }));
}

/** The grants the two declarations differ by: what the handler writes (it then reads the set back, restoring declared grants). */
export async function planPermissionSet(ctx: PlanContext, declaration: Declaration, deployed: DeployedResource | undefined):
Promise<PlanAction | undefined> {
  if (deployed && sameProperties(declaration.properties, deployed.declaration.properties)) return undefined;
  const owner = await ownerOf(ctx, declaration, 'EntityId');
  const head = { kind: 'permissions' as const, name: owner?.name ?? `[${declaration.logicalId}]`, stack: declaration.stack, logicalId: declaration.logicalId };
  const nameOf = async (granteeId: unknown): Promise<string> => {
    if (!owner) return String(granteeId);
    const ref = await referencedEntity({ live: ctx.live, findings: undefined as never, entities: ctx.entities }, granteeId, owner.org);
    return ref.known ? shown(ref) || String(granteeId) : String(granteeId);
  };
  const named = async (value: unknown) => Promise.all(declaredGrants(value).map(async (g) => ({
    grantee: await nameOf(g.granteeId), permissions: g.permissions,
  })));
  const declared = await named(declaration.properties.Grants);
  const before = deployed ? await named(deployed.declaration.properties.Grants) : [];
  const changes: PlanChange[] = [];
  for (const grant of declared) {
    const was = before.find((b) => same(b.grantee, grant.grantee));
    if (was === undefined) changes.push({ field: `permissions of ${grant.grantee}`, to: grant.permissions });
    else if (was.permissions !== grant.permissions) changes.push({ field: `permissions of ${grant.grantee}`, from: was.permissions, to: grant.permissions });
  }
  for (const was of before.filter((b) => !declared.some((d) => same(d.grantee, b.grantee)))) {
    changes.push({ field: `permissions of ${was.grantee}`, from: was.permissions });
  }
  return { ...head, action: deployed ? 'update' : 'create', changes, reason: deployed ? '' : 'new permission set' };
}
