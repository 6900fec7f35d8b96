/**
 * A kind bound to the shared mail lifecycle, and the reads every path of the
 * lifecycle decides on: the managed entity, an entity by name, the result.
 */
import { MailEntityDeclaration, parsePhysicalId, registeredEmail } from './declaration';
import { ListedMailEntity, LiveMailEntity, MailEntityKind } from './kind';
import { EntityStateError, describeEntity } from '../../errors';
import { sameText } from '../decisions';
import { EntityLifecycle, LiveEntityRef, entityLifecycle } from '../entity-lifecycle';
import { HandlerDeps, ReconcileResult } from '../reconciler';

/** A kind and its mail lifecycle (register, change the primary address, deregister, delete). */
export interface BoundKind<Declared extends MailEntityDeclaration, Described extends LiveMailEntity, Listed extends ListedMailEntity> {
  readonly kind: MailEntityKind<Declared, Described, Listed>;
  readonly lifecycle: EntityLifecycle;
}

export function bindKind<Declared extends MailEntityDeclaration, Described extends LiveMailEntity, Listed extends ListedMailEntity>(
  kind: MailEntityKind<Declared, Described, Listed>,
): BoundKind<Declared, Described, Listed> {
  return { kind, lifecycle: entityLifecycle({ describe: (deps, ref) => kind.describe(deps, ref), deleteCommand: (ref) => kind.deleteCommand(ref) }) };
}

/** The live (not DELETED) entity of that name, compared case-insensitively. */
export async function findByName<Listed extends ListedMailEntity>(
  { kind }: BoundKind<MailEntityDeclaration, LiveMailEntity, Listed>, deps: HandlerDeps, organizationId: string, name: string,
): Promise<Listed | undefined> {
  // The name-prefix filter finds an existing entity in one call; how the service compares case
  // in it is undocumented, so a miss is confirmed by reading every page.
  for (const prefixOnly of [true, false]) {
    for await (const page of kind.listPages(deps, organizationId, name, prefixOnly)) {
      const found = page.find((entity) => entity.State !== 'DELETED' && sameText(entity.Name, name));
      if (found) return found;
    }
  }
  return undefined;
}

/** Describe* for an entity the stack manages; a missing one is an error that says what to do. */
export async function describeManaged<Described extends LiveMailEntity>(
  { kind }: BoundKind<MailEntityDeclaration, Described, ListedMailEntity>, deps: HandlerDeps, ref: LiveEntityRef,
): Promise<Described> {
  const actual = await kind.describe(deps, ref);
  if (actual === undefined || actual.State === 'DELETED') {
    const found = actual === undefined ? 'EntityNotFoundException' : 'State DELETED';
    throw new EntityStateError(
      `${kind.describeOperation} for ${describeEntity(ref)} in organization ${ref.organizationId}: ${found}. ` +
      `The ${kind.kind} was deleted outside the stack: ${kind.recreateHint}`,
    );
  }
  return actual;
}

/** The result for a physical id (an entity id, or an adopted one); the id attribute is always the bare id. */
export function entityResult(
  { kind }: BoundKind<MailEntityDeclaration, LiveMailEntity, ListedMailEntity>, physicalId: string, desired: MailEntityDeclaration,
): ReconcileResult {
  return { PhysicalResourceId: physicalId, Data: { [kind.idAttribute]: parsePhysicalId(physicalId).id, Email: registeredEmail(desired) ?? '' } };
}
