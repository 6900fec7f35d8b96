/**
 * Create the declared entity (also the new entity of a replacement),
 * crash-safe: a retried create claims the entity its earlier attempt made (even
 * registered, when that provably happened in this stack operation), a name
 * already taken is adopted only when declared (and otherwise fails with the way
 * to adopt it), and a create that fails half-way undoes what it made. A
 * replacement rolled back meets the name of the entity it replaced: that entity
 * is taken back and the replacing one deleted.
 */
import { convergeEntity } from './converge';
import { MailEntityDeclaration, MailEntityKindName, adoptedPhysicalId, entityRef, parsePhysicalId, registeredEmail } from './declaration';
import { BoundKind, describeManaged, entityResult, findByName } from './entity';
import { ListedMailEntity, LiveMailEntity } from './kind';
import { DeadlineError, isDeadlineError } from '../../deadline';
import { EntityStateError, WorkMailOperationError, describeEntity, isWorkMailError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps, ReconcileResult, inReserve } from '../reconciler';

/** The resource a replacement creates for: the entity the resource holds now. */
export interface Replacing {
  readonly physicalId: string;
  readonly entity: LiveEntityRef;
}

type Bound<Declared extends MailEntityDeclaration> = BoundKind<Declared, LiveMailEntity, ListedMailEntity>;
/** `registered`: the claimed entity already holds the declared address. */
type NameTaken = { readonly kind: 'ours'; readonly id: string; readonly registered: boolean } | { readonly kind: 'resolved'; readonly result: ReconcileResult };

const KINDS: readonly MailEntityKindName[] = ['user', 'group', 'resource'];

/**
 * `stackId`: the stack of the event. `replacing` is set when the entity replaces the one a resource holds
 * (a rename, a move, a new type).
 */
export async function createEntity<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, desired: Declared, deps: HandlerDeps, stackId: string, replacing?: Replacing,
): Promise<ReconcileResult> {
  const { kind } = bound;
  const ref = entityRef(kind.kind, desired);
  // A declared adoption looks first, so that taking over an existing entity sends no write at all
  // (an exported organization's first deploy only reads). Someone creating the name in between
  // still meets NameAvailabilityException below, and is adopted there.
  if (desired.adoptExisting && replacing === undefined) {
    const existing = await findByName(bound, deps, desired.organizationId, desired.name);
    if (existing?.Id) return adopt(bound, existing.Id, desired, deps);
  }
  let id: string;
  let registered = false;
  try {
    id = await kind.create(deps, desired, ref);
  } catch (err) {
    if (isDeadlineError(err) && err.mayHaveRun) throw await undoStoppedCreate(bound, err, deps, desired);
    if (!isWorkMailError(err, 'NameAvailabilityException')) throw err;
    const taken = await onNameTaken(bound, err, desired, deps, stackId, replacing);
    if (taken.kind === 'resolved') return taken.result;
    ({ id, registered } = taken);
  }

  const created = { ...ref, id };
  const email = registeredEmail(desired);
  try {
    await kind.initialize(deps, created, desired);
    if (email === undefined) {
      logDecision(deps, 'not-registered', created, { reason: desired.enabled === false ? 'enabled is false' : 'no email declared' });
    } else if (registered) {
      logDecision(deps, 'already-registered-with-desired-email', created, { reason: 'claimed registered' });
    } else {
      await bound.lifecycle.register(deps, created, email);
    }
  } catch (err) {
    throw await undoCreate(bound, err, deps, created);
  }
  return entityResult(bound, id, desired);
}

/**
 * Create* answered NameAvailabilityException: the rollback of a replacement,
 * our own lost create, an adoption, or a clear failure.
 */
