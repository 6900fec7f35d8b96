/**
 * Deploy: the part of a CloudFormation stack update that matters to custom
 * resources, in dependency order (with the secrets and the IAM policies they
 * need, created, updated and deleted in that order too), every resource whose
 * dependencies are done at once, up to `concurrency` (scheduler.ts).
 *
 * - before any event: every secret the custom resources import must be known
 *   (imported-secrets.ts);
 * - new resource → Create; changed resolved properties → Update (with
 *   OldResourceProperties and PhysicalResourceId); unchanged → nothing;
 * - an Update answered with a new PhysicalResourceId is a replacement: once
 *   every create and update has succeeded, the cleanup phase deletes the old
 *   id with the OLD properties (unless UpdateReplacePolicy is Retain), and the
 *   resources that left the template (unless DeletionPolicy is Retain), in
 *   reverse dependency order; a failed cleanup Delete is reported and skipped;
 *   each through its provider as deployed at that moment: the new template's,
 *   else the deployed template's (a provider that left the template goes after
 *   the resources it served), which the state file keeps;
 * - when an event fails, no resource starts any more; once those in flight
 *   have finished, what this deploy did is undone in reverse dependency order
 *   (created → Delete, updated → Update back, replaced → Update back on the new
 *   id; if that Update answers another id, the rollback cleanup phase deletes
 *   the new id with the new properties, unless UpdateReplacePolicy is Retain),
 *   then the failure is thrown; the state file is written on success, and
 *   after a rollback only when a replacement's rollback changed a resource's id
 *   or Data;
 * - the stack status DescribeStacks answers follows the phases, as in
 *   CloudFormation: CREATE_/UPDATE_IN_PROGRESS, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS,
 *   ROLLBACK_/UPDATE_ROLLBACK_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS.
 */
import { isDeepStrictEqual } from 'util';
import { deleteResource } from './delete-resource';
import { checkImportedSecrets } from './imported-secrets';
import { toCfnStrings } from './intrinsics';
import { reversePlan } from './ordering';
import { concurrencyOf, schedule } from './scheduler';
import { generateSecretString, GenerateSecretStringSpec, newSecretArn, newVersionId, StoredSecret } from './secrets';
import { EventResult, ResourceEvent, Session } from './session';
import { openStackContext, StackContext } from './stack-context';
import { resolveStackOutputs } from './stack-outputs';
import { deployTimes, LocalStackState, ResourceState, saveState, STATE_VERSION } from './state';
import { DeployResult, LocalDeployError, LocalRunnerOptions, ResourceOutcome, summarizeReason } from './types';

/** An event failed: carries the CloudFormation Reason to the rollback. */
class ResourceFailure extends Error {
  constructor(public readonly logicalId: string, public readonly reason: string) {
    super(reason);
  }
}

type Properties = Record<string, unknown>;
/** What a resource's state records besides its physical id, properties and data. */
type Meta = Pick<ResourceState, 'dependsOn' | 'deletionPolicy' | 'updateReplacePolicy' | 'provider'>;
type MutableOutcome = { -readonly [K in keyof ResourceOutcome]: ResourceOutcome[K] };

/** A Delete of a cleanup phase. */
interface DeleteItem {
  readonly logicalId: string;
  /** The resource to delete: its physical id and the properties it is deleted with. */
  readonly entry: ResourceState;
  readonly retain: boolean;
}

interface CleanupItem extends DeleteItem {
  /** The outcome to complete: a REPLACE (its old id goes), or the DELETE of a resource that left the template. */
  readonly outcome: MutableOutcome;
}

interface DeleteResult {
  readonly action: 'DELETE' | 'RETAIN';
  readonly error?: string;
}

