/**
 * The second documented effect of a rolled back step (README, reliability): on an entity the stack adopted, a
 * field, member or delegate that the deployed declaration leaves alone and the failed one declares is, after the
 * rollback, cleared as when it leaves a declaration (an empty attribute or description, not hidden, a new
 * resource's booking flag, no longer a member or delegate), not given back the value it had by hand. A custom
 * resource keeps no copy of an entity as it was. Whether the rollback reached the entity at all depends on the
 * order of the failed deployment's events, so the organization may hold either state, per entity.
 */
import { AppDeclaration, byKey, replaces } from './declaration';
import { applyDeclaration, Binding, Bindings } from './model';
import { cloneEntity, cloneState, diffStates, isClean, nameKey, OrgState } from './org-state';

/**
 * Each adopted entity as the rollback leaves it when it reaches it: the model's deploy of its deployed
 * declaration over the failed one (by lower-cased name). An entity the stack made has nothing by hand to lose:
 * its rollback restores exactly what was declared, so it is not here.
 */
export function rollbackResets(deployed: AppDeclaration, failed: AppDeclaration, bindings: Bindings, before: OrgState): OrgState {
  const previous = byKey(deployed);
  // The failed step's own new entities, named as it declared them: the rollback removes them from every list.
  const failedNames = new Map<string, Binding>([
    ...failed.entities.map((d): [string, Binding] => [d.key, { name: d.name, adopted: false }]), ...bindings,
  ]);
  const resets: OrgState = new Map();
  for (const decl of failed.entities) {
    const old = previous.get(decl.key);
    const binding = bindings.get(decl.key);
    const entity = binding && before.get(nameKey(binding.name));
    if (!old || !binding?.adopted || !entity || replaces(old, decl)) continue;
    const reset = cloneEntity(entity);
    applyDeclaration(reset, old, decl, bindings, failedNames);
    resets.set(nameKey(binding.name), reset);
  }
  return resets;
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