async function onNameTaken<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, err: WorkMailOperationError, desired: Declared, deps: HandlerDeps, stackId: string, replacing?: Replacing,
): Promise<NameTaken> {
  const { kind } = bound;
  const ref = entityRef(kind.kind, desired);
  const rollingBack = replacing !== undefined && await deps.isRollingBack(stackId, deps.log);
  // Any create may be a retry: of this call (a lost response), or of the whole event (Lambda
  // redelivers it, or CloudFormation's rollback skipped the Delete of a create that died half-way
  // and the stack is deployed again). So the name's holder is always read.
  const existing = await findByName(bound, deps, desired.organizationId, desired.name);
  if (rollingBack && existing?.Id) return { kind: 'resolved', result: await restoreReplaced(bound, existing.Id, desired, deps, replacing) };
  if (desired.adoptExisting) {
    if (!existing?.Id) {
      const others = KINDS.filter((k) => k !== kind.kind).map((k) => `a ${k}`).join(' or ');
      throw err.withHint(
        `adoptExisting is set, but ${kind.listOperation} shows no ${kind.kind} named '${desired.name}': ` +
        `the name is held by ${others}, which a ${kind.construct} cannot adopt`,
      );
    }
    return { kind: 'resolved', result: await adopt(bound, existing.Id, desired, deps) };
  }
  // An earlier attempt leaves an entity just as Create* makes one (DISABLED, never registered,
  // so it never held mail, no email, what we declared), until it registers it. Claiming such an
  // entity loses nobody's mail; anything else may be someone's mailbox.
  if (existing?.Id && looksJustCreated(bound, existing, desired)) {
    const from = err.earlierAttemptMayHaveSucceeded ? 'lost-create-response' : 'earlier-create-event';
    logDecision(deps, `claim-${kind.kind}-from-${from}`, { ...ref, id: existing.Id }, { attempts: err.attempts });
    return { kind: 'ours', id: existing.Id, registered: false };
  }
  // An attempt killed after its last call leaves the entity complete and registered: ours only if
  // it was registered during this very stack operation (see registeredInThisOperation).
  if (existing?.Id && await registeredInThisOperation(bound, existing, desired, deps, stackId)) {
    return { kind: 'ours', id: existing.Id, registered: true };
  }
  throw err.withHint(
    `The ${kind.kind} already exists in the organization; set adoptExisting: true on the ${kind.construct} to take it over ` +
    '(it is then reconciled, never re-created)',
  );
}

function looksJustCreated<Declared extends MailEntityDeclaration>(bound: Bound<Declared>, listed: ListedMailEntity, desired: Declared): boolean {
  return listed.State === 'DISABLED' && !listed.Email && listed.EnabledDate === undefined && bound.kind.looksCreatedFor(listed, desired);
}

/**
 * How much earlier than the stack operation's start an EnabledDate may read and still count as made
 * in it: the two services' clocks may differ a little, and a later start only refuses more.
 */
export const OPERATION_CLOCK_SKEW_MS = 60_000;

/**
 * Whether an ENABLED entity of the declared name is this stack's own create, finished up to its
 * registration by an attempt that never answered: it is what this declaration makes (the kind's
 * comparison, the declared address) and it was registered no earlier than the start of the stack
 * operation this event belongs to. A mailbox made by hand before the operation began fails the
 * last test, whatever it matches. The stack is read (DescribeStacks) only for an entity that
 * matches; an unreadable stack claims nothing.
 */
async function registeredInThisOperation<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, listed: ListedMailEntity, desired: Declared, deps: HandlerDeps, stackId: string,
): Promise<boolean> {
  const email = registeredEmail(desired);
  const enabled = listed.EnabledDate;
  if (listed.State !== 'ENABLED' || enabled === undefined || email === undefined || !sameText(listed.Email, email)
    || !bound.kind.looksCreatedFor(listed, desired)) {
    return false;
  }
  const started = await deps.stackOperationStart(stackId, deps.log);
  if (started === undefined || enabled.getTime() < started.getTime() - OPERATION_CLOCK_SKEW_MS) return false;
  logDecision(deps, `claim-registered-${bound.kind.kind}-from-earlier-create-attempt`, { ...entityRef(bound.kind.kind, desired), id: listed.Id }, {
    reason: 'it is what this declaration makes and was registered in this stack operation (not before its start, less the clock skew)',
    enabledDate: enabled.toISOString(),
    operationStart: started.toISOString(),
    clockSkewMs: OPERATION_CLOCK_SKEW_MS,
    stackId,
  });
  return true;
}

/**
 * Take over an existing entity: reconcile it like an update, never reset what
 * cannot be read back (a password), never delete it on failure. Its physical
 * id marks it adopted, so no later Delete removes it.
 */
async function adopt<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, id: string, desired: Declared, deps: HandlerDeps,
): Promise<ReconcileResult> {
  const ref = { ...entityRef(bound.kind.kind, desired), id };
  logDecision(deps, `adopt-existing-${bound.kind.kind}`, ref);
  await convergeExisting(bound, deps, ref, desired, `The existing ${bound.kind.kind} was left in place (not deleted); it is not adopted until this deployment succeeds`);
  return entityResult(bound, adoptedPhysicalId(id), desired);
}

