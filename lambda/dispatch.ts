/**
 * Routes one CloudFormation event to the reconciler of its resource type.
 * Unknown types and request types fail loudly: a silent success would let
 * CloudFormation believe something exists that was never made.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { isDeadlineError } from './deadline';
import { InvalidPropertyError } from './errors';
import { Logger } from './logger';
import { RawProperties, ResourceLabel, describeResource } from './properties';
import { aliasReconciler } from './reconcilers/alias';
import { delegateReconciler } from './reconcilers/delegate';
import { groupReconciler } from './reconcilers/group';
import { mailboxPermissionsReconciler } from './reconcilers/mailbox-permissions';
import { organizationReconciler } from './reconcilers/organization';
import { HandlerDeps, ReconcileResult, Reconciler } from './reconcilers/reconciler';
import { resourceReconciler } from './reconcilers/resource';
import { userReconciler } from './reconcilers/user';
import { WriteJournal } from './workmail-client';
import { WorkMailResourceType } from '../src/provider/resource-properties';

export type ReconcilerRegistry = Readonly<Record<string, Reconciler>>;

/** The entity kinds this handler serves, by CloudFormation resource type. */
export const RECONCILERS: ReconcilerRegistry = {
  // Mail entities: one lifecycle, one description per kind.
  [WorkMailResourceType.USER]: userReconciler,
  [WorkMailResourceType.GROUP]: groupReconciler,
  [WorkMailResourceType.RESOURCE]: resourceReconciler,
  // Relations and lookups.
  [WorkMailResourceType.ALIAS]: aliasReconciler,
  [WorkMailResourceType.DELEGATE]: delegateReconciler,
  [WorkMailResourceType.MAILBOX_PERMISSIONS]: mailboxPermissionsReconciler,
  [WorkMailResourceType.ORGANIZATION]: organizationReconciler,
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
  // The writes this event makes, for the message should it run out of time.
  const journal = new WriteJournal();
  const scoped: HandlerDeps = { ...deps, log, workmail: deps.workmail.forEvent(log, deps.deadline, journal) };

  const reconciler = Object.prototype.hasOwnProperty.call(registry, event.ResourceType) ? registry[event.ResourceType] : undefined;
  if (!reconciler) {
    throw new Error(
      `Unsupported resource type '${event.ResourceType}' (logical id '${event.LogicalResourceId}'): ` +
      `this WorkMail provider handles ${Object.keys(registry).join(', ')}`,
    );
  }

  const label: ResourceLabel = { resourceType: event.ResourceType, logicalId: event.LogicalResourceId };
  log.info('event');
  const started = Date.now();
  if ((event.RequestType === 'Update' || event.RequestType === 'Delete') && (typeof event.PhysicalResourceId !== 'string' || event.PhysicalResourceId === '')) {
    throw new Error(`${event.RequestType} event for ${describeResource(label)} carries no PhysicalResourceId`);
  }
  let response: ReconcileResult;
  try {
    switch (event.RequestType) {
      case 'Create':
        response = await reconciler.create(reconciler.parse(event.ResourceProperties, label), event, scoped);
        break;
      case 'Update':
        response = await reconciler.update(
          reconciler.parse(event.ResourceProperties, label),
          parseDeployed(reconciler, event.OldResourceProperties, label, log),
          event,
          scoped,
        );
        break;
      case 'Delete':
        await reconciler.delete(parseDeployed(reconciler, event.ResourceProperties, label, log), event, scoped);
        // CloudFormation refuses a Delete answered with another id.
        response = { PhysicalResourceId: event.PhysicalResourceId };
        break;
      default:
        throw new Error(`Unknown request type '${String((event as { RequestType?: unknown }).RequestType)}' for ${describeResource(label)}`);
    }
  } catch (caught) {
    const err = isDeadlineError(caught) ? caught.withDone(journal.writes) : caught;
    log.error('failed', { errorName: (err as Error).name, error: (err as Error).message, ms: Date.now() - started });
    throw err;
  }
  log.info('done', { resultPhysicalResourceId: response.PhysicalResourceId, ms: Date.now() - started });
  return response;
}

/**
 * A declaration an earlier deployment stored: parsed like a new one, except
 * that properties this handler does not know are ignored; a declaration that
 * does not parse is logged and handed on as undefined rather than failing an
 * Update or a Delete. Such a declaration was never created by this handler
 * (its Create failed before any call), so a Delete of it makes no call and
 * succeeds: a stack with broken properties can always be deleted.
 */
function parseDeployed(reconciler: Reconciler, props: RawProperties | undefined, label: ResourceLabel, log: Logger): unknown {
  try {
    return reconciler.parse(props ?? {}, { ...label, stored: true });
  } catch (err) {
    if (!(err instanceof InvalidPropertyError)) throw err;
    log.warn('decision', { decision: 'deployed-declaration-unreadable', error: err.message });
    return undefined;
  }
}
