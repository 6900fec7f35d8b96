/**
 * One scenario: an organization with hand-made entities in a fresh emulator, random steps each deployed
 * through the local runner (IAM enforced) under injected faults, the organization checked after every
 * step against the model, and finally destroy.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeApp } from './app-builder';
import { AppDeclaration, byKey, EMPTY_APP, registers, replaces } from './declaration';
import { NameSource, nextStep, scenarioOrganization, Step, WEAK_PASSWORD, WEAK_SECRET_NAME } from './generator';
import { applyDeploy, applyDestroy, ModelState } from './model';
import { cloneState, diffStates, formatDiff, isClean, nameKey, OrgState, stateOfSeed, StateDiff } from './org-state';
import { deriveSeed, Random } from './random';
import { afterRollback, rollbackResets } from './rollback-resets';
import { BehaviourOptions, FaultOptions, parseBehaviour, RunningEmulator, startEmulator } from '../local/emulator';
import { newBookingOptions } from '../local/emulator/state';
import { deploy, destroy, LocalDeployError, LocalRunnerOptions } from '../local/runner';

export interface ScenarioOptions {
  /** The campaign's seed; the scenario's own seed derives from it and the scenario's number. */
  readonly seed: number;
  /** 1-based. */
  readonly scenario: number;
  readonly steps: number;
  /** Share of steps made to fail on purpose. */
  readonly failureRate: number;
  /** Fault rates; their PRNG is seeded per step from the scenario's seed. */
  readonly faults: Omit<FaultOptions, 'seed'>;
  /** Events the runner runs at once (1: one at a time, in template order); undefined: the runner's default (parallel). */
  readonly concurrency?: number;
  /** With `log`, also print the handler's failed calls and decisions. */
  readonly verbose?: boolean;
  /** A step's log line (what changed, how the deploy went). */
  readonly log?: (line: string) => void;
  /** The emulator's answers where the service is undocumented; default its defaults. */
  readonly behaviour?: BehaviourOptions;
}

/** What a scenario counts; the campaign's figures are their sums. */
export interface ScenarioCounts {
  readonly steps: number;
  readonly deploys: number;
  readonly failedOnPurpose: number;
  /** Deploys that failed (and rolled back) because one call met a fault at every attempt the SDK makes. */
  readonly exhausted: number;
  readonly faults: number;
  /** Calls the emulator answered with an error the SDK retries (throttling, transient 5xx), from its calls log. */
  readonly retryableAnswers: number;
  /** Retries the SDK made, from the handler's log (each call's attempts beyond the first). */
  readonly retries: number;
}

export interface ScenarioResult extends ScenarioCounts {
  readonly scenario: number;
  readonly scenarioSeed: number;
  /** Empty when every check held. */
  readonly problems: Problem[];
  readonly ms: number;
}

export interface Problem {
  /** The step (1-based; steps + 1 is the destroy). */
  readonly step: number;
  readonly what: string;
  readonly details: string[];
  /** Entities the organization held that it should not (leaks) in this problem's diff. */
  readonly leaks: number;
  readonly mismatches: number;
}

/** A deploy's failure reason when a call met a retryable fault at its last attempt. */
const RETRIES_EXHAUSTED = /: (ThrottlingException|InternalFailure|ServiceUnavailable): /;

