/**
 * The expected-state model: what the organization must hold after a successful deploy of `next` over
 * `previous`, computed from the declarations and the documented behaviour alone (never from what the
 * handler answered):
 * - a field declared is set; one the previous declaration of the same entity carried and this one does
 *   not is cleared; one never declared is left as it is (an adopted entity keeps its own);
 * - a new email becomes primary and WorkMail keeps the old one as an alias; `enabled: false` deregisters
 *   (the emulator frees every address);
 * - an alias set adds its aliases and removes only those it declared before; a set leaving the stack
 *   with RETAIN keeps them;
 * - members and delegates: the declared ones are added, those declared before and no longer are removed,
 *   others stay (exclusive: exactly the declared ones);
 * - booking options: like the fields above; a flag that leaves the declaration goes back to what a new
 *   resource starts with as documented (auto-accept and decline conflicting requests on, decline recurring
 *   requests off); a new resource starts as the emulator's `new-resource-booking-options` answers;
 * - a name or type change replaces the entity; what leaves the stack (or is replaced) is deleted with
 *   DESTROY and kept with RETAIN; an adopted entity is never deleted, but with DESTROY its alias set
 *   removes the aliases it declared.
 */
import {
  AppDeclaration, BOOKING_FLAGS, byKey, Declaration, EMPTY_APP, registers, replaces, USER_ATTRIBUTES,
} from './declaration';
import { cloneState, nameKey, OrgEntity, OrgState } from './org-state';
import { BookingOptions, NEW_BOOKING_OPTIONS } from '../local/emulator/state';

/** What each declaration (by key) manages: the entity's name, and whether the stack adopted it rather than made it. */
export interface Binding {
  readonly name: string;
  readonly adopted: boolean;
}

export type Bindings = ReadonlyMap<string, Binding>;

export interface ModelState {
  readonly org: OrgState;
  readonly bindings: Bindings;
  /** What a new resource starts with (the emulator's `new-resource-booking-options`); default NEW_BOOKING_OPTIONS. */
  readonly newResourceBooking?: Readonly<BookingOptions>;
}

