/**
 * What the handler's mail entity kinds decide, read from the kinds themselves where they say it: how a
 * declaration parses, what forces a replacement, what becomes of an entity that goes, and which drift an
 * update puts back.
 */
import type { PlanChange, PlanKind } from './types';
import type { RawProperties, ResourceLabel } from '../../lambda/properties';
import { groupKind } from '../../lambda/reconcilers/group';
import { MailEntityDeclaration, parsePhysicalId } from '../../lambda/reconcilers/mail-entity';
import type { Replacement } from '../../lambda/reconcilers/mail-entity';
import { DesiredResource, resourceKind } from '../../lambda/reconcilers/resource';
import { userKind } from '../../lambda/reconcilers/user';
import type { Declaration } from '../drift/declarations';
import type { EntityKindName } from '../model';

export interface KindRules {
  readonly construct: string;
  readonly listOperation: string;
  readonly renamesInPlace: boolean;
  parse(props: RawProperties, label: ResourceLabel): MailEntityDeclaration;
  replacement?(desired: never, previous: never): Replacement | undefined;
}

export const KINDS: Readonly<Record<EntityKindName, KindRules>> = { user: userKind, group: groupKind, resource: resourceKind } as never;
export const CREATE_OPERATION: Readonly<Record<EntityKindName, string>> = { user: 'CreateUser', group: 'CreateGroup', resource: 'CreateResource' };
export const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** A user's or a resource's mailbox holds mail; a group's address only forwards it. */
export function holdsMail(kind: PlanKind): boolean {
  return kind === 'user' || kind === 'resource';
}

/** What the old entity of a replacement, or an entity leaving the stack, becomes under its policy. */
export function fateOf(kind: PlanKind, name: string, physicalId: string, policy: string | undefined, policyName: string):
{ kept: boolean; text: string } {
  const what = `${kind} '${name}'`;
  if (parsePhysicalId(physicalId).adopted) return { kept: true, text: `${what} was adopted, so the stack never deletes it: it is kept` };
  if (policy === 'Retain' || policy === 'RetainExceptOnCreate') return { kept: true, text: `${what} is kept (${policyName} ${policy})` };
  return { kept: false, text: holdsMail(kind) ? `${what} is deleted, its mailbox and mail with it` : `${what} is deleted` };
}

export function parseAs(declaration: Declaration, kind: EntityKindName, stored: boolean): MailEntityDeclaration {
  const label = { resourceType: declaration.type, logicalId: declaration.logicalId, unresolvedValues: true, stored };
  return KINDS[kind].parse(declaration.properties, label);
}

/** What makes the new declaration another entity (update.ts's rule): organization, a user's or group's name, a resource's type. */
export function replacementOf(kind: EntityKindName, desired: MailEntityDeclaration, old: MailEntityDeclaration):
(Replacement & { change: PlanChange }) | undefined {
  if (old.organizationId !== desired.organizationId) {
    return { reason: 'organization changed', keep: '', successor: '', change: { field: 'organization', from: old.organizationId, to: desired.organizationId } };
  }
  if (!KINDS[kind].renamesInPlace && !same(old.name, desired.name)) {
    return { reason: 'name changed', keep: `the name '${old.name}'`, successor: `renamed ${kind}`, change: { field: 'name', from: old.name, to: desired.name } };
  }
  const other = KINDS[kind].replacement?.(desired as never, old as never);
  return other && { ...other, change: { field: 'type', from: (old as DesiredResource).type, to: (desired as DesiredResource).type } };
}

const BOOKING_FLAGS = ['AutoAcceptRequests', 'AutoDeclineRecurringRequests', 'AutoDeclineConflictingRequests'] as const;

/**
 * Whether the handler puts `field` back when it changed by hand (update.ts): a user is always read and
 * converged, so is an entity whose registration (email, enabled, aliases) changes or a resource whose
 * booking options change without declaring all three flags; otherwise a group or a resource writes only
 * the fields whose declaration changed (convergeUnread), though it always reads its members or delegates back.
 */
export function repairs(kind: EntityKindName, desired: MailEntityDeclaration, old: MailEntityDeclaration, field: string): boolean {
  if (kind === 'user' || field === 'members' || field === 'delegates') return true;
  if (desired.email !== old.email || desired.enabled !== old.enabled || JSON.stringify(desired.aliases) !== JSON.stringify(old.aliases)) return true;
  const [booking, before] = [(desired as DesiredResource).bookingOptions, (old as DesiredResource).bookingOptions];
  return kind === 'resource' && JSON.stringify(booking ?? {}) !== JSON.stringify(before ?? {}) && BOOKING_FLAGS.some((flag) => booking?.[flag] === undefined);
}
