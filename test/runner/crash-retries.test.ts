import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RunningEmulator, SeedOrganization, startEmulator } from '../../local/emulator';
import { CrashInjection, deploy, destroy, LocalDeployError, LocalRunnerOptions } from '../../local/runner';
import {
  BookableResourceType, WorkMailAlias, WorkMailDelegate, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser,
} from '../../src';

/**
 * The handler killed at every WorkMail call of every lifecycle path (the
 * runner's crash injection: its process is killed before the call reaches
 * WorkMail, or after WorkMail applied it), then:
 * (1) the same event redelivered (Lambda's retry of the framework's
 *     asynchronous invocation): the run ends as an uncrashed run does, to the
 *     same organization, field by field, with no second entity;
 * (2) no redelivery: the framework answers FAILED and the stack rolls back;
 *     running the same deployment again (later: a new stack operation) converges,
 *     with nothing left over (sampled: see rolledBackAt).
 * The runner stamps the stack's operations with the emulator's clock, so that
 * "later" is a clock move, not a wait.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const D = 'acme.example.com';
const SEED = { organizations: [{ id: ORG, alias: 'acme', defaultMailDomain: D, domains: [D] }] };
const DESTROY = RemovalPolicy.DESTROY;

let workdir: string;
beforeAll(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-retries-'));
});
afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

type Build = (stack: Stack, organization: ReturnType<typeof WorkMailOrganization.fromOrganizationId>) => void;

const assemblies = new Map<Build, string>();
/** One cloud assembly per declaration, synthesized once. */
function synth(build: Build): string {
  let dir = assemblies.get(build);
  if (!dir) {
    dir = path.join(workdir, `app-${assemblies.size}`);
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'CrashStack');
    build(stack, WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG));
    app.synth();
    assemblies.set(build, dir);
  }
  return dir;
}