export async function runDeploy(options: LocalRunnerOptions): Promise<DeployResult> {
  const started = performance.now();
  const concurrency = concurrencyOf(options.concurrency);
  const ctx = openStackContext(options);
  const { model, previous } = ctx;
  const present = model.deployable.filter(id => {
    const condition = model.resource(id)!.Condition;
    return condition === undefined || ctx.resolver.condition(condition);
  });
  for (const id of present) {
    const before = previous?.resources[id];
    const type = model.resource(id)!.Type;
    if (before && before.type !== type) {
      throw new LocalDeployError(id, `Update of resource type is not permitted: ${id} was ${before.type} and is now ${type}`, true);
    }
  }
  checkImportedSecrets(ctx, present.filter(id => model.kind(id) === 'custom'));
  const presentIds = new Set(present);
  const removed = Object.keys(previous?.resources ?? {}).filter(id => !presentIds.has(id));
  const providers = new Set([
    ...present.map(id => model.providerOf(id)),
    ...removed.map(id => previous!.resources[id].provider).filter(p => p && ctx.providerTemplate(p)),
  ].filter((p): p is string => p !== undefined));

  const times = deployTimes(previous, new Date((options.clock ?? Date.now)()));
  const session = await Session.open(ctx, providers);
  session.stackStatus = previous ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS';
  session.stackTimes = times;
  try {
    const deployment = new Deployment(ctx, session, concurrency);
    const applied = new Map<string, MutableOutcome>();
    const cleanup: CleanupItem[] = [];
    // Template dependency order: the order of a one-at-a-time run, and of ties.
    const { failures } = await schedule({
      ids: present,
      prerequisitesOf: id => model.deployedDependencies(id),
      concurrency,
      stopOnFailure: true,
    }, async (id) => {
      try {
        applied.set(id, await deployment.apply(id, cleanup));
      } catch (e) {
        throw e instanceof ResourceFailure ? e : new ResourceFailure(id, e instanceof Error ? e.message : String(e));
      }
    });
    // The first failure is the stack's; those of other resources in flight are in their own lines.
    if (failures.length > 0) await deployment.rollback(failures[0].error as ResourceFailure);

    const outcomes: MutableOutcome[] = present.map(id => applied.get(id)!);
    for (const id of removed) {
      const entry = previous!.resources[id];
      const outcome: MutableOutcome = { logicalId: id, type: entry.type, action: 'DELETE', physicalId: entry.physicalId };
      outcomes.push(outcome);
      cleanup.push({ logicalId: id, entry, retain: isRetain(entry.deletionPolicy), outcome });
    }
    if (previous) session.stackStatus = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
    await deployment.cleanup(cleanup);

    const state: LocalStackState = {
      version: STATE_VERSION,
      stackName: ctx.stack.stackName,
      stackId: ctx.pseudo.stackId,
      region: ctx.pseudo.region,
      account: ctx.pseudo.account,
      resources: Object.fromEntries(present.map(id => [id, ctx.live.get(id)!])),
      secrets: ctx.secrets.persisted(),
      outputs: resolveStackOutputs(ctx.stack.template, ctx.resolver),
      providers: { template: model.providersTemplate(), assets: Object.fromEntries(ctx.stack.assetsByObjectKey) },
      creationTime: times.creationTime.toISOString(),
      ...(times.lastUpdatedTime ? { lastUpdatedTime: times.lastUpdatedTime.toISOString() } : {}),
    };
    saveState(ctx.stateFile, state);
    const wallTimeMs = Math.round(performance.now() - started);
    return { outcomes, state, stats: { wallTimeMs, ...session.eventCounts, concurrency } };
  } finally {
    await session.close();
  }
}

/** DeletionPolicy / UpdateReplacePolicy values that keep the resource. */
function isRetain(policy: string | undefined, onCreateRollback = false): boolean {
  return policy === 'Retain' || (policy === 'RetainExceptOnCreate' && !onCreateRollback);
}

class Deployment {
  /** How to undo what this deploy did to each resource. */
  private readonly undo = new Map<string, () => Promise<unknown>>();
  /** New ids of rolled back replacements that the rollback cleanup phase deletes. */
  private readonly rollbackCleanup: DeleteItem[] = [];
  /** Resources whose replacement was rolled back, as the rollback left them. */
  private readonly rolledBack = new Map<string, ResourceState>();

  constructor(private readonly ctx: StackContext, private readonly session: Session, private readonly concurrency: number) {}

