/**
 * Destroy: a stack delete. Every resource of the state is deleted, dependents
 * first (by the dependencies recorded when it was deployed; a custom resource
 * before the IAM policy that grants its handler the calls it makes), up to
 * `concurrency` at once, with the properties it was last deployed with, through
 * the providers of the deployed template (kept in the state file);
 * DeletionPolicy Retain (or RetainExceptOnCreate) skips the Delete. After a
 * failed Delete no other starts; once those in flight have finished, the
 * remaining resources stay in the state file and the error is thrown, as a
 * stack ends in DELETE_FAILED; run destroy again once the cause is fixed.
 * DescribeStacks answers DELETE_IN_PROGRESS meanwhile.
 */
import { deleteResource } from './delete-resource';
import { reversePlan } from './ordering';
import { concurrencyOf, schedule } from './scheduler';
import { Session } from './session';
import { openStackContext } from './stack-context';
import { LocalStackState, removeState, ResourceState, saveState, storedTimes } from './state';
import { LocalDeployError, LocalRunnerOptions, ResourceOutcome } from './types';

/** A Delete that failed, with CloudFormation's Reason. */
class DeleteFailure extends Error {}

export async function runDestroy(options: LocalRunnerOptions): Promise<ResourceOutcome[]> {
  const concurrency = concurrencyOf(options.concurrency);
  const ctx = openStackContext(options, 'destroy');
  const state = ctx.previous;
  if (!state) return [];
  const remaining: Record<string, ResourceState> = { ...state.resources };
  const retained = (entry: ResourceState) => entry.deletionPolicy === 'Retain' || entry.deletionPolicy === 'RetainExceptOnCreate';
  const plan = reversePlan(Object.keys(remaining), id => remaining[id]?.dependsOn ?? []);
  const providers = new Set(plan.ids
    .map(id => remaining[id])
    .filter(entry => !retained(entry) && entry.provider && ctx.providerTemplate(entry.provider))
    .map(entry => entry.provider!));

  const session = providers.size > 0 || plan.ids.some(id => remaining[id].provider) ? await Session.open(ctx, providers) : undefined;
  if (session) {
    session.stackStatus = 'DELETE_IN_PROGRESS';
    session.stackTimes = storedTimes(state);
  }
  const outcomes = new Map<string, ResourceOutcome>();
  try {
    const { failures } = await schedule({ ...plan, concurrency, stopOnFailure: true }, async (id) => {
      const entry = remaining[id];
      if (retained(entry)) {
        ctx.log(`DELETE_SKIPPED ${entry.type} ${id} ${entry.physicalId}`);
        outcomes.set(id, { logicalId: id, type: entry.type, action: 'RETAIN', physicalId: entry.physicalId });
      } else {
        const failed = await deleteResource(ctx, session, id, entry);
        if (failed) throw new DeleteFailure(failed.reason);
        outcomes.set(id, { logicalId: id, type: entry.type, action: 'DELETE', physicalId: entry.physicalId });
      }
      delete remaining[id];
    });
    if (failures.length > 0) {
      // What is left stays in the state file, as a stack in DELETE_FAILED; the first failure is the stack's.
      const left: LocalStackState = { ...state, resources: remaining, secrets: ctx.secrets.persisted() };
      saveState(ctx.stateFile, left);
      const { id, error } = failures[0];
      if (!(error instanceof DeleteFailure)) throw error;
      throw new LocalDeployError(id, ctx.redactor.redact(error.message), false);
    }
  } finally {
    await session?.close();
  }
  removeState(ctx.stateFile);
  return plan.ids.map(id => outcomes.get(id)!);
}
