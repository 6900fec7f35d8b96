/**
 * Routes one CloudFormation event to the reconciler of its resource type.
 * Unknown types and request types fail loudly: a silent success would let
 * CloudFormation believe something exists that was never made.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { HandlerDeps, ReconcileResult, Reconciler } from './reconcilers/reconciler';
import { userReconciler } from './reconcilers/user';
import { WorkMailResourceType } from '../src/provider/resource-properties';

export type ReconcilerRegistry = Readonly<Record<string, Reconciler>>;

/** The entity kinds this handler serves, by CloudFormation resource type. */
export const RECONCILERS: ReconcilerRegistry = {
  [WorkMailResourceType.USER]: userReconciler,
};

export async function dispatch(
  event: CloudFormationCustomResourceEvent,
  deps: HandlerDeps,
  registry: ReconcilerRegistry = RECONCILERS,
): Promise<ReconcileResult> {
  // Only identifying fields: the properties stay out of the log.
  const log = deps.log.child({
    requestId: event.RequestId,
    requestType: event.RequestType,
    resourceType: event.ResourceType,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: event.RequestType === 'Create' ? undefined : event.PhysicalResourceId,
  });
  const scoped: HandlerDeps = { ...deps, log, workmail: deps.workmail.withLogger(log) };

  const reconciler = Object.prototype.hasOwnProperty.call(registry, event.ResourceType) ? registry[event.ResourceType] : undefined;
  if (!reconciler) {
    throw new Error(
      `Unsupported resource type '${event.ResourceType}' (logical id '${event.LogicalResourceId}'): ` +
      `this WorkMail provider handles ${Object.keys(registry).join(', ')}`,
    );
  }

  const reconcilerLabel = `${event.ResourceType} '${event.LogicalResourceId}'`;
  log.info('event');
  const started = Date.now();
  let response: ReconcileResult;
  try {
    switch (event.RequestType) {
      case 'Create':
        response = await reconciler.create(event, scoped);
        break;
      case 'Update':
        response = await reconciler.update(event, scoped);
        break;
      case 'Delete':
        response = await reconciler.delete(event, scoped);
        break;
      default:
        throw new Error(`Unknown request type '${String((event as { RequestType?: unknown }).RequestType)}' for ${reconcilerLabel}`);
    }
  } catch (err) {
    log.error('failed', { errorName: (err as Error).name, error: (err as Error).message, ms: Date.now() - started });
    throw err;
  }
  log.info('done', { resultPhysicalResourceId: response.PhysicalResourceId, ms: Date.now() - started });
  return response;
}