  /** Creates, updates or leaves one resource, recording how to undo it. */
  public async apply(id: string, cleanup: CleanupItem[]): Promise<MutableOutcome> {
    const resource = this.ctx.model.resource(id)!;
    const before = this.ctx.previous?.resources[id];
    const where = `${id} (${resource.Type})`;
    let resolved: Properties;
    try {
      resolved = this.ctx.resolver.resolve(resource.Properties ?? {}, where) as Properties;
    } catch (e) {
      throw this.fail(before ? 'UPDATE_FAILED' : 'CREATE_FAILED', id, resource.Type, before?.physicalId, (e as Error).message);
    }
    const meta = {
      dependsOn: this.ctx.model.deployedDependencies(id),
      deletionPolicy: resource.DeletionPolicy,
      updateReplacePolicy: resource.UpdateReplacePolicy,
      provider: this.ctx.model.providerOf(id),
    };
    const retainReplaced = isRetain(resource.UpdateReplacePolicy);
    if (this.ctx.model.kind(id) === 'secret') {
      return this.applySecret(id, resource.Type, resolved, before, meta, cleanup, retainReplaced);
    }
    if (this.ctx.model.kind(id) === 'policy') {
      return this.applyPolicy(id, resource.Type, resolved, before, meta);
    }
    return this.applyCustom(id, resource.Type, toCfnStrings(resolved) as Properties, before, meta, cleanup, retainReplaced);
  }

  /** Undoes this deploy, dependents first (in parallel where independent), then throws the failure. */
  public async rollback(failure: ResourceFailure): Promise<never> {
    const stack = `AWS::CloudFormation::Stack ${this.ctx.stack.stackName}`;
    const kind = this.ctx.previous ? 'UPDATE_ROLLBACK' : 'ROLLBACK';
    this.session.stackStatus = `${kind}_IN_PROGRESS`;
    this.ctx.log(`${kind}_IN_PROGRESS ${stack} ${summarizeReason(failure.reason)}`);
    // By the dependencies of the template being deployed, as the steps were done; one at a time, in reverse template order.
    const ids = this.ctx.model.deployable.filter(id => this.undo.has(id));
    const plan = reversePlan(ids, id => this.ctx.model.deployedDependencies(id), true);
    const result = await schedule({ ...plan, concurrency: this.concurrency, stopOnFailure: false }, id => this.undo.get(id)!().then(() => undefined));
    const failed = new Map(result.failures.map(f => [f.id, (f.error as Error).message]));
    const failures = plan.ids.filter(id => failed.has(id)).map(id => failed.get(id)!);
    if (this.ctx.previous && failures.length === 0) {
      this.session.stackStatus = 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS';
      this.ctx.log(`UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS ${stack}`);
      await this.deleteEach(this.rollbackCleanup);
    }
    this.saveRolledBack();
    this.ctx.log(`${kind}_${failures.length === 0 ? 'COMPLETE' : 'FAILED'} ${stack}`);
    throw new LocalDeployError(failure.logicalId, this.ctx.redactor.redact(failure.reason), failures.length === 0,
      failures.map(f => this.ctx.redactor.redact(f)));
  }

  /** Deletes old physical ids of replaced resources and resources that left the template, dependents first. */
  public async cleanup(items: CleanupItem[]): Promise<void> {
    const results = await this.deleteEach(items);
    for (const item of items) {
      const { action, error } = results.get(item.logicalId)!;
      const { outcome } = item;
      if (outcome.action === 'REPLACE') {
        outcome.replaced = { physicalId: item.entry.physicalId, action, ...(error ? { error } : {}) };
      } else {
        outcome.action = action;
        if (error) outcome.error = error;
      }
    }
  }

  /**
   * A cleanup phase's Deletes, dependents first, in parallel where independent: Retain
   * skips one, a failed one is reported and skipped (its dependencies are still deleted).
   */
  private async deleteEach(items: readonly DeleteItem[]): Promise<Map<string, DeleteResult>> {
    const results = new Map<string, DeleteResult>();
    const byId = new Map(items.map(i => [i.logicalId, i]));
    // The template's order first, then the previous state's: ties in a fixed order, whatever order the items came in.
    const known = new Set([...this.ctx.model.order, ...Object.keys(this.ctx.previous?.resources ?? {})]);
    const ids = [...[...known].filter(id => byId.has(id)), ...items.map(i => i.logicalId).filter(id => !known.has(id))];
    // Each resource by the dependencies it was deployed with, also through resources that stay.
    const dependsOn = (id: string) => byId.get(id)?.entry.dependsOn ?? this.ctx.previous?.resources[id]?.dependsOn ?? [];
    await schedule({ ...reversePlan(ids, dependsOn), concurrency: this.concurrency, stopOnFailure: false }, async (id) => {
      const { entry, retain } = byId.get(id)!;
      if (retain) {
        this.ctx.log(`DELETE_SKIPPED ${entry.type} ${id} ${entry.physicalId}`);
        results.set(id, { action: 'RETAIN' });
        return;
      }
      try {
        await this.delete(id, entry);
        results.set(id, { action: 'DELETE' });
      } catch (e) {
        results.set(id, { action: 'DELETE', error: (e as Error).message });
      }
    });
    return results;
  }