/** Answers the SDK retries: throttling and the transient 5xx statuses. */
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const isRetryable = (call: { status: number; errorName?: string }) =>
  RETRYABLE_STATUS.has(call.status) || call.errorName === 'ThrottlingException' || call.errorName === 'LimitExceededException';

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const scenarioSeed = deriveSeed(options.seed, options.scenario);
  const random = new Random(scenarioSeed);
  const organization = scenarioOrganization(random, options.scenario);
  const emulator = await startEmulator({ seed: { organizations: [organization] }, behaviour: options.behaviour });
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-campaign-'));
  const secretsFile = path.join(workdir, 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify({ [WEAK_SECRET_NAME]: WEAK_PASSWORD }));
  const problems: Problem[] = [];
  let deploys = 0;
  let failedOnPurpose = 0;
  let stepsRun = 0;
  let retries = 0;
  let exhausted = 0;
  const log = options.log ?? (() => undefined);

  const actual = (): OrgState => stateOfSeed(emulator.seed().organizations.find((o) => o.id === organization.id)!);
  const runnerOptions = (cloudAssemblyDir: string): LocalRunnerOptions => ({
    cloudAssemblyDir,
    stateFile: path.join(workdir, 'state.json'),
    secretsFile,
    workmailEndpoint: emulator.endpoint,
    functionLog: (line) => {
      if (options.verbose && /"outcome":"error"|"decision"/.test(line)) log(`    handler: ${line.slice(line.indexOf('{'))}`);
      const attempts = /"attempts":(\d+)/.exec(line);
      if (attempts) retries += Number(attempts[1]) - 1;
    },
    concurrency: options.concurrency,
  });
  const withFaults = async <T>(step: number, run: () => Promise<T>): Promise<T> => {
    emulator.setFaults({ ...options.faults, seed: deriveSeed(scenarioSeed, step) });
    try {
      return await run();
    } finally {
      emulator.setFaults({});
    }
  };
  const check = (step: number, what: string, expected: OrgState, leftover: ReadonlyMap<string, string> = new Map()): boolean => {
    const diff = diffStates(withoutAliases(expected, leftover), withoutAliases(actual(), leftover));
    if (isClean(diff)) return true;
    problems.push(problemOf(step, what, diff));
    return false;
  };

  let model: ModelState = { org: actual(), bindings: new Map(), newResourceBooking: newBookingOptions(parseBehaviour(options.behaviour ?? {})) };
  let app: AppDeclaration = EMPTY_APP;
  /** What the organization must hold after `failed` rolled back: `before`, but for the two documented effects. */
  const rolledBack = (before: OrgState, failed: AppDeclaration) => {
    const leftover = rolledBackEmails(app, failed);
    const resets = rollbackResets(app, failed, model.bindings, before);
    return { expected: afterRollback(before, resets, withoutAliases(actual(), leftover)), leftover };
  };
  let assembly: string | undefined;
  const names = new NameSource();
  try {
    for (let step = 1; step <= options.steps && problems.length === 0; step++) {
      stepsRun = step;
      const bound = new Set([...model.bindings.values()].map((b) => nameKey(b.name)));
      const next: Step = nextStep({ random, names, previous: app, org: model.org, bound, failureRate: options.failureRate });
      let outdir: string;
      try {
        outdir = synthesizeApp(next.app, organization.id, path.join(workdir, `step-${step}`));
      } catch (e) {
        // The generator made a declaration the constructs refuse at synth: a campaign bug, reported like any other.
        problems.push({ step, what: `synth failed: ${(e as Error).message}`, details: next.changes.map((c) => `  ${c}`), leaks: 0, mismatches: 0 });
        break;
      }
      const before = actual();
      log(`  step ${step}: ${next.changes.join('; ') || '(no change)'}${next.failure ? `; made to fail: ${next.failure}` : ''}`);
      deploys += 1;
      const error = await withFaults(step, () => deploy(runnerOptions(outdir))).then(() => undefined, (e: unknown) => e);
      if (error !== undefined && !(error instanceof LocalDeployError)) throw error;
      if (next.failure) {
        failedOnPurpose += 1;
        if (error === undefined) {
          problems.push({ step, what: `a step made to fail (${next.failure}) was deployed`, details: [], leaks: 0, mismatches: 1 });
          break;
        }
        if (!error.rolledBack) problems.push({ step, what: `rollback incomplete: ${error.message}`, details: [], leaks: 0, mismatches: 1 });
        log(`    failed as intended: ${error.message}`);
        const { expected, leftover } = rolledBack(before, next.app);
        if (check(step, `after the failed step (${next.failure}), the organization differs from before it`, expected, leftover)) {
          model = { ...model, org: keepLeftovers(expected, actual(), leftover) };
        }
        continue;
      }
      if (error !== undefined && error.rolledBack && RETRIES_EXHAUSTED.test(error.reason)) {
        // Every attempt of one call met a fault (with the client's 16 attempts, about 1 call in 20 million at these rates): the
        // deployment fails and rolls back like a failed step, which is what is checked; the app stays as it was.
        exhausted += 1;
        log(`    gave up after the SDK's attempts: ${error.message}`);
        const { expected, leftover } = rolledBack(before, next.app);
        if (check(step, 'after a deploy that ran out of retries, the organization differs from before it', expected, leftover)) {
          model = { ...model, org: keepLeftovers(expected, actual(), leftover) };
        }
        continue;
      }
      if (error !== undefined) {
        problems.push({ step, what: `deploy failed: ${error.message}`, details: [], leaks: 0, mismatches: 1 });
        const { expected, leftover } = rolledBack(before, next.app);
        check(step, 'after the unexpected failure, the organization differs from before it', expected, leftover);
        break;
      }
      const expected = applyDeploy(model, app, next.app);
      if (check(step, 'the organization differs from the declaration', expected.org)) {
        model = expected;
        app = next.app;
        assembly = outdir;
      }
    }
    if (problems.length === 0 && assembly !== undefined) {
      const step = options.steps + 1;
      stepsRun = step;
      deploys += 1;
      const error = await withFaults(step, () => destroy(runnerOptions(assembly!))).then(() => undefined, (e: unknown) => e);
      if (error !== undefined) {
        problems.push({ step, what: `destroy failed: ${(error as Error).message}`, details: [], leaks: 0, mismatches: 1 });
      } else {
        check(step, 'after destroy, the organization holds something the stack made (or lost something it should keep)', applyDestroy(model, app).org);
      }
    }
  } finally {
    await emulator.close();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  const counts = emulator.faultCounts();
  return {
    scenario: options.scenario,
    scenarioSeed,
    steps: Math.min(stepsRun, options.steps),
    deploys,
    failedOnPurpose,
    faults: counts.throttled + counts.serverErrors + counts.lostResponses + counts.queuedFailures,
    exhausted,
    retryableAnswers: retryableAnswers(emulator),
    retries,
    problems,
    ms: Date.now() - started,
  };
}

