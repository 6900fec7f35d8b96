/**
 * Custom::WorkMailUser: create, update (in place or by replacement) and delete
 * a WorkMail user, reading the actual state first and making only the calls
 * that change something. Organizations already hold hand-made mailboxes, so
 * nothing here deletes or re-creates a user the stack did not make, and an
 * adopted user's password is never reset.
 */
import { createUser } from './create';
import { deleteUser } from './delete';
import { parseUser } from './parse';
import { updateUser } from './update';
import { reconciler } from '../reconciler';

export { parseUser } from './parse';
export type { DesiredUser } from './parse';

export const userReconciler = reconciler({
  parse: parseUser,
  create: (desired, _event, deps) => createUser(desired, deps),
  update: updateUser,
  delete: deleteUser,
});