  /** After a rollback: the previous state, with the ids (and Data) that rolled back replacements answered. */
  private saveRolledBack(): void {
    const previous = this.ctx.previous;
    const changed = [...this.rolledBack].filter(([id, entry]) => {
      const was = previous?.resources[id];
      return entry.physicalId !== was?.physicalId || !isDeepStrictEqual(entry.data ?? {}, was?.data ?? {});
    });
    if (!previous || changed.length === 0) return;
    saveState(this.ctx.stateFile, { ...previous, resources: { ...previous.resources, ...Object.fromEntries(changed) } });
  }

  private async applyCustom(
    id: string, type: string, properties: Properties, before: ResourceState | undefined,
    meta: Meta, cleanup: CleanupItem[], retainReplaced: boolean,
  ): Promise<MutableOutcome> {
    const provider = meta.provider!;
    if (!before) {
      const result = await this.send({ requestType: 'Create', logicalId: id, resourceType: type, provider, properties });
      if (result.status === 'FAILED') {
        // CloudFormation deletes a failed create with the id it was answered with (the framework's marker, whose Delete it skips).
        this.undo.set(id, () => this.rollbackDelete(id, { type, physicalId: result.physicalId, properties, ...meta }));
        throw this.fail('CREATE_FAILED', id, type, result.physicalId, result.reason);
      }
      const entry = this.record(id, type, properties, result, meta);
      this.undo.set(id, () => this.rollbackDelete(id, entry));
      this.ctx.log(`CREATE_COMPLETE ${type} ${id} ${entry.physicalId}`);
      return { logicalId: id, type, action: 'CREATE', physicalId: entry.physicalId, data: entry.data };
    }

    if (isDeepStrictEqual(before.properties, properties)) {
      this.ctx.live.set(id, { ...before, ...meta });
      return { logicalId: id, type, action: 'NONE', physicalId: before.physicalId, data: before.data };
    }
    if (before.properties.ServiceToken !== properties.ServiceToken) {
      throw this.fail('UPDATE_FAILED', id, type, before.physicalId, 'Modifying service token is not allowed.');
    }
    const result = await this.send({
      requestType: 'Update',
      logicalId: id,
      resourceType: type,
      provider,
      properties,
      oldProperties: before.properties,
      physicalId: before.physicalId,
    });
    if (result.status === 'FAILED') {
      // The failed resource is rolled back too: it may have changed part-way.
      this.undo.set(id, () => this.rollbackUpdate(id, before, properties));
      throw this.fail('UPDATE_FAILED', id, type, before.physicalId, result.reason);
    }
    const entry = this.record(id, type, properties, result, meta);
    if (entry.physicalId !== before.physicalId) {
      this.undo.set(id, () => this.rollbackReplacement(id, before, entry));
      this.ctx.log(`UPDATE_COMPLETE ${type} ${id} ${entry.physicalId} (replaces ${before.physicalId})`);
      const outcome: MutableOutcome = { logicalId: id, type, action: 'REPLACE', physicalId: entry.physicalId, data: entry.data };
      cleanup.push({ logicalId: id, entry: before, retain: retainReplaced, outcome });
      return outcome;
    }
    this.undo.set(id, () => this.rollbackUpdate(id, before, properties));
    this.ctx.log(`UPDATE_COMPLETE ${type} ${id} ${entry.physicalId}`);
    return { logicalId: id, type, action: 'UPDATE', physicalId: entry.physicalId, data: entry.data };
  }

