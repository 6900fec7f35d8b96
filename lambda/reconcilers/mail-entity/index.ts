/**
 * One reconciler for every mail entity (users, groups, bookable resources):
 * create, update (in place or by replacement) and delete, reading the actual
 * state first and making only the calls that change something. Organizations
 * already hold hand-made mailboxes, so nothing here deletes or re-creates an
 * entity the stack did not make. A kind is a description (`MailEntityKind`).
 */
import { createEntity } from './create';
import { MailEntityDeclaration } from './declaration';
import { deleteEntity } from './delete';
import { bindKind } from './entity';
import { ListedMailEntity, LiveMailEntity, MailEntityKind } from './kind';
import { updateEntity } from './update';
import { Reconciler, reconciler } from '../reconciler';

export { describeOrUndefined, listedPages, requireId } from './calls';
export { MAIL_ENTITY_PROPERTIES, adoptedPhysicalId, managedValue, parseMailEntity, parsePhysicalId, registeredEmail } from './declaration';
export type { MailEntityDeclaration, MailEntityKindName } from './declaration';
export type { ConvergeRequest, ListedMailEntity, LiveMailEntity, MailEntityKind, Replacement } from './kind';

export function mailEntityReconciler<Declared extends MailEntityDeclaration, Described extends LiveMailEntity, Listed extends ListedMailEntity>(
  kind: MailEntityKind<Declared, Described, Listed>,
): Reconciler {
  const bound = bindKind(kind);
  return reconciler<Declared>({
    parse: (props, label) => kind.parse(props, label),
    create: (desired, event, deps) => createEntity(bound, desired, deps, event.StackId),
    update: (desired, old, event, deps) => updateEntity(bound, desired, old, event, deps),
    delete: (deployed, event, deps) => deleteEntity(bound, deployed, event, deps),
  });
}
