/**
 * The user as WorkMail holds it: the reads the user reconciler decides on, and
 * the shared mail lifecycle bound to DescribeUser and DeleteUser.
 */
import { DeleteUserCommand, DescribeUserCommand, DescribeUserCommandOutput, ListUsersCommand, User } from '@aws-sdk/client-workmail';
import { EntityStateError, describeEntity, isWorkMailError } from '../../errors';
import { sameText } from '../decisions';
import { LiveEntityRef, entityLifecycle } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

/** DescribeUser, or undefined when the user does not exist. */
export async function describeUser(deps: HandlerDeps, ref: LiveEntityRef): Promise<DescribeUserCommandOutput | undefined> {
  try {
    return await deps.workmail.send(new DescribeUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id }), ref);
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException')) return undefined;
    throw err;
  }
}

export function deleteUserCommand(ref: LiveEntityRef): DeleteUserCommand {
  return new DeleteUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id });
}

/** Register, change the primary address, deregister and delete a user. */
export const userLifecycle = entityLifecycle({ describe: describeUser, deleteCommand: deleteUserCommand });

/** The live (not DELETED) user of that name, compared case-insensitively. */
export async function findUserByName(deps: HandlerDeps, organizationId: string, name: string): Promise<User | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await deps.workmail.send(
      new ListUsersCommand({ OrganizationId: organizationId, MaxResults: 100, NextToken: nextToken }),
      { kind: 'user', organizationId, name },
    );
    const found = (page.Users ?? []).find((user) => user.State !== 'DELETED' && sameText(user.Name, name));
    if (found) return found;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

/** DescribeUser for a user the stack manages; a missing one is an error that says what to do. */
export async function describeManaged(deps: HandlerDeps, ref: LiveEntityRef): Promise<DescribeUserCommandOutput> {
  const actual = await describeUser(deps, ref);
  if (actual === undefined || actual.State === 'DELETED') {
    const found = actual === undefined ? 'EntityNotFoundException' : 'State DELETED';
    throw new EntityStateError(
      `DescribeUser for ${describeEntity(ref)} in organization ${ref.organizationId}: ${found}. ` +
      'The user was deleted outside the stack: rename it in the stack to create a new one, or remove it from the stack',
    );
  }
  return actual;
}