  /**
   * Secrets are created by the runner itself: a new ARN and value on create or
   * when the Name changes (replacement), a new value when the generation rules
   * or the SecretString change, nothing otherwise.
   */
  private applySecret(
    id: string, type: string, properties: Properties, before: ResourceState | undefined,
    meta: Meta, cleanup: CleanupItem[], retainReplaced: boolean,
  ): MutableOutcome {
    const where = `${id} (${type})`;
    const { secrets } = this.ctx;
    if (before && isDeepStrictEqual(before.properties, properties)) {
      this.ctx.live.set(id, { ...before, ...meta });
      return { logicalId: id, type, action: 'NONE', physicalId: before.physicalId };
    }
    let value: string;
    try {
      value = secretValue(properties, where);
    } catch (e) {
      throw this.fail(before ? 'UPDATE_FAILED' : 'CREATE_FAILED', id, type, before?.physicalId, (e as Error).message);
    }
    const name = typeof properties.Name === 'string' ? properties.Name : id;
    const oldSecret = before ? secrets.get(before.physicalId) : undefined;
    const replace = !before || properties.Name !== before.properties.Name;
    const keepValue = oldSecret && !replace
      && isDeepStrictEqual(before?.properties.GenerateSecretString, properties.GenerateSecretString)
      && before?.properties.SecretString === properties.SecretString;
    const { region, account, partition } = this.ctx.pseudo;
    const secret: StoredSecret = keepValue
      ? { ...oldSecret, name }
      : { arn: replace ? newSecretArn(region, account, partition, name) : before!.physicalId, name, secretString: value, versionId: newVersionId() };
    secrets.put(secret);
    this.ctx.redactor.add(...secrets.values());
    this.ctx.live.set(id, { type, physicalId: secret.arn, properties, ...meta });

    if (!before) {
      this.undo.set(id, async () => {
        // As CloudFormation: a Retain secret outlives the rollback of its create (here it
        // only leaves the runner's state, which returns to what it was before the deploy).
        const retained = isRetain(meta.deletionPolicy, true);
        secrets.remove(secret.arn);
        this.ctx.live.delete(id);
        this.ctx.log(`${retained ? 'DELETE_SKIPPED' : 'DELETE_COMPLETE'} ${type} ${id} ${secret.arn}`);
      });
      this.ctx.log(`CREATE_COMPLETE ${type} ${id} ${secret.arn}`);
      return { logicalId: id, type, action: 'CREATE', physicalId: secret.arn };
    }
    if (replace) {
      this.undo.set(id, async () => {
        secrets.remove(secret.arn);
        this.ctx.live.set(id, before);
        this.ctx.log(`DELETE_COMPLETE ${type} ${id} ${secret.arn}`);
      });
      this.ctx.log(`UPDATE_COMPLETE ${type} ${id} ${secret.arn} (replaces ${before.physicalId})`);
      const outcome: MutableOutcome = { logicalId: id, type, action: 'REPLACE', physicalId: secret.arn };
      cleanup.push({ logicalId: id, entry: before, retain: retainReplaced, outcome });
      return outcome;
    }
    this.undo.set(id, async () => {
      if (oldSecret) secrets.put(oldSecret);
      this.ctx.live.set(id, before);
      this.ctx.log(`UPDATE_COMPLETE ${type} ${id} ${secret.arn}`);
    });
    this.ctx.log(`UPDATE_COMPLETE ${type} ${id} ${secret.arn}`);
    return { logicalId: id, type, action: 'UPDATE', physicalId: secret.arn };
  }

  /**
   * IAM policies are made by the runner itself: deployed, they join the live
   * resources whose statements IAM enforcement evaluates. Every change is an
   * update in place, as every property of an AWS::IAM::Policy is.
   */
  private applyPolicy(id: string, type: string, properties: Properties, before: ResourceState | undefined, meta: Meta): MutableOutcome {
    if (before && isDeepStrictEqual(before.properties, properties)) {
      this.ctx.live.set(id, { ...before, ...meta });
      return { logicalId: id, type, action: 'NONE', physicalId: before.physicalId };
    }
    // Deterministic, as CloudFormation's `<stack>-<logical id>-<random>` is not.
    const physicalId = before?.physicalId ?? `${this.ctx.pseudo.stackName}-${id}`.slice(0, 128);
    const entry: ResourceState = { type, physicalId, properties, ...meta };
    this.ctx.live.set(id, entry);
    if (!before) {
      this.undo.set(id, () => this.rollbackDelete(id, entry));
      this.ctx.log(`CREATE_COMPLETE ${type} ${id} ${physicalId}`);
      return { logicalId: id, type, action: 'CREATE', physicalId };
    }
    this.undo.set(id, async () => {
      this.ctx.live.set(id, before);
      this.ctx.log(`UPDATE_COMPLETE ${type} ${id} ${physicalId}`);
    });
    this.ctx.log(`UPDATE_COMPLETE ${type} ${id} ${physicalId}`);
    return { logicalId: id, type, action: 'UPDATE', physicalId };
  }

