/**
 * Dependency order, as CloudFormation derives it from Ref, Fn::GetAtt, Fn::Sub
 * and DependsOn. The scheduler runs independent resources at once, as
 * CloudFormation does; these orders are what it follows when it runs one at a
 * time: ties keep the order of the input (template order), which makes such a
 * run reproducible.
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
 * The members of `ids` each member depends on, directly or through any other
 * resource: `dependenciesOf` may name resources outside `ids` (resources that
 * stay deployed), and dependencies through them count.
 */
function memberDependencies(ids: readonly string[], dependenciesOf: (id: string) => Iterable<string>): Map<string, Set<string>> {
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
  return new Map(ids.map(id => [id, reachable(id)]));
}

/** For each member, the members that depend on it (the inverse of `memberDependencies`). */
function dependentsOf(dependencies: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const dependents = new Map<string, Set<string>>([...dependencies.keys()].map(id => [id, new Set<string>()]));
  for (const [id, deps] of dependencies) {
    for (const dep of deps) dependents.get(dep)?.add(id);
  }
  return dependents;
}

/** The order and the prerequisites of a schedule (scheduler.ts). */
export interface Plan {
  readonly ids: readonly string[];
  readonly prerequisitesOf: (id: string) => Iterable<string>;
}

/**
 * Deletes and rollbacks: each resource once every resource that depends on it
 * (see memberDependencies) is done. One at a time, they go in
 * reverseDependencyOrder; or, when `ids` already is a dependency order (the
 * order a deploy did things in), in exactly its reverse.
 */
export function reversePlan(ids: readonly string[], dependenciesOf: (id: string) => Iterable<string>, inDependencyOrder = false): Plan {
  const dependencies = memberDependencies(ids, dependenciesOf);
  const dependents = dependentsOf(dependencies);
  const forward = inDependencyOrder ? [...ids] : dependencyOrder(ids, id => dependencies.get(id) ?? []);
  return { ids: forward.reverse(), prerequisitesOf: id => dependents.get(id) ?? [] };
}

/**
 * Dependents before their dependencies: the order of deletes. A removed user
 * that depended on a kept resource that depended on a removed policy is still
 * deleted before that policy (see memberDependencies).
 */
export function reverseDependencyOrder(ids: readonly string[], dependenciesOf: (id: string) => Iterable<string>): string[] {
  return [...reversePlan(ids, dependenciesOf).ids];
}