/** The logical id of the resource of `type` whose id starts with `prefix` (a construct id) in an assembly. */
function logicalIdOf(dir: string, type: string, prefix: string): string {
  const template = JSON.parse(fs.readFileSync(path.join(dir, 'CrashStack.template.json'), 'utf8'));
  const ids = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type && id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

// Declarations (every entity DESTROY unless the path says otherwise).
const alice = (stack: Stack, organization: Parameters<Build>[1], props: Partial<ConstructorParameters<typeof WorkMailUser>[2]> = {}) =>
  new WorkMailUser(stack, 'Alice', { organization, name: 'alice', displayName: 'Alice', email: `alice@${D}`, removalPolicy: DESTROY, ...props });
const bob = (stack: Stack, organization: Parameters<Build>[1]) =>
  new WorkMailUser(stack, 'Bob', { organization, name: 'bob', displayName: 'Bob', generatePassword: false, removalPolicy: DESTROY });
const team = (stack: Stack, organization: Parameters<Build>[1], members: ConstructorParameters<typeof WorkMailGroup>[2]['members'], email = `team@${D}`) =>
  new WorkMailGroup(stack, 'Team', { organization, name: 'team', email, members, removalPolicy: DESTROY });
const room = (stack: Stack, organization: Parameters<Build>[1], props: Partial<ConstructorParameters<typeof WorkMailResource>[2]> = {}) =>
  new WorkMailResource(stack, 'Room', {
    organization, name: 'boardroom', type: BookableResourceType.ROOM, description: 'Second floor', email: `boardroom@${D}`, removalPolicy: DESTROY, ...props,
  });

const onlyBob: Build = (s, o) => { bob(s, o); };
const userV1: Build = (s, o) => { alice(s, o); };
const groupV1: Build = (s, o) => { team(s, o, [alice(s, o, { generatePassword: false }), bob(s, o)]); };
const roomV1: Build = (s, o) => {
  const a = alice(s, o, { generatePassword: false });
  room(s, o, { bookingOptions: { autoAcceptRequests: false, autoDeclineConflictingRequests: true }, delegates: [a, bob(s, o)] });
};
const aliasV1: Build = (s, o) => {
  new WorkMailAlias(s, 'Aliases', { entity: alice(s, o, { generatePassword: false }), aliases: [`a1@${D}`, `a2@${D}`], removalPolicy: DESTROY });
};
const delegateV1: Build = (s, o) => {
  new WorkMailDelegate(s, 'Delegation', { resource: room(s, o), delegate: bob(s, o) });
};
const userV2: Build = (s, o) => { alice(s, o, { displayName: 'Alice L.', email: `alice.l@${D}`, firstName: 'Alice', department: 'Research' }); };
const userDisabled: Build = (s, o) => { alice(s, o, { enabled: false }); };
const groupV2: Build = (s, o) => { alice(s, o, { generatePassword: false }); team(s, o, [bob(s, o)], `crew@${D}`); };
const roomV2: Build = (s, o) => {
  alice(s, o, { generatePassword: false });
  room(s, o, { description: 'Third floor', bookingOptions: { autoAcceptRequests: true, autoDeclineRecurringRequests: true }, delegates: [bob(s, o)] });
};
const aliasV2: Build = (s, o) => {
  new WorkMailAlias(s, 'Aliases', { entity: alice(s, o, { generatePassword: false }), aliases: [`a2@${D}`, `a3@${D}`], removalPolicy: DESTROY });
};
const delegateV2: Build = (s, o) => {
  alice(s, o, { generatePassword: false });
  new WorkMailDelegate(s, 'Delegation', { resource: room(s, o), delegate: bob(s, o) });
};
const delegateMoved: Build = (s, o) => {
  new WorkMailDelegate(s, 'Delegation', { resource: room(s, o), delegate: alice(s, o, { generatePassword: false }) });
  bob(s, o);
};
const renamed: Build = (s, o) => { alice(s, o, { name: 'alicia', email: `alicia@${D}` }); };
const retained: Build = (s, o) => { alice(s, o, { removalPolicy: RemovalPolicy.RETAIN }); };
const failingUpdate: Build = (s, o) => {
  alice(s, o, { displayName: 'Alice L.', firstName: 'Alice' });
  // Fails at RegisterToWorkMail: the domain is not one of the organization's.
  new WorkMailUser(s, 'Zed', { organization: o, name: 'zed', email: 'zed@elsewhere.example.com', generatePassword: false, removalPolicy: DESTROY });
};

/** A lifecycle path: what is deployed first, what is then run with the crash, and whose event is crashed. */
interface LifecyclePath {
  readonly name: string;
  readonly before?: Build;
  /** A declaration to deploy, or 'destroy'. */
  readonly run: Build | 'destroy';
  /** The crashed resource: its type, its construct id, and which of its events. */
  readonly type: string;
  readonly id: string;
  readonly event?: number;
  /**
   * The event creates a mail entity and registers it last. Killed after WorkMail applied that
   * RegisterToWorkMail, the entity is complete and registered. The redelivered create claims it: it is
   * what the declaration makes and was registered in this stack operation. A deployment run again after
   * the rollback is another operation, begun after the registration: it cannot tell the entity from a
   * mailbox someone made by hand with the same name and address, and refuses it (adoptExisting).
   */
  readonly registersLast?: boolean;
  /**
   * 'kept': when the event dies after its last call (no redelivery), the rollback leaves what it
   * made (the Delete of a failed create's marker is skipped) until the deployment is run again.
   */
  readonly rollback?: 'kept';
  /** The run fails anyway (and rolls back) even without a crash. */
  readonly fails?: boolean;
  /**
   * The crashed event is a cleanup-phase Delete (of a replaced entity): CloudFormation reports a
   * failed one and completes the deployment, and never sends that Delete again.
   */
  readonly cleanup?: boolean;
}

const USER = 'Custom::WorkMailUser';
const GROUP = 'Custom::WorkMailGroup';
const ROOM = 'Custom::WorkMailBookableResource';
const PATHS: LifecyclePath[] = [
  { name: 'create a user with a password', run: userV1, type: USER, id: 'Alice', registersLast: true, rollback: 'kept' },
  { name: 'create a group with members', before: onlyBob, run: groupV1, type: GROUP, id: 'Team', registersLast: true, rollback: 'kept' },
  { name: 'create a room with booking options and delegates', before: onlyBob, run: roomV1, type: ROOM, id: 'Room', registersLast: true, rollback: 'kept' },
  { name: 'create an alias set', before: userV1, run: aliasV1, type: 'Custom::WorkMailAlias', id: 'Aliases', rollback: 'kept' },
  { name: 'create a delegate', before: onlyBob, run: delegateV1, type: 'Custom::WorkMailDelegate', id: 'Delegation' },
  { name: 'update a user: attributes and primary address', before: userV1, run: userV2, type: USER, id: 'Alice' },
  { name: 'update a user: deregister', before: userV1, run: userDisabled, type: USER, id: 'Alice' },
  { name: 'update a user: register', before: userDisabled, run: userV1, type: USER, id: 'Alice' },
  { name: 'update a group: members and address', before: groupV1, run: groupV2, type: GROUP, id: 'Team' },
  { name: 'update a room: description, booking options, delegates', before: roomV1, run: roomV2, type: ROOM, id: 'Room' },
  { name: 'update an alias set', before: aliasV1, run: aliasV2, type: 'Custom::WorkMailAlias', id: 'Aliases' },
  { name: 'replace a delegate (another delegate)', before: delegateV2, run: delegateMoved, type: 'Custom::WorkMailDelegate', id: 'Delegation' },
  { name: 'rename a user: the new user', before: userV1, run: renamed, type: USER, id: 'Alice', registersLast: true, rollback: 'kept' },
  { name: 'rename a user: delete of the old one (cleanup)', before: userV1, run: renamed, type: USER, id: 'Alice', event: 2, cleanup: true },
  { name: 'delete a user (DESTROY)', before: userV1, run: 'destroy', type: USER, id: 'Alice' },
  { name: 'remove a RETAIN user from the stack', before: retained, run: onlyBob, type: USER, id: 'Alice' },
  { name: 'rollback of an update', before: userV1, run: failingUpdate, type: USER, id: 'Alice', event: 2, fails: true },
];

interface Outcome {
  readonly organization: SeedOrganization;
  /** The organization before the crashed step (after the path's first deployment). */
  readonly before?: SeedOrganization;
  readonly error?: LocalDeployError;
  readonly log: string[];
  /** WorkMail calls the run made. */
  readonly calls: number;
}

/** How much later a deployment is run again after a rollback: well past the clock skew the handler allows. */
const RUN_AGAIN_AFTER_MS = 10 * 60_000;

/** Runs a path on a fresh emulator, with or without a crash; `again` runs the same step a second time, later. */
async function runPath(p: LifecyclePath, crash?: Omit<CrashInjection, 'logicalId' | 'event'>, again = false): Promise<Outcome & { first?: Outcome }> {
  const emulator: RunningEmulator = await startEmulator({ seed: SEED });
  const stateFile = path.join(workdir, `state-${Math.random().toString(36).slice(2)}.json`);
  const log: string[] = [];
  const clock = () => emulator.clock.now();
  const options = (dir: string, withCrash?: CrashInjection): LocalRunnerOptions => ({
    cloudAssemblyDir: dir, stateFile, workmailEndpoint: emulator.endpoint, log: (line) => log.push(line), crash: withCrash, clock,
  });
  try {
    if (p.before) await deploy(options(synth(p.before)));
    const before = liveOrganization(emulator);
    const runDir = p.run === 'destroy' ? synth(p.before!) : synth(p.run);
    const step = async (withCrash?: CrashInjection) => {
      emulator.resetCalls();
      try {
        if (p.run === 'destroy') await destroy(options(runDir, withCrash));
        else await deploy(options(runDir, withCrash));
        return undefined;
      } catch (e) {
        if (e instanceof LocalDeployError) return e;
        throw e;
      }
    };
    const crashedIn = p.run === 'destroy' || p.name.startsWith('remove') ? synth(p.before!) : runDir;
    const target = crash && { ...crash, logicalId: logicalIdOf(crashedIn, p.type, p.id), event: p.event };
    const error = await step(target);
    const snapshot = (): Outcome => ({ organization: liveOrganization(emulator), before, error, log: [...log], calls: emulator.calls.length });
    if (!again) return snapshot();
    const first = snapshot();
    emulator.clock.advance(RUN_AGAIN_AFTER_MS);
    const secondError = await step();
    return { organization: liveOrganization(emulator), error: secondError, log, calls: emulator.calls.length, first };
  } finally {
    await emulator.close();
    fs.rmSync(stateFile, { force: true });
  }
}

/** The organization in the seed shape; entities, members and delegates are sets, compared sorted. */
function liveOrganization(emulator: RunningEmulator): SeedOrganization {
  const org = emulator.seed().organizations.find((o) => o.id === ORG)!;
  // Entities in name order: independent resources are created in parallel, in no fixed order.
  const byName = <T extends { name: string }>(entities?: T[]) => entities && [...entities].sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...org,
    users: byName(org.users),
    groups: byName(org.groups?.map((g) => ({ ...g, members: [...(g.members ?? [])].sort() }))),
    resources: byName(org.resources?.map((r) => ({ ...r, delegates: [...(r.delegates ?? [])].sort() }))),
  };
}

