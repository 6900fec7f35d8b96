/**
 * Dependency order, as CloudFormation derives it from Ref, Fn::GetAtt, Fn::Sub
 * and DependsOn. CloudFormation runs independent resources in parallel; the
 * runner runs one at a time, so ties keep the order of the input (template
 * order), which makes every run reproducible.
 */

/** Every id after the ids it depends on; dependencies outside `ids` are ignored. */
export function dependencyOrder(ids: readonly string[], dependenciesOf: (id: string) => Iterable<string>): string[] {
  const members = new Set(ids);
  const pending = new Map<string, Set<string>>();
  for (const id of ids) {
    pending.set(id, new Set([...dependenciesOf(id)].filter(d => members.has(d) && d !== id)));
  }
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = ids.filter(id => pending.get(id)?.size === 0);
    if (ready.length === 0) {
      throw new Error(`circular dependency between resources: ${[...pending.keys()].join(', ')}`);
    }
    for (const id of ready) {
      order.push(id);
      pending.delete(id);
    }
    for (const deps of pending.values()) {
      ready.forEach(id => deps.delete(id));
    }
  }
  return order;
}

/**
 * Dependents before their dependencies: the order of deletes. `dependenciesOf`
 * may name resources outside `ids` (resources that stay deployed): dependencies
 * through them count, so a removed user that depended on a kept resource that
 * depended on a removed policy is still deleted before that policy.
 */
export function reverseDependencyOrder(ids: readonly string[], dependenciesOf: (id: string) => Iterable<string>): string[] {
  const members = new Set(ids);
  const reachable = (from: string): Set<string> => {
    const found = new Set<string>();
    const seen = new Set<string>([from]);
    const pending = [...dependenciesOf(from)];
    while (pending.length > 0) {
      const dep = pending.pop()!;
      if (seen.has(dep)) continue;
      seen.add(dep);
      if (members.has(dep)) found.add(dep);
      pending.push(...dependenciesOf(dep));
    }
    return found;
  };
  return dependencyOrder(ids, reachable).reverse();
}
