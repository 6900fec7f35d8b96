import { AppDeclaration, GroupDeclaration, ResourceDeclaration, UserDeclaration } from '../../campaign/declaration';
import { applyDeploy, applyDestroy, ModelState } from '../../campaign/model';
import { cloneState, diffStates, isClean, OrgState, stateOfSeed } from '../../campaign/org-state';
import { afterRollback, rollbackResets } from '../../campaign/rollback-resets';

/** The expected-state model and the checker, on their own: no emulator, no deploy. */
const D = 'campaign.example.com';
const start = (): ModelState => ({
  org: stateOfSeed({
    id: 'm-00000000000000000000000000000001',
    alias: 'a',
    defaultMailDomain: D,
    domains: [D],
    users: [{ name: 'hand', displayName: 'By hand', email: `hand@${D}`, department: 'Ops' }],
    groups: [{ name: 'hand-team', members: ['hand'] }],
    resources: [{ name: 'hand-room', type: 'ROOM', bookingOptions: { autoDeclineConflictingRequests: false }, delegates: ['hand'] }],
  }),
  bindings: new Map(),
});
const user = (over: Partial<UserDeclaration> = {}): UserDeclaration => ({
  kind: 'user', key: 'U1', name: 'alice', email: `alice@${D}`, attributes: {}, aliases: [], removal: 'DESTROY', adopt: false, ...over,
});
const group = (over: Partial<GroupDeclaration> = {}): GroupDeclaration => ({
  kind: 'group', key: 'G1', name: 'team', members: [], exclusive: false, aliases: [], removal: 'DESTROY', adopt: false, ...over,
});
const room = (over: Partial<ResourceDeclaration> = {}): ResourceDeclaration => ({
  kind: 'resource', key: 'R1', name: 'room', type: 'ROOM', delegates: [], exclusive: false, aliases: [], removal: 'DESTROY', adopt: false, ...over,
});
const app = (...entities: AppDeclaration['entities']): AppDeclaration => ({ entities });

test('a new email becomes primary and the old one an alias; the alias set removes only what it declared', () => {
  const s1 = applyDeploy(start(), app(), app(user({ aliases: [`a1@${D}`] })));
  const s2 = applyDeploy(s1, app(user({ aliases: [`a1@${D}`] })), app(user({ email: `alice2@${D}` })));
  expect(s2.org.get('alice')).toMatchObject({ email: `alice2@${D}`, aliases: [`alice@${D}`], displayName: 'alice' });
});

test('an alias set leaving the stack with RETAIN keeps its aliases; enabled false frees every address', () => {
  const v1 = user({ aliases: [`a1@${D}`], removal: 'RETAIN' });
  const s1 = applyDeploy(start(), app(), app(v1));
  const s2 = applyDeploy(s1, app(v1), app({ ...v1, aliases: [] }));
  expect(s2.org.get('alice')!.aliases).toEqual([`a1@${D}`]);
  const s3 = applyDeploy(s2, app({ ...v1, aliases: [] }), app({ ...v1, aliases: [], enabled: false }));
  expect(s3.org.get('alice')).toMatchObject({ email: undefined, aliases: [] });
});

test('attributes: declared set, no longer declared cleared, never declared left as they are (adoption)', () => {
  const adopt = user({ key: 'U2', name: 'hand', email: `hand@${D}`, adopt: true, attributes: { city: 'Lyon' } });
  const s1 = applyDeploy(start(), app(), app(adopt));
  expect(s1.org.get('hand')!.attributes).toEqual({ department: 'Ops', city: 'Lyon' });
  const s2 = applyDeploy(s1, app(adopt), app({ ...adopt, attributes: {} }));
  expect(s2.org.get('hand')!.attributes).toEqual({ department: 'Ops' });
  // Adopted: never deleted, whatever its removal policy.
  expect(applyDestroy(s2, app({ ...adopt, attributes: {} })).org.get('hand')).toBeDefined();
});

