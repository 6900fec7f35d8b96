/** How the entities of this app are declared to WorkMail: only a declared email lets an entity have aliases. */
import { IWorkMailEntity } from '../entity';

/** 'registered': email, not disabled; 'disabled': email and `enabled: false` (its aliases wait); 'no-email'. */
export type DeclaredRegistration = 'registered' | 'disabled' | 'no-email';

const registrations = new WeakMap<IWorkMailEntity, DeclaredRegistration>();

export function recordMailbox(entity: IWorkMailEntity, email: string | undefined, enabled: boolean | undefined): void {
  registrations.set(entity, email === undefined ? 'no-email' : enabled === false ? 'disabled' : 'registered');
}

/** How `entity` is declared in this app; undefined when not known here (e.g. imported). */
export function declaredRegistration(entity: IWorkMailEntity): DeclaredRegistration | undefined {
  return registrations.get(entity);
}
