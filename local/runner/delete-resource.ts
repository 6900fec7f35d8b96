/** The Delete of a deployed resource, shared by a deploy's cleanup and rollback and by destroy. */
import { EventResult, Session } from './session';
import { StackContext } from './stack-context';
import { ResourceState } from './state';
import { POLICY_TYPE, SECRET_TYPE } from './template-model';
import { summarizeReason } from './types';

/**
 * Deletes `entry` and logs DELETE_COMPLETE or DELETE_FAILED: a custom resource through the
 * provider framework, with the properties it was last deployed with; a secret from the local
 * store; a policy by leaving the live resources (from then on it grants nothing). Returns the
 * failed result (for the caller to raise as it needs), or undefined on success.
 */
export async function deleteResource(
  ctx: StackContext, session: Session | undefined, id: string, entry: ResourceState,
): Promise<EventResult | undefined> {
  if (entry.type === SECRET_TYPE || entry.type === POLICY_TYPE) {
    if (entry.type === SECRET_TYPE) ctx.secrets.remove(entry.physicalId);
  } else {
    const { type: resourceType, properties, physicalId } = entry;
    const result = session
      ? await session.send({ requestType: 'Delete', logicalId: id, resourceType, provider: entry.provider ?? '', properties, physicalId })
      : undefined;
    if (result?.status !== 'SUCCESS') {
      const reason = result?.reason ?? 'the local runner has no provider to send this Delete to';
      ctx.log(`DELETE_FAILED ${entry.type} ${id} ${entry.physicalId} ${summarizeReason(reason)}`);
      return result ?? { status: 'FAILED', reason, physicalId, data: {}, noEcho: false };
    }
  }
  // Only this physical resource is gone: a replacement's new one, under the same logical id, stays.
  if (ctx.live.get(id)?.physicalId === entry.physicalId) ctx.live.delete(id);
  ctx.log(`DELETE_COMPLETE ${entry.type} ${id} ${entry.physicalId}`);
  return undefined;
}