test('members: a group drops only what it declared before unless exclusive; a destroyed member leaves every group', () => {
  const adopted = group({ key: 'G2', name: 'hand-team', adopt: true, members: ['U1'] });
  const s1 = applyDeploy(start(), app(), app(user(), adopted));
  expect(s1.org.get('hand-team')!.related).toEqual(['hand', 'alice']);
  const s2 = applyDeploy(s1, app(user(), adopted), app(user(), { ...adopted, members: [] }));
  expect(s2.org.get('hand-team')!.related).toEqual(['hand']);
  const s3 = applyDeploy(s2, app(user(), { ...adopted, members: [] }), app(user(), { ...adopted, members: ['U1'], exclusive: true }));
  expect(s3.org.get('hand-team')!.related).toEqual(['alice']);
  const s4 = applyDeploy(s3, app(user(), { ...adopted, members: ['U1'], exclusive: true }), app({ ...adopted, members: [], exclusive: true }));
  expect(s4.org.has('alice')).toBe(false);
  expect(s4.org.get('hand-team')!.related).toEqual([]);
});

test('a rename replaces: RETAIN keeps the old entity, DESTROY deletes it', () => {
  for (const removal of ['RETAIN', 'DESTROY'] as const) {
    const v1 = user({ removal });
    const s1 = applyDeploy(start(), app(), app(v1));
    const s2 = applyDeploy(s1, app(v1), app({ ...v1, name: 'alicia', email: `alicia@${D}` }));
    expect(s2.org.has('alice')).toBe(removal === 'RETAIN');
    expect(s2.org.get('alicia')).toMatchObject({ email: `alicia@${D}` });
  }
});

test('the checker reports leaks, missing entities and each differing field', () => {
  const expected: OrgState = start().org;
  const actual: OrgState = applyDeploy(start(), app(), app(user())).org;
  actual.get('hand')!.displayName = 'Changed';
  actual.delete('hand-team');
  const diff = diffStates(expected, actual);
  expect(isClean(diff)).toBe(false);
  expect(diff).toEqual({
    extra: ['user alice'],
    missing: ['group hand-team'],
    fields: ['user hand: displayName expected "By hand", actual "Changed"'],
  });
  expect(isClean(diffStates(expected, start().org))).toBe(true);
});

test('booking flags: declared set, no longer declared back to a new resource\'s value, never declared left as they are', () => {
  const adopt = room({ name: 'hand-room', adopt: true, delegates: [], booking: { autoDeclineRecurringRequests: true } });
  const s1 = applyDeploy(start(), app(), app(adopt));
  expect(s1.org.get('hand-room')!.booking).toEqual({ autoAcceptRequests: true, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: false });
  const s2 = applyDeploy(s1, app(adopt), app({ ...adopt, booking: undefined }));
  expect(s2.org.get('hand-room')!.booking).toEqual({ autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: false });
  const made = applyDeploy(start(), app(), app(room()));
  expect(made.org.get('room')!.booking).toEqual({ autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true });
});

test('a rolled back step may clear what it first declared on an adopted entity, and nothing else', () => {
  const adoptUser = user({ key: 'U2', name: 'hand', email: `hand@${D}`, adopt: true });
  const adoptRoom = room({ name: 'hand-room', adopt: true, delegates: [] });
  const deployed = app(adoptUser, adoptRoom);
  const s1 = applyDeploy(start(), app(), deployed);
  const failed = app(
    { ...adoptUser, attributes: { department: 'Sales' }, hidden: false },
    { ...adoptRoom, booking: { autoDeclineConflictingRequests: false }, delegates: ['U2'], description: 'Booked' },
  );
  const resets = rollbackResets(deployed, failed, s1.bindings, s1.org);
  expect(resets.get('hand')).toMatchObject({ attributes: {}, hidden: false });
  expect(resets.get('hand-room')).toMatchObject({
    description: undefined,
    related: [],
    booking: { autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true },
  });

  // Reached by the rollback or not: either state is expected, entity by entity.
  expect(afterRollback(s1.org, resets, s1.org)).toEqual(s1.org);
  const cleared = cloneState(s1.org);
  cleared.set('hand-room', resets.get('hand-room')!);
  expect(afterRollback(s1.org, resets, cleared).get('hand-room')).toEqual(resets.get('hand-room'));
  expect(afterRollback(s1.org, resets, cleared).get('hand')).toEqual(s1.org.get('hand'));
  // Anything else that differs is still a difference.
  const halfCleared = cloneState(cleared);
  halfCleared.get('hand-room')!.description = 'Booked';
  expect(isClean(diffStates(afterRollback(s1.org, resets, halfCleared), halfCleared))).toBe(false);

  // An entity the stack made is never in the resets: its rollback restores exactly what it declared.
  const made = applyDeploy(start(), app(), app(room()));
  expect(rollbackResets(app(room()), app(room({ description: 'x' })), made.bindings, made.org).size).toBe(0);
});