/** A failure's message without the entity ids, which differ from run to run. */
const reason = (error?: LocalDeployError) => error?.message
  .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>').replace(/r-[0-9a-f]{32}/g, '<id>');

const crashed = (log: string[]) => log.some((line) => line.startsWith('CRASHED '));

/**
 * Every crash is redelivered. The rolled-back variant (two deployments more) runs at the first call,
 * every other one and the last, to keep the test suite's time; CRASH_MATRIX=full runs it at each call.
 */
const rolledBackAt = (call: number, last: number) => process.env.CRASH_MATRIX === 'full' || call === last || call % 2 === 1;

describe.each(PATHS.filter((p) => !process.env.CRASH_PATH || new RegExp(process.env.CRASH_PATH).test(p.name)))('$name', (p) => {
  test('crashed at each WorkMail call, before and after it is applied: redelivered, or rolled back and run again, it converges', async () => {
    const reference = await runPath(p);
    expect(!!reference.error).toBe(!!p.fails);
    const names = (o: Outcome) => (o.organization.users ?? []).map((u) => u.name).sort();
    /** Cases that did not converge, with the reason the deployment failed. */
    const refused = new Map<string, string | undefined>();
    /** Whether the rollback (no redelivery) left the organization other than before the crashed run. */
    const leftover = new Map<string, boolean>();
    for (const when of ['before-call', 'after-call'] as const) {
      let n = 1;
      for (; ; n++) {
        const redelivered = await runPath(p, { atCall: n, when, redeliver: true });
        if (!crashed(redelivered.log)) break;
        const where = `${when} ${n} redelivered`;
        expect([where, redelivered.log.filter((l) => l.startsWith('REDELIVER ')).length]).toEqual([where, 1]);
        if (reason(redelivered.error) !== reason(reference.error)) {
          refused.set(where, redelivered.error?.message);
        } else {
          expect([where, redelivered.organization]).toEqual([where, reference.organization]);
        }
      }
      for (let k = 1; k < n; k++) {
        if (!rolledBackAt(k, n - 1)) continue;
        const rolledBack = await runPath(p, { atCall: k, when }, true);
        const again = `${when} ${k} rolled back, run again`;
        if (p.cleanup) {
          // The deployment completes without the old entity's Delete, which is never sent again: the old user
          // stays (deregistered once its DeregisterFromWorkMail was applied), unless its DeleteUser was.
          expect([again, rolledBack.first!.error, rolledBack.first!.log.some((l) => l.startsWith('DELETE_FAILED '))]).toEqual([again, undefined, true]);
          const left = names(rolledBack);
          expect([again, left]).toEqual([again, left.includes('alice') ? [...names(reference), 'alice'].sort() : names(reference)]);
          continue;
        }
        expect([again, rolledBack.first!.error?.message ?? 'no failure']).not.toEqual([again, 'no failure']);
        const asBefore = isDeepStrictEqual(rolledBack.first!.organization, rolledBack.first!.before);
        leftover.set(`${when} ${k}`, !asBefore);

        if (reason(rolledBack.error) !== reason(reference.error)) {
          refused.set(again, rolledBack.error?.message);
        } else {
          expect([again, rolledBack.organization]).toEqual([again, reference.organization]);
        }
      }
      counts.set(`${p.name} (${when})`, n - 1);
      // A create killed after its last call leaves what it made: the rollback skips a failed create's Delete.
      if (p.rollback === 'kept' && when === 'after-call') expect(leftover.get(`after-call ${n - 1}`)).toBe(true);
      if (process.env.CRASH_COUNTS) {
        const left = [...leftover].filter(([, l]) => l).map(([k]) => k);
        process.stdout.write(`${p.name}: rolled back, not as before after ${left.join(', ') || 'none'}\n`);
      }
      // Every path but the removal of a retained entity makes WorkMail calls, and each was crashed once.
      expect(n - 1 > 0).toBe(p.name !== 'remove a RETAIN user from the stack');
      if (p.registersLast && when === 'after-call') {
        // Redelivered, the registered entity is claimed (it converged above). Only a later deployment,
        // a new operation, refuses the registered leftover, with the way out.
        expect([...refused.keys()]).toEqual([`after-call ${n - 1} rolled back, run again`]);
        for (const message of refused.values()) expect(message).toMatch(/NameAvailabilityException: .* set adoptExisting: true/);
        refused.clear();
      }
    }
    expect(Object.fromEntries(refused)).toEqual({});
  }, 20 * 60_000);
});

const counts = new Map<string, number>();
afterAll(() => {
  if (process.env.CRASH_COUNTS) process.stdout.write(`${[...counts].map(([k, v]) => `${v}\t${k}`).join('\n')}\n`);
});