/**
 * The one documented leftover of a rolled back step: the rollback of an email change makes the old address
 * primary again, and WorkMail keeps the address the failed deployment had made primary as an alias. The
 * handler cannot tell it from an alias someone made by hand, so it leaves it (README, reliability). These
 * addresses are left out of the comparison after a failed step (whether the entity was updated before the
 * failure or not); everything else must be as before.
 */
function rolledBackEmails(deployed: AppDeclaration, failed: AppDeclaration): Map<string, string> {
  const previous = byKey(deployed);
  const left = new Map<string, string>();
  for (const decl of failed.entities) {
    const old = previous.get(decl.key);
    if (!old || replaces(old, decl) || !registers(old) || !registers(decl) || old.email === decl.email) continue;
    left.set(nameKey(old.name), decl.email!.toLowerCase());
  }
  return left;
}

/** The model from now on holds the leftover aliases the organization really kept (an alias nobody declares stays). */
function keepLeftovers(expected: OrgState, actualState: OrgState, left: ReadonlyMap<string, string>): OrgState {
  const result = cloneState(expected);
  for (const [name, address] of left) {
    const kept = actualState.get(name)?.aliases.find((a) => a.toLowerCase() === address);
    if (kept) result.get(name)!.aliases.push(kept);
  }
  return result;
}

function withoutAliases(state: OrgState, left: ReadonlyMap<string, string>): OrgState {
  const result = cloneState(state);
  for (const [name, address] of left) {
    const entity = result.get(name);
    if (entity) entity.aliases = entity.aliases.filter((a) => a.toLowerCase() !== address);
  }
  return result;
}

function retryableAnswers(emulator: RunningEmulator): number {
  return emulator.calls.filter(isRetryable).length;
}

function problemOf(step: number, what: string, diff: StateDiff): Problem {
  return { step, what, details: formatDiff(diff), leaks: diff.extra.length, mismatches: diff.missing.length + diff.fields.length };
}
