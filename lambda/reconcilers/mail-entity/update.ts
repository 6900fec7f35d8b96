/**
 * Update an entity: converge it in place, or replace it when the declaration
 * changed what the entity cannot take in place (its organization, a user's or
 * a group's name beyond its case, a resource's type), refusing a replacement
 * that would need one address on two entities at once. Also recognises the
 * rollback of a failed replacement (the resource already is the declared
 * entity) and converges it, and the rollback of an update that registered the
 * entity, which it undoes.
 */
import type { CloudFormationCustomResourceUpdateEvent } from 'aws-lambda';
import { convergeEntity } from './converge';
import { createEntity } from './create';
import { MailEntityDeclaration, entityRef, parsePhysicalId, registeredEmail } from './declaration';
import { BoundKind, describeManaged, entityResult } from './entity';
import { ListedMailEntity, LiveMailEntity, Replacement } from './kind';
import { EntityStateError, describeEntity, isWorkMailError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { sameDeclaration } from '../declared-change';
import { LiveEntityRef, isGone } from '../entity-lifecycle';
import { HandlerDeps, ReconcileResult } from '../reconciler';

type Bound<Declared extends MailEntityDeclaration, Described extends LiveMailEntity> = BoundKind<Declared, Described, ListedMailEntity>;

/** What makes `desired` another entity than the one `old` declared; undefined when `old` is unknown or the change is in place. */
function replacementOf<Declared extends MailEntityDeclaration, Described extends LiveMailEntity>(
  { kind }: Bound<Declared, Described>, desired: Declared, old: Declared | undefined,
): Replacement | undefined {
  if (old === undefined) return undefined;
  if (old.organizationId !== desired.organizationId) {
    return { reason: 'organization changed', keep: `organization ${old.organizationId}`, successor: `moved ${kind.kind}` };
  }
  if (!kind.renamesInPlace && !sameText(old.name, desired.name)) {
    return { reason: 'name changed', keep: `the name '${old.name}'`, successor: `renamed ${kind.kind}` };
  }
  return kind.replacement?.(desired, old);
}

/** Whether the live entity already is the declared one in everything a replacement would change. */
function isDeclaredEntity<Declared extends MailEntityDeclaration, Described extends LiveMailEntity>(
  { kind }: Bound<Declared, Described>, actual: Described | undefined, desired: Declared,
): boolean {
  if (actual === undefined || isGone(actual)) return false;
  return (kind.renamesInPlace || sameText(actual.Name, desired.name)) && (kind.hasDeclaredIdentity?.(actual, desired) ?? true);
}

export async function updateEntity<Declared extends MailEntityDeclaration, Described extends LiveMailEntity>(
  bound: Bound<Declared, Described>, desired: Declared, old: Declared | undefined, event: CloudFormationCustomResourceUpdateEvent, deps: HandlerDeps,
): Promise<ReconcileResult> {
  const { kind } = bound;
  const ref = { ...entityRef(kind.kind, desired), id: parsePhysicalId(event.PhysicalResourceId).id };
  const replacement = replacementOf(bound, desired, old);
  let current: Described | undefined;
  if (replacement !== undefined || old === undefined) {
    // The resource may already be the declared entity: CloudFormation rolls a failed
    // replacement back by sending the old properties to the old id. Then converge in place.
    current = await kind.describe(deps, ref);
    if (!isDeclaredEntity(bound, current, desired)) {
      return replace(bound, event, desired, deps, current, old, replacement);
    }
    logDecision(deps, 'converge-in-place', ref, { reason: `the resource already is the declared ${kind.kind} (rollback of a replacement)` });
  } else if (!kind.renamesInPlace && old.name !== desired.name) {
    logDecision(deps, 'ignore-case-only-rename', ref, { reason: `${kind.kind} names are case-insensitive` });
  }
  if (current === undefined && old !== undefined && sameRegistration(desired, old) && !sameDeclaration(desired, old)
    && await convergeUnread(bound, deps, ref, desired, old)) {
    return entityResult(bound, event.PhysicalResourceId, desired);
  }
  const actual = current ?? await describeManaged(bound, deps, ref);
  // Only the rollback of an update that declared this very address may take it away again.
  const undoesRegistration = async () => old?.enabled !== false && sameText(actual.Email, old?.email)
    && deps.isRollingBack(event.StackId, deps.log);
  await convergeEntity(bound, deps, { ref, desired, actual, previous: old, takeOver: false }, undoesRegistration);
  // In place: the id stays as it is (an adopted entity stays adopted).
  return entityResult(bound, event.PhysicalResourceId, desired);
}

/** Whether two declarations ask the same registration (then an update makes no mail lifecycle call). */
function sameRegistration(desired: MailEntityDeclaration, old: MailEntityDeclaration): boolean {
  return desired.email === old.email && desired.enabled === old.enabled
    && desired.aliases.length === old.aliases.length && desired.aliases.every((alias, i) => alias === old.aliases[i]);
}

/**
 * The kind's update without Describe*; false when it needs the read. A call failing for want of
 * the entity is explained as Describe* would (deleted outside the stack).
 */
async function convergeUnread<Declared extends MailEntityDeclaration, Described extends LiveMailEntity>(
  bound: Bound<Declared, Described>, deps: HandlerDeps, ref: LiveEntityRef, desired: Declared, old: Declared,
): Promise<boolean> {
  if (bound.kind.convergeUnread === undefined) return false;
  try {
    return await bound.kind.convergeUnread(deps, ref, desired, old);
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException')) await describeManaged(bound, deps, ref);
    throw err;
  }
}

/** A new entity for the resource; CloudFormation deletes the old one once the new one exists. */
async function replace<Declared extends MailEntityDeclaration, Described extends LiveMailEntity>(
  bound: Bound<Declared, Described>,
  event: CloudFormationCustomResourceUpdateEvent,
  desired: Declared,
  deps: HandlerDeps,
  current: Described | undefined,
  old: Declared | undefined,
  replacement: Replacement | undefined,
): Promise<ReconcileResult> {
  const { kind } = bound;
  const oldRef = {
    kind: kind.kind, organizationId: old?.organizationId ?? desired.organizationId, name: old?.name, id: parsePhysicalId(event.PhysicalResourceId).id,
  };
  logDecision(deps, 'replace', oldRef, {
    reason: replacement?.reason ?? 'the resource holds another entity (its previous declaration is unknown)',
    newName: desired.name,
    newOrganizationId: desired.organizationId,
  });
  // The new entity cannot take an address the old one still holds.
  const email = registeredEmail(desired);
  if (replacement !== undefined && email !== undefined && old?.organizationId === desired.organizationId) {
    if (!isGone(current) && sameText(current?.Email, email)) {
      throw new EntityStateError(
        `Cannot replace ${describeEntity(oldRef)} by ${kind.kind} '${desired.name}' in organization ${desired.organizationId}: ` +
        `the address ${email} still belongs to the ${kind.kind} being replaced, and WorkMail cannot move an address between two ${kind.kind}s ` +
        `in one deployment (the old ${kind.kind} is deleted only after the new one exists). Nothing was created. ` +
        `Keep ${replacement.keep}, or give the ${replacement.successor} another address (or none) first and move ${email} in a later deployment ` +
        `(a retained old ${kind.kind} keeps the address until it is removed)`,
      );
    }
  }
  // Nor the name: names are unique in an organization (a resource's type change keeps its name).
  if (replacement !== undefined && old?.organizationId === desired.organizationId && !isGone(current) && sameText(current?.Name, desired.name)) {
    throw new EntityStateError(
      `Cannot replace ${describeEntity(oldRef)} by a new ${kind.kind} '${desired.name}' in organization ${desired.organizationId} (${replacement.reason}): ` +
      `the name '${desired.name}' still belongs to the ${kind.kind} being replaced, and WorkMail names are unique in an organization ` +
      `(the old ${kind.kind} is deleted only after the new one exists). Nothing was created. ` +
      `Keep ${replacement.keep}, or give the ${replacement.successor} another name in the same change`,
    );
  }
  return createEntity(bound, desired, deps, event.StackId, { physicalId: event.PhysicalResourceId, entity: oldRef });
}
