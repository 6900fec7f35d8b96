/**
 * What every reconciler decides with: WorkMail's case-insensitive comparison,
 * and the one structured log line each decision gets.
 */
import { EntityRef } from '../errors';
import { HandlerDeps } from './reconciler';

/** WorkMail names and addresses are case-insensitive. */
export function sameText(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function logDecision(deps: HandlerDeps, decision: string, ref: EntityRef, fields: Record<string, string | number | undefined> = {}): void {
  deps.log.info('decision', { decision, organizationId: ref.organizationId, entityName: ref.name, entityId: ref.id, ...fields });
}
