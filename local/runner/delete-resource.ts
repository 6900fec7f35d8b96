/** The Delete of a custom resource, shared by a deploy's cleanup and rollback and by destroy. */
import { EventResult, Session } from './session';
import { StackContext } from './stack-context';
import { ResourceState } from './state';
import { summarizeReason } from './types';

/**
 * Sends the Delete of `entry` through the provider framework, with the properties it was last
 * deployed with, and logs DELETE_COMPLETE or DELETE_FAILED. Returns the failed result (for the
 * caller to raise as it needs), or undefined on success.
 */
export async function sendDelete(ctx: StackContext, session: Session, id: string, entry: ResourceState): Promise<EventResult | undefined> {
  const { type: resourceType, properties, physicalId } = entry;
  const result = await session.send({ requestType: 'Delete', logicalId: id, resourceType, provider: entry.provider ?? '', properties, physicalId });
  if (result.status === 'FAILED') {
    ctx.log(`DELETE_FAILED ${entry.type} ${id} ${entry.physicalId} ${summarizeReason(result.reason)}`);
    return result;
  }
  ctx.log(`DELETE_COMPLETE ${entry.type} ${id} ${entry.physicalId}`);
  return undefined;
}