/** `desired` if declared; the cleared value if the previous declaration had it; otherwise the current value. */
function managed<T>(desired: T | undefined, previous: T | undefined, cleared: T, current: T): T {
  if (desired !== undefined) return desired;
  if (previous !== undefined) return cleared;
  return current;
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const without = (list: readonly string[], drop: readonly string[]) => list.filter((x) => !drop.some((d) => sameAddress(d, x)));
const union = (list: readonly string[], add: readonly string[]) => [...list, ...without(add, list)];

function fresh(decl: Declaration, newResourceBooking: Readonly<BookingOptions>): OrgEntity {
  const base = { name: decl.name, aliases: [], hidden: false };
  switch (decl.kind) {
    case 'user': return { ...base, kind: 'user', displayName: decl.name, attributes: {} };
    case 'group': return { ...base, kind: 'group', related: [] };
    case 'resource': return {
      ...base,
      kind: 'resource',
      type: decl.type,
      related: [],
      booking: { ...newResourceBooking },
    };
  }
}

/** Registration and the alias set. */
function applyMail(e: OrgEntity, decl: Declaration, previous: Declaration | undefined): void {
  if (registers(decl)) {
    const email = decl.email!;
    if (e.email === undefined) {
      e.email = email;
      e.aliases = [];
    } else if (!sameAddress(e.email, email)) {
      const old = e.email;
      e.aliases = [...without(e.aliases, [email]), old];
      e.email = email;
    }
    const declared = decl.aliases;
    const before = previous?.aliases ?? [];
    const setLeavesRetained = declared.length === 0 && before.length > 0 && previous?.removal === 'RETAIN';
    if (!setLeavesRetained) e.aliases = without(e.aliases, without(before, declared));
    e.aliases = union(e.aliases, without(declared, [email]));
  } else if (decl.enabled === false && e.email !== undefined) {
    e.email = undefined;
    e.aliases = [];
  }
}

function applyFields(e: OrgEntity, decl: Declaration, previous: Declaration | undefined): void {
  e.hidden = managed(decl.hidden, previous?.hidden, false, e.hidden);
  if (decl.kind === 'user') {
    const prev = previous?.kind === 'user' ? previous : undefined;
    e.displayName = decl.displayName ?? decl.name;
    const attributes = { ...e.attributes };
    for (const attr of USER_ATTRIBUTES) {
      const value = managed(decl.attributes[attr], prev?.attributes[attr], '', attributes[attr] ?? '');
      if (value === '') delete attributes[attr];
      else attributes[attr] = value;
    }
    e.attributes = attributes;
  }
  if (decl.kind === 'resource') {
    const prev = previous?.kind === 'resource' ? previous : undefined;
    const description = managed(decl.description, prev?.description, '', e.description ?? '');
    e.description = description === '' ? undefined : description;
    const booking = { ...e.booking! };
    for (const flag of BOOKING_FLAGS) booking[flag] = managed(decl.booking?.[flag], prev?.booking?.[flag], NEW_BOOKING_OPTIONS[flag], booking[flag]);
    e.booking = booking;
  }
}

/** Members or delegates: declared names added, previously declared names dropped (or exactly the declared ones). */
function applyRelations(
  e: OrgEntity, decl: Declaration, previous: Declaration | undefined, nextNames: Bindings, previousNames: Bindings,
): void {
  if (decl.kind === 'user') return;
  const keysOf = (d: Declaration | undefined) => (d?.kind === 'group' ? d.members : d?.kind === 'resource' ? d.delegates : []);
  const declared = keysOf(decl).map((key) => nextNames.get(key)!.name);
  const before = keysOf(previous).map((key) => previousNames.get(key)!.name);
  const current = e.related ?? [];
  e.related = decl.exclusive ? [...declared] : union(without(current, before), declared);
}

/**
 * What a deploy of `decl` over `previous` does to an existing entity's own fields and its members or
 * delegates (not its addresses). A rollback is such a deploy too: the deployed declaration over the failed one.
 */
export function applyDeclaration(
  e: OrgEntity, decl: Declaration, previous: Declaration, names: Bindings, previousNames: Bindings,
): void {
  applyFields(e, decl, previous);
  applyRelations(e, decl, previous, names, previousNames);
}

/** Deletes an entity and takes it out of every member and delegate list, as WorkMail does. */
function deleteEntity(org: OrgState, name: string): void {
  org.delete(nameKey(name));
  for (const e of org.values()) if (e.related) e.related = without(e.related, [name]);
}

/** The state after `next` deployed successfully over `previous` (use EMPTY_APP for destroy). */
export function applyDeploy(state: ModelState, previous: AppDeclaration, next: AppDeclaration): ModelState {
  const org = cloneState(state.org);
  const prevByKey = byKey(previous);
  const nextBindings = new Map<string, Binding>();
  const removed: { binding: Binding; removal: Declaration['removal']; aliases: readonly string[] }[] = [];

  // Who each declaration manages after this deploy.
  for (const decl of next.entities) {
    const prev = prevByKey.get(decl.key);
    const old = state.bindings.get(decl.key);
    if (prev && old && !replaces(prev, decl)) {
      nextBindings.set(decl.key, { name: decl.name, adopted: old.adopted });
    } else {
      // A replacement: the new template's UpdateReplacePolicy decides what becomes of the old entity.
      if (prev && old) removed.push({ binding: old, removal: decl.removal, aliases: prev.aliases });
      nextBindings.set(decl.key, { name: decl.name, adopted: decl.adopt && org.has(nameKey(decl.name)) });
    }
  }
  for (const prev of previous.entities) {
    const old = state.bindings.get(prev.key);
    if (old && !nextBindings.has(prev.key)) removed.push({ binding: old, removal: prev.removal, aliases: prev.aliases });
  }

  for (const decl of next.entities) {
    const prevDecl = prevByKey.get(decl.key);
    const same = prevDecl !== undefined && !replaces(prevDecl, decl);
    const previousDecl = same ? prevDecl : undefined;
    let e: OrgEntity;
    if (same) {
      const oldName = state.bindings.get(decl.key)!.name;
      e = org.get(nameKey(oldName))!;
      org.delete(nameKey(oldName));
      // A resource renamed in place: its name changes in every list that holds it.
      if (oldName !== decl.name) {
        e = { ...e, name: decl.name };
        for (const other of org.values()) if (other.related) other.related = other.related.map((n) => (sameAddress(n, oldName) ? decl.name : n));
      }
    } else {
      e = org.get(nameKey(decl.name)) ?? fresh(decl, state.newResourceBooking ?? NEW_BOOKING_OPTIONS);
    }
    applyFields(e, decl, previousDecl);
    applyMail(e, decl, previousDecl);
    org.set(nameKey(decl.name), e);
  }
  for (const decl of next.entities) {
    const prevDecl = prevByKey.get(decl.key);
    const previousDecl = prevDecl !== undefined && !replaces(prevDecl, decl) ? prevDecl : undefined;
    applyRelations(org.get(nameKey(decl.name))!, decl, previousDecl, nextBindings, state.bindings);
  }

  // The cleanup phase: what left the stack, or was replaced, goes by its removal policy.
  // An adopted entity stays whatever its policy, but its alias set (DESTROY) still removes the aliases it declared.
  for (const { binding, removal, aliases } of removed) {
    if (removal !== 'DESTROY') continue;
    if (!binding.adopted) {deleteEntity(org, binding.name);} else {
      const e = org.get(nameKey(binding.name));
      if (e) e.aliases = without(e.aliases, aliases);
    }
  }
  return { org, bindings: nextBindings, newResourceBooking: state.newResourceBooking };
}

/** The state after the stack is destroyed. */
export function applyDestroy(state: ModelState, deployed: AppDeclaration): ModelState {
  return applyDeploy(state, deployed, EMPTY_APP);
}
