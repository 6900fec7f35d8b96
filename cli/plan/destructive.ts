/** What `--fail-on-destroy` refuses: a user's or a resource's mailbox (and its mail) deleted, or replaced with the old one deleted. */
import type { PlanAction, PlanReport } from './types';

export function destroysMailboxAction(action: PlanAction): boolean {
  if (action.kind !== 'user' && action.kind !== 'resource') return false;
  return action.action === 'delete' || (action.action === 'replace' && !action.reason.includes(' is kept'));
}

export function destroysMailbox(report: PlanReport): boolean {
  return report.actions.some(destroysMailboxAction);
}
