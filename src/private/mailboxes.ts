/** Which entities of this app are declared with a mailbox: only those can have aliases. */
import { IWorkMailEntity } from '../entity';

const declaresMailbox = new WeakMap<IWorkMailEntity, boolean>();

export function recordMailbox(entity: IWorkMailEntity, hasMailbox: boolean): void {
  declaresMailbox.set(entity, hasMailbox);
}

/** Whether `entity` is declared in this app without a mailbox (false when not known here, e.g. imported). */
export function declaredWithoutMailbox(entity: IWorkMailEntity): boolean {
  return declaresMailbox.get(entity) === false;
}
