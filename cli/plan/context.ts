/** What every part of a plan reads: the live organizations, the app's (resolved) declarations and the deployed stacks. */
import type { DriftDifference } from '../drift';
import type { DeployedStack } from './deployed';
import type { PlanChange } from './types';
import { EntityRef, WorkMailOperationError } from '../../lambda/errors';
import { WorkMailResourceType } from '../../src/provider/resource-properties';
import { compareAliases, compareDelegation, compareMailEntity, CompareContext } from '../drift/compare';
import type { Declaration } from '../drift/declarations';
import { Findings } from '../drift/findings';
import type { LiveWorkMail } from '../drift/live';

export interface PlanContext {
  readonly live: LiveWorkMail;
  /** The app's users, groups and resources by `stack` + logical id (for naming what a reference stands for). */
  readonly entities: ReadonlyMap<string, Declaration>;
  /** Every declaration of the app, resolved with the deployed values (for what depends on what). */
  readonly declarations: readonly Declaration[];
  /** The deployed stack by name; undefined: not deployed. */
  readonly deployed: ReadonlyMap<string, DeployedStack | undefined>;
}

/** Where a declaration (of the app or of the deployed stack) differs from the live organization, as `drift` reports it. */
export async function differencesOf(ctx: PlanContext, declaration: Declaration): Promise<DriftDifference[]> {
  const findings = new Findings();
  const compare: CompareContext = { live: ctx.live, findings, entities: ctx.entities };
  switch (declaration.type) {
    case WorkMailResourceType.ALIAS: await compareAliases(compare, declaration); break;
    case WorkMailResourceType.DELEGATE: await compareDelegation(compare, declaration); break;
    default: await compareMailEntity(compare, declaration);
  }
  return findings.differences;
}

/** A difference as the change the deployment makes: from the live value to the declared one. */
export function changeOf(difference: DriftDifference, drift = false): PlanChange {
  return { field: difference.field, from: difference.live, to: difference.declared, ...(drift ? { drift: true } : {}) };
}

/** The message the handler's failed call would give (the service's own text aside). */
export function callFailure(operation: string, entity: EntityRef, errorName: string, hint: string): string {
  return new WorkMailOperationError({ operation, entity, errorName, serviceMessage: '', attempts: 1, hint }).message;
}

/** Whether two declarations carry the same properties: CloudFormation then sends no Update at all. */
export function sameProperties(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
    }
    return value;
  };
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

export const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
