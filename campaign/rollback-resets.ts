/**
 * The second documented effect of a rolled back step (README, reliability): on an entity the stack adopted, a
 * field, member or delegate that the deployed declaration leaves alone and the failed one declares is, after the
 * rollback, cleared as when it leaves a declaration (an empty attribute or description, not hidden, a new
 * resource's booking flag, no longer a member or delegate), not given back the value it had by hand. A custom
 * resource keeps no copy of an entity as it was. Whether the rollback reached the entity at all depends on the
 * order of the failed deployment's events, so the organization may hold either state, per entity.
 */
import { AppDeclaration, BOOKING_FLAGS, byKey, Declaration, replaces, USER_ATTRIBUTES } from './declaration';
import type { Bindings } from './model';
import { cloneEntity, cloneState, diffStates, isClean, nameKey, OrgEntity, OrgState } from './org-state';
import { NEW_BOOKING_OPTIONS } from '../local/emulator/state';

/** Each adopted entity the rollback may clear something of, as it is once cleared (by lower-cased name). */
export function rollbackResets(deployed: AppDeclaration, failed: AppDeclaration, bindings: Bindings, before: OrgState): OrgState {
  const previous = byKey(deployed);
  const resets: OrgState = new Map();
  for (const decl of failed.entities) {
    const old = previous.get(decl.key);
    const binding = bindings.get(decl.key);
    const entity = binding && before.get(nameKey(binding.name));
    if (!old || !binding?.adopted || !entity || replaces(old, decl)) continue;
    const reset = cloneEntity(entity);
    clearFirstDeclared(reset, old, decl, bindings);
    resets.set(nameKey(binding.name), reset);
  }
  return resets;
}

function clearFirstDeclared(e: OrgEntity, old: Declaration, decl: Declaration, bindings: Bindings): void {
  const firstDeclared = <T>(was: T | undefined, now: T | undefined) => was === undefined && now !== undefined;
  if (firstDeclared(old.hidden, decl.hidden)) e.hidden = false;
  if (old.kind === 'user' && decl.kind === 'user') {
    for (const attr of USER_ATTRIBUTES) if (firstDeclared(old.attributes[attr], decl.attributes[attr])) delete e.attributes?.[attr];
  }
  if (old.kind === 'resource' && decl.kind === 'resource') {
    if (firstDeclared(old.description, decl.description)) e.description = undefined;
    for (const flag of BOOKING_FLAGS) {
      if (firstDeclared(old.booking?.[flag], decl.booking?.[flag])) e.booking = { ...e.booking!, [flag]: NEW_BOOKING_OPTIONS[flag] };
    }
  }
  const related = (d: Declaration) => (d.kind === 'group' ? d.members : d.kind === 'resource' ? d.delegates : []);
  const added = related(decl).filter((key) => !related(old).includes(key)).flatMap((key) => {
    const name = bindings.get(key)?.name;
    return name === undefined ? [] : [nameKey(name)];
  });
  if (e.related) e.related = e.related.filter((name) => !added.includes(nameKey(name)));
}

/** `before`, with each entity of `resets` that the organization holds as reset taken as reset. */
export function afterRollback(before: OrgState, resets: OrgState, actual: OrgState): OrgState {
  const expected = cloneState(before);
  for (const [key, reset] of resets) {
    const held = actual.get(key);
    if (held && isClean(diffStates(new Map([[key, reset]]), new Map([[key, held]])))) expected.set(key, cloneEntity(reset));
  }
  return expected;
}
