/**
 * Read-modify-write lists, as the service may keep them: with the `racyWrites` fault, a change of a
 * group's members, a resource's delegates or an entity's aliases reads the list when the request
 * arrives, waits (the latency), and writes the whole list back with its one change. Two changes of
 * the same list at once can so lose one of them, which a caller must detect (read back) and redo.
 */
import { resolveEntity } from './operations/common';
import { AliasEntry, Entity, EntityKind, Relation, EmulatorState } from './state';

/** The operations that change one list, the member naming its owner and what the owner may be. */
interface RacyOperation {
  readonly owner: string;
  readonly kinds: readonly EntityKind[];
  readonly list: ListName;
}
const RACY_OPERATIONS: { readonly [operation: string]: RacyOperation } = {
  AssociateMemberToGroup: { owner: 'GroupId', kinds: ['GROUP'], list: 'members' },
  DisassociateMemberFromGroup: { owner: 'GroupId', kinds: ['GROUP'], list: 'members' },
  AssociateDelegateToResource: { owner: 'ResourceId', kinds: ['RESOURCE'], list: 'delegates' },
  DisassociateDelegateFromResource: { owner: 'ResourceId', kinds: ['RESOURCE'], list: 'delegates' },
  CreateAlias: { owner: 'EntityId', kinds: ['USER', 'GROUP', 'RESOURCE'], list: 'aliases' },
  DeleteAlias: { owner: 'EntityId', kinds: ['USER', 'GROUP', 'RESOURCE'], list: 'aliases' },
};

type ListName = 'members' | 'delegates' | 'aliases';
type Item = Relation | AliasEntry;

const keyOf = (item: Item) => ('address' in item ? item.address.toLowerCase() : item.id);

function listOf(entity: Entity, list: ListName): Item[] | undefined {
  if (list === 'aliases') return entity.aliases;
  if (list === 'members' && entity.kind === 'GROUP') return entity.members;
  if (list === 'delegates' && entity.kind === 'RESOURCE') return entity.delegates;
  return undefined;
}

function setList(entity: Entity, list: ListName, items: Item[]): void {
  if (list === 'aliases') entity.aliases = items as AliasEntry[];
  else if (list === 'members' && entity.kind === 'GROUP') entity.members = items as Relation[];
  else if (list === 'delegates' && entity.kind === 'RESOURCE') entity.delegates = items as Relation[];
}

/** A list read before the wait; `writeBack` stores that stale read with the operation's own change. */
export interface StaleRead {
  /** The list as the operation is about to change it. */
  beforeOperation(): void;
  /** After the operation succeeded: the stale list plus what the operation added, less what it removed. */
  writeBack(): void;
}

/** The stale read of the list `operation` changes, or undefined when it changes none (or names no entity it can find). */
export function readForWrite(state: EmulatorState, operation: string, body: Record<string, unknown>): StaleRead | undefined {
  const racy = RACY_OPERATIONS[operation];
  if (racy === undefined) return undefined;
  const org = state.organizations.get(String(body.OrganizationId));
  const identifier = body[racy.owner];
  if (org === undefined || typeof identifier !== 'string') return undefined;
  let entity: Entity;
  try {
    entity = resolveEntity(org, identifier, racy.kinds, racy.list === 'aliases' ? 'id' : 'id-name-or-email');
  } catch {
    return undefined; // the operation answers the error itself
  }
  const stale = [...(listOf(entity, racy.list) ?? [])];
  let atOperation: Item[] = [];
  return {
    beforeOperation: () => {
      atOperation = [...(listOf(entity, racy.list) ?? [])];
    },
    writeBack: () => {
      const now = listOf(entity, racy.list) ?? [];
      // A list the operation emptied (a deregistration) or replaced is not this operation's change.
      const added = now.filter((item) => !atOperation.some((other) => keyOf(other) === keyOf(item)));
      const removed = new Set(atOperation.filter((item) => !now.some((other) => keyOf(other) === keyOf(item))).map(keyOf));
      setList(entity, racy.list, [...stale.filter((item) => !removed.has(keyOf(item))), ...added]);
    },
  };
}
