/**
 * Destroy: a stack delete. Every resource of the state is deleted, dependents
 * first (by the dependencies recorded when it was deployed; a custom resource
 * before the IAM policy that grants its handler the calls it makes), with the
 * properties it was last deployed with; DeletionPolicy Retain (or
 * RetainExceptOnCreate) skips the Delete. On a failed Delete the remaining
 * resources stay in the state file and the error is thrown, as a stack ends in
 * DELETE_FAILED; run destroy again once the cause is fixed. DescribeStacks
 * answers DELETE_IN_PROGRESS meanwhile.
 */
import { deleteResource } from './delete-resource';
import { reverseDependencyOrder } from './ordering';
import { Session } from './session';
import { openStackContext } from './stack-context';
import { LocalStackState, removeState, ResourceState, saveState } from './state';
import { LocalDeployError, LocalRunnerOptions, ResourceOutcome } from './types';

export async function runDestroy(options: LocalRunnerOptions): Promise<ResourceOutcome[]> {
  const ctx = openStackContext(options, true);
  const state = ctx.previous;
  if (!state) return [];
  const remaining: Record<string, ResourceState> = { ...state.resources };
  const retained = (entry: ResourceState) => entry.deletionPolicy === 'Retain' || entry.deletionPolicy === 'RetainExceptOnCreate';
  const order = reverseDependencyOrder(Object.keys(remaining), id => remaining[id].dependsOn);
  const providers = new Set(order
    .map(id => remaining[id])
    .filter(entry => !retained(entry) && entry.provider && ctx.model.provider(entry.provider))
    .map(entry => entry.provider!));

  const session = providers.size > 0 || order.some(id => remaining[id].provider) ? await Session.open(ctx, providers) : undefined;
  if (session) session.stackStatus = 'DELETE_IN_PROGRESS';
  const outcomes: ResourceOutcome[] = [];
  try {
    for (const id of order) {
      const entry = remaining[id];
      if (retained(entry)) {
        ctx.log(`DELETE_SKIPPED ${entry.type} ${id} ${entry.physicalId}`);
        outcomes.push({ logicalId: id, type: entry.type, action: 'RETAIN', physicalId: entry.physicalId });
      } else {
        const failed = await deleteResource(ctx, session, id, entry);
        if (failed) {
          const left: LocalStackState = { ...state, resources: remaining, secrets: ctx.secrets.persisted() };
          saveState(ctx.stateFile, left);
          throw new LocalDeployError(id, ctx.redactor.redact(failed.reason), false);
        }
        outcomes.push({ logicalId: id, type: entry.type, action: 'DELETE', physicalId: entry.physicalId });
      }
      delete remaining[id];
    }
  } finally {
    await session?.close();
  }
  removeState(ctx.stateFile);
  return outcomes;
}
