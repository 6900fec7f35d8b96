/** The WorkMail calls every kind makes the same way: describe, list by pages, read a new id. */
import { EntityRef, EntityStateError, describeEntity, isWorkMailError } from '../../errors';
import { CommandLike, OutputOf, WorkMailPaginator } from '../../workmail-client';
import { HandlerDeps } from '../reconciler';

/** A Describe* command's output, or undefined when the entity does not exist. */
export async function describeOrUndefined<C extends CommandLike>(deps: HandlerDeps, ref: EntityRef, command: C): Promise<OutputOf<C> | undefined> {
  try {
    return await deps.workmail.send(command, ref);
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException')) return undefined;
    throw err;
  }
}

/** The items of every page of a List* operation, through the SDK's paginator. */
export async function* listedPages<Input, Output extends { $metadata: { attempts?: number } }, Item>(
  deps: HandlerDeps, paginator: WorkMailPaginator<Input, Output>, input: Input, items: (page: Output) => Item[] | undefined, context: EntityRef,
): AsyncGenerator<readonly Item[], void, undefined> {
  for await (const page of deps.workmail.paginate(paginator, input, context)) {
    yield items(page) ?? [];
  }
}

/** The id a Create* call answered; none at all is an error naming the call. */
export function requireId(id: string | undefined, operation: string, ref: EntityRef): string {
  if (!id) throw new EntityStateError(`${operation} returned no id for ${describeEntity(ref)} in organization ${ref.organizationId}`);
  return id;
}
