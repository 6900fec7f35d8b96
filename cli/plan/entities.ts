/**
 * A user, group or bookable resource of the app, as the handler would take it: created, adopted (an
 * existing entity of the name, with `adoptExisting`), updated in place, replaced (what the kind cannot
 * change in place), or left alone (its properties did not change, so CloudFormation sends no event).
 * What the handler would refuse is said with its message.
 */
import { callFailure, changeOf, differencesOf, PlanContext, sameProperties } from './context';
import type { DeployedResource } from './deployed';
import { CREATE_OPERATION, fateOf, holdsMail, KINDS, parseAs, replacementOf, repairs, same } from './kind-rules';
import { addressFailure, bookingFailure, nameTakenFailure } from './refusals';
import type { PlanAction, PlanChange } from './types';
import { MailEntityDeclaration, parsePhysicalId, registeredEmail } from '../../lambda/reconcilers/mail-entity';
import type { Replacement } from '../../lambda/reconcilers/mail-entity';
import type { DesiredResource } from '../../lambda/reconcilers/resource';
import type { DriftDifference } from '../drift';
import { KIND_OF_TYPE, plainString } from '../drift/compare';
import type { Declaration } from '../drift/declarations';
import type { LiveOrganization } from '../drift/live';
import { hasReference } from '../drift/references';
import type { EntityKindName } from '../model';

function base(declaration: Declaration, kind: EntityKindName, name: string): Pick<PlanAction, 'kind' | 'name' | 'stack' | 'logicalId'> {
  return { kind, name, stack: declaration.stack, logicalId: declaration.logicalId };
}

/** A declaration that is not deployed: created, or an existing entity adopted. */
async function planNew(ctx: PlanContext, declaration: Declaration, kind: EntityKindName, desired: MailEntityDeclaration,
  org: LiveOrganization): Promise<PlanAction> {
  const head = base(declaration, kind, desired.name);
  const entities = await org.entities();
  const ref = { kind, organizationId: org.organizationId, name: desired.name };
  if (entities === undefined) {
    return { ...head, action: 'create', changes: [], reason: 'new', failure: callFailure(CREATE_OPERATION[kind], ref, 'OrganizationNotFoundException', `No organization ${org.organizationId} exists in this account and region`) };
  }
  const holder = entities.byName.get(desired.name.toLowerCase());
  if (holder && desired.adoptExisting) {
    if (holder.kind !== kind) {
      const others = (['user', 'group', 'resource'] as const).filter((k) => k !== kind).map((k) => `a ${k}`).join(' or ');
      return {
        ...head,
        action: 'adopt',
        changes: [],
        reason: `the name is held by ${holder.kind} '${holder.name}'`,
        failure: callFailure(CREATE_OPERATION[kind], ref, 'NameAvailabilityException',
          `adoptExisting is set, but ${KINDS[kind].listOperation} shows no ${kind} named '${desired.name}': the name is held by ${others}, which a ${KINDS[kind].construct} cannot adopt`),
      };
    }
    const changes = (await differencesOf(ctx, declaration)).map((d) => changeOf(d));
    const failure = await addressFailure(org, kind, desired, holder.id, 'RegisterToWorkMail');
    return { ...head, action: 'adopt', changes, reason: `the existing ${kind} is taken over and never deleted by the stack`, ...(failure ? { failure } : {}) };
  }
  if (holder) {
    return {
      ...head,
      action: 'create',
      changes: [],
      reason: `the name is held by ${holder.kind} '${holder.name}'`,
      failure: nameTakenFailure(kind, org.organizationId, desired.name),
    };
  }
  const email = registeredEmail(desired);
  const changes: PlanChange[] = email === undefined ? [] : [{ field: 'email', to: email }];
  const failure = await addressFailure(org, kind, desired, undefined, 'RegisterToWorkMail')
    ?? bookingFailure(kind, desired, org.organizationId, (desired as DesiredResource).delegates?.length ?? 0);
  const reason = email === undefined ? `new ${kind}, not registered (no mailbox)` : holdsMail(kind) ? `new mailbox ${email}` : `new ${kind} address ${email}`;
  return { ...head, action: 'create', changes, reason, ...(failure ? { failure } : {}) };
}