  /** Deletes a resource (cleanup phase, rollback of a create). */
  private async delete(id: string, entry: ResourceState): Promise<void> {
    const failed = await deleteResource(this.ctx, this.session, id, entry);
    if (failed) throw new Error(`${id}: ${summarizeReason(failed.reason)}`);
  }

  /** Rollback of a create. */
  private async rollbackDelete(id: string, entry: ResourceState): Promise<void> {
    if (isRetain(entry.deletionPolicy, true)) {
      this.ctx.log(`DELETE_SKIPPED ${entry.type} ${id} ${entry.physicalId}`);
      return;
    }
    // A failed create's marker id is sent as CloudFormation does; the framework answers it without calling the handler.
    await this.delete(id, entry);
  }

  /** Rollback of an update in place: an Update back to the previous properties (on `physicalId`, default the previous id). */
  private async rollbackUpdate(id: string, before: ResourceState, attempted: Properties, physicalId = before.physicalId): Promise<EventResult> {
    const result = await this.send({
      requestType: 'Update',
      logicalId: id,
      resourceType: before.type,
      provider: before.provider ?? '',
      properties: before.properties,
      oldProperties: attempted,
      physicalId,
    });
    if (result.status === 'FAILED') {
      const reason = summarizeReason(result.reason);
      this.ctx.log(`UPDATE_FAILED ${before.type} ${id} ${physicalId} ${reason}`);
      throw new Error(`${id}: ${reason}`);
    }
    this.ctx.live.set(id, { ...before, physicalId: result.physicalId, data: result.data });
    this.ctx.log(`UPDATE_COMPLETE ${before.type} ${id} ${result.physicalId}`);
    return result;
  }

  /**
   * Rollback of a replacement, as CloudFormation does it: an Update back to the
   * previous properties on the NEW id. The resource takes the id it answers; if
   * that is not the new id, the new id is deleted (with the new properties) in
   * the rollback cleanup phase, unless UpdateReplacePolicy (of either template) is Retain.
   */
  private async rollbackReplacement(id: string, before: ResourceState, replacement: ResourceState): Promise<void> {
    const result = await this.rollbackUpdate(id, before, replacement.properties, replacement.physicalId);
    const { type, properties, dependsOn, deletionPolicy, updateReplacePolicy, provider } = before;
    this.rolledBack.set(id, this.record(id, type, properties, result, { dependsOn, deletionPolicy, updateReplacePolicy, provider }));
    if (result.physicalId !== replacement.physicalId) {
      const retain = isRetain(before.updateReplacePolicy) || isRetain(replacement.updateReplacePolicy);
      this.rollbackCleanup.push({ logicalId: id, entry: replacement, retain });
    }
  }

  private async send(event: ResourceEvent): Promise<EventResult> {
    return this.session.send(event);
  }

  private record(id: string, type: string, properties: Properties, result: EventResult, meta: Meta): ResourceState {
    const entry: ResourceState = {
      type,
      physicalId: result.physicalId,
      properties,
      data: result.data,
      ...(result.noEcho ? { noEcho: true } : {}),
      ...meta,
    };
    this.ctx.live.set(id, entry);
    return entry;
  }

  private fail(status: string, id: string, type: string, physicalId: string | undefined, reason: string): ResourceFailure {
    this.ctx.log(`${status} ${type} ${id}${physicalId ? ` ${physicalId}` : ''} ${summarizeReason(reason)}`);
    return new ResourceFailure(id, reason);
  }
}

/** The value a secret is created with: its SecretString, or one generated by its GenerateSecretString. */
function secretValue(properties: Properties, where: string): string {
  const { SecretString: literal, GenerateSecretString: spec } = properties;
  if ((literal === undefined) === (spec === undefined)) {
    throw new Error(`${where}: exactly one of SecretString and GenerateSecretString must be given`);
  }
  if (literal !== undefined) return String(literal);
  return generateSecretString((spec ?? {}) as GenerateSecretStringSpec, where);
}
