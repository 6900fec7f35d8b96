/** What a field's change between two declarations asks to write, when the live value is not read. */
import { managedValue } from './mail-entity';

/**
 * The value to write for a managed field when only the two declarations are known: the value it
 * converges to (see managedValue) when that differs from what the previous declaration set, else
 * undefined (nothing to write). A field the previous declaration left alone is written as declared.
 */
export function changedValue<T>(declared: T | undefined, previouslyDeclared: T | undefined, cleared: T): T | undefined {
  const target = managedValue(declared, previouslyDeclared, cleared);
  return target === undefined || target === previouslyDeclared ? undefined : target;
}

/**
 * Whether an update carries the very declaration it replaces, as far as the handler reads it (the
 * event changed something else, e.g. the provider): then everything is read and converged, as a
 * deliberate way to repair drift.
 */
export function sameDeclaration<D>(desired: D, previous: D | undefined): boolean {
  return previous !== undefined && JSON.stringify(desired) === JSON.stringify(previous);
}