/** A deployed entity the declaration replaces: a new one is made, then the old one goes under the UpdateReplacePolicy. */
async function planReplace(declaration: Declaration, deployed: DeployedResource, kind: EntityKindName, desired: MailEntityDeclaration,
  old: MailEntityDeclaration, replacement: Replacement & { change: PlanChange }, org: LiveOrganization): Promise<PlanAction> {
  const fate = fateOf(kind, old.name, deployed.physicalId, declaration.updateReplacePolicy, 'UpdateReplacePolicy');
  const { id } = parsePhysicalId(deployed.physicalId);
  const head = {
    ...base(declaration, kind, desired.name),
    action: 'replace' as const,
    changes: [replacement.change],
    reason: `${replacement.reason}: the old ${fate.text}`,
    ...(holdsMail(kind) && !fate.kept ? { destroysMailbox: true as const } : {}),
  };
  const current = (await org.entities())?.byId.get(id);
  const email = registeredEmail(desired);
  const sameOrganization = old.organizationId === desired.organizationId;
  // update.ts's refusals: the address, or the name, the old entity still holds.
  if (sameOrganization && email !== undefined && current && same(current.email, email)) {
    return {
      ...head,
      failure: `Cannot replace ${kind} '${old.name}' (${id}) by ${kind} '${desired.name}' in organization ${desired.organizationId}: `
      + `the address ${email} still belongs to the ${kind} being replaced, and WorkMail cannot move an address between two ${kind}s `
      + `in one deployment (the old ${kind} is deleted only after the new one exists). Nothing was created. `
      + `Keep ${replacement.keep}, or give the ${replacement.successor} another address (or none) first and move ${email} in a later deployment `
      + `(a retained old ${kind} keeps the address until it is removed)`,
    };
  }
  if (sameOrganization && current && same(current.name, desired.name)) {
    return {
      ...head,
      failure: `Cannot replace ${kind} '${old.name}' (${id}) by a new ${kind} '${desired.name}' in organization ${desired.organizationId} (${replacement.reason}): `
      + `the name '${desired.name}' still belongs to the ${kind} being replaced, and WorkMail names are unique in an organization `
      + `(the old ${kind} is deleted only after the new one exists). Nothing was created. `
      + `Keep ${replacement.keep}, or give the ${replacement.successor} another name in the same change`,
    };
  }
  const holder = (await org.entities())?.byName.get(desired.name.toLowerCase());
  if (holder && !desired.adoptExisting) {
    return {
      ...head,
      failure: nameTakenFailure(kind, desired.organizationId, desired.name),
    };
  }
  const failure = await addressFailure(org, kind, desired, undefined, 'RegisterToWorkMail');
  return failure ? { ...head, failure } : head;
}

const key = (d: DriftDifference) => JSON.stringify([d.field, d.declared ?? null]);

/** Members or delegates the previous declaration named and this one no longer does: removed if the entity still has them. */
async function removedFromRelation(ctx: PlanContext, declaration: Declaration, deployed: Declaration, property: 'Members' | 'Delegates'): Promise<PlanChange[]> {
  const before = Array.isArray(deployed.properties[property]) ? deployed.properties[property] as unknown[] : [];
  const after = Array.isArray(declaration.properties[property]) ? declaration.properties[property] as unknown[] : [];
  const gone = before.filter((v) => !after.includes(v));
  if (gone.length === 0) return [];
  // The deployed declaration alone: every member it names and the entity lacks is a difference, the rest are held.
  const onlyGone = await differencesOf(ctx, { ...deployed, properties: { ...deployed.properties, [property]: gone } });
  const missing = new Set(onlyGone.filter((d) => d.field === property.toLowerCase()).map((d) => d.declared));
  const org = ctx.live.organization(String(deployed.properties.OrganizationId));
  const byId = (await org.entities())?.byId;
  return gone.map((id) => byId?.get(String(id))?.name ?? String(id)).filter((name) => !missing.has(name))
    .map((name) => ({ field: property.toLowerCase(), from: name }));
}