/**
 * The rollback of a replacement that succeeded: CloudFormation sends the old
 * declaration to the new entity's id, and the entity of the declared name is
 * the one the resource held before (the failed deployment's cleanup never
 * deleted it). Delete the entity that deployment made (never an adopted one),
 * converge the old one back without resetting what cannot be read back, and
 * answer its id.
 */
async function restoreReplaced<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, id: string, desired: Declared, deps: HandlerDeps, replacing: Replacing,
): Promise<ReconcileResult> {
  const ref = { ...entityRef(bound.kind.kind, desired), id };
  const made = replacing.entity;
  const { adopted } = parsePhysicalId(replacing.physicalId);
  logDecision(deps, 'rollback-replacement', ref, { replacedId: made.id, replacedName: made.name, replacedAdopted: String(adopted) });
  if (!adopted && made.id !== id) await bound.lifecycle.destroy(deps, made);
  await convergeExisting(bound, deps, ref, desired, `The ${bound.kind.kind} was left in place (not deleted): continue the update rollback once the cause is fixed`);
  return entityResult(bound, desired.adoptExisting ? adoptedPhysicalId(id) : id, desired);
}

/** Converge an entity that exists already as a take-over; a failure says what was kept. */
async function convergeExisting<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, deps: HandlerDeps, ref: LiveEntityRef, desired: Declared, kept: string,
): Promise<void> {
  try {
    const actual = await describeManaged(bound, deps, ref);
    await convergeEntity(bound, deps, { ref, desired, actual, takeOver: true });
  } catch (err) {
    if (err instanceof WorkMailOperationError) throw err.withHint(kept);
    if (err instanceof EntityStateError) throw new EntityStateError(`${err.message}. ${kept}`);
    throw err;
  }
}

/**
 * Undo a half-made create: delete the entity this create made, then report the first failure. It runs in the
 * reserve of the event's time, so that a create stopped by the deadline still leaves nothing behind.
 */
async function undoCreate<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, cause: unknown, work: HandlerDeps, ref: LiveEntityRef,
): Promise<unknown> {
  const deps = inReserve(work);
  logDecision(deps, 'undo-half-made-create', ref);
  try {
    try {
      await deps.workmail.send(bound.kind.deleteCommand(ref), ref);
    } catch (err) {
      if (isWorkMailError(err, 'EntityNotFoundException')) return undone(cause, ref);
      // Registered after all (e.g. a lost response): deregister, then delete.
      if (isWorkMailError(err, 'EntityStateException')) await bound.lifecycle.destroy(deps, ref);
      else throw err;
    }
    return undone(cause, ref);
  } catch (cleanupErr) {
    const byHand = `Undoing the create failed too (${(cleanupErr as Error).message}): remove ${describeEntity(ref)} from organization ${ref.organizationId} by hand`;
    deps.log.error('undo failed', { organizationId: ref.organizationId, entityName: ref.name, entityId: ref.id });
    if (cause instanceof WorkMailOperationError) return cause.withHint(byHand);
    if (isDeadlineError(cause)) return cause.withUndo(`Created ${describeEntity(ref)}. ${byHand}`);
    return new Error(`${(cause as Error).message}. ${byHand}`);
  }
}

/** The failure of a create that was undone; a deadline's message says what was made and taken back. */
function undone(cause: unknown, ref: LiveEntityRef): unknown {
  if (!isDeadlineError(cause)) return cause;
  return cause.withUndo(`Created ${describeEntity(ref)} in organization ${ref.organizationId} but did not finish it: the create was undone (the ${ref.kind} was deleted)`);
}

/**
 * The Create* call was stopped by the deadline while under way: the service may have made the entity.
 * In the reserve, an entity of that name that looks just made by this declaration is deleted.
 */
async function undoStoppedCreate<Declared extends MailEntityDeclaration>(
  bound: Bound<Declared>, cause: DeadlineError, work: HandlerDeps, desired: Declared,
): Promise<unknown> {
  const deps = inReserve(work);
  const ref = entityRef(bound.kind.kind, desired);
  try {
    const existing = await findByName(bound, deps, desired.organizationId, desired.name);
    if (existing?.Id === undefined || !looksJustCreated(bound, existing, desired)) {
      return cause.withUndo(`No ${ref.kind} made by it was found afterwards`);
    }
    return await undoCreate(bound, cause, work, { ...ref, id: existing.Id });
  } catch (err) {
    return cause.withUndo(`Whether it made the ${ref.kind} could not be checked (${(err as Error).message}): ` +
      `look for ${describeEntity(ref)} in organization ${ref.organizationId} and remove it by hand if this stack made it`);
  }
}
