/** What `--fail-on-destroy` refuses: a user's or a resource's mailbox (and its mail) deleted, or replaced with the old one deleted. */
import type { PlanAction, PlanReport } from './types';

export function destroysMailboxAction(action: PlanAction): boolean {
  return action.destroysMailbox === true;
}

export function destroysMailbox(report: PlanReport): boolean {
  return report.actions.some(destroysMailboxAction);
}