/** A deployed entity whose declaration changed in place: the changes the handler writes, drift it puts back marked. */
async function planUpdate(ctx: PlanContext, declaration: Declaration, deployed: DeployedResource, kind: EntityKindName,
  desired: MailEntityDeclaration, old: MailEntityDeclaration, org: LiveOrganization): Promise<PlanAction | undefined> {
  const head = base(declaration, kind, desired.name);
  const [now, before] = await Promise.all([differencesOf(ctx, declaration), differencesOf(ctx, deployed.declaration)]);
  const deployedAlready = new Set(before.map(key));
  const changes: PlanChange[] = [];
  let unrepaired = 0;
  for (const d of now) {
    const drift = deployedAlready.has(key(d));
    if (drift && !repairs(kind, desired, old, d.field)) unrepaired++;
    else changes.push(changeOf(d, drift));
  }
  for (const property of ['Members', 'Delegates'] as const) {
    if (property in declaration.properties || property in deployed.declaration.properties) {
      const listed = new Set(changes.map((c) => JSON.stringify([c.field, c.from ?? null, c.to ?? null])));
      // An exclusive set's drift comparison already lists what nobody declares.
      changes.push(...(await removedFromRelation(ctx, declaration, deployed.declaration, property))
        .filter((c) => !listed.has(JSON.stringify([c.field, c.from ?? null, null]))));
    }
  }
  const { id } = parsePhysicalId(deployed.physicalId);
  const emailChanges = !same(registeredEmail(desired), registeredEmail(old));
  let failure = emailChanges ? await addressFailure(org, kind, desired, id, 'UpdatePrimaryEmailAddress') : undefined;
  // Only a resource declared not to auto-accept needs a delegate left after the change.
  if (!failure && kind === 'resource' && (desired as DesiredResource).bookingOptions?.AutoAcceptRequests === false) {
    const live = (await org.entities())?.byId.get(id);
    const delegates = live ? (await org.delegates(id)).length : 0;
    const added = changes.filter((c) => c.field === 'delegates' && c.to !== undefined).length;
    const removed = changes.filter((c) => c.field === 'delegates' && c.to === undefined).length;
    failure = bookingFailure(kind, desired, org.organizationId, delegates + added - removed);
  }
  const notes = [
    ...(changes.length === 0 ? ['its properties changed, but the live entity already holds what they declare'] : []),
    ...(unrepaired > 0 ? [`${unrepaired} field(s) changed by hand stay as they are (the declaration of those did not change; see drift)`] : []),
  ];
  const reason = notes.join('; ');
  return { ...head, action: 'update', changes, reason, ...(failure ? { failure } : {}) };
}

/** The action for one user, group or resource declaration; undefined when nothing changes. */
export async function planMailEntity(ctx: PlanContext, declaration: Declaration, deployed: DeployedResource | undefined):
Promise<PlanAction | undefined> {
  const kind = KIND_OF_TYPE[declaration.type];
  const shownName = plainString(declaration.properties.Name) ?? `[${declaration.logicalId}]`;
  if (deployed && sameProperties(declaration.properties, deployed.declaration.properties)) return undefined;
  let desired: MailEntityDeclaration;
  try {
    desired = parseAs(declaration, kind, false);
  } catch (err) {
    return { ...base(declaration, kind, shownName), action: deployed ? 'update' : 'create', changes: [], reason: 'the declaration does not parse', failure: (err as Error).message };
  }
  const organizationId = plainString(declaration.properties.OrganizationId);
  if (organizationId === undefined || hasReference(desired.name)) {
    return { ...base(declaration, kind, shownName), action: deployed ? 'update' : 'create', changes: [], reason: 'its organization or name is known only once deployed' };
  }
  const org = ctx.live.organization(organizationId);
  let old: MailEntityDeclaration | undefined;
  try {
    old = deployed && parseAs(deployed.declaration, kind, true);
  } catch {
    old = undefined;
  }
  if (!deployed || !old) return planNew(ctx, declaration, kind, desired, org);
  const replacement = replacementOf(kind, desired, old);
  if (replacement) return planReplace(declaration, deployed, kind, desired, old, replacement, org);
  return planUpdate(ctx, declaration, deployed, kind, desired, old, org);
}
