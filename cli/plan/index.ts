/**
 * `cdk-workmail plan`: what deploying a synthesized app would do to its WorkMail organizations, said before
 * the deploy. Every WorkMail custom resource of the app is set against what is deployed (CloudFormation's
 * template and physical ids, or the local runner's state file) and against the live organization (only
 * List*, Describe* and Get*, and only what the app declares or the deployed stack holds), and given the
 * action the handler would take, with what would fail and why.
 */
import { deployedFromCloudFormation } from './cloudformation';
import { PlanContext } from './context';
import { DeployedResource, DeployedStack, deployedFromState } from './deployed';
import { planMailEntity } from './entities';
import { planAliasSet, planDelegation, planPermissionSet } from './relations';
import { planRemoved } from './removed';
import type { PlanAction, PlanActionName, PlanOptions, PlanReport, PlanSummary } from './types';
import { parsePhysicalId } from '../../lambda/reconcilers/mail-entity/declaration';
import { WorkMailResourceType } from '../../src/provider/resource-properties';
import { concurrencyLimit } from '../concurrency';
import { DEFAULT_DRIFT_CONCURRENCY, lookUpOrganizations, lookupValue } from '../drift';
import { declarationKey } from '../drift/compare';
import { Declaration, readDeclarations } from '../drift/declarations';
import { Findings } from '../drift/findings';
import { LiveWorkMail } from '../drift/live';
import { fillIn, Reference } from '../drift/references';

export { destroysMailbox } from './destructive';
export { formatPlan, PLAN_FORMATS } from './format';
export type { PlanFormat } from './format';
export type { PlanAction, PlanActionName, PlanChange, PlanKind, PlanOptions, PlanReport, PlanSummary } from './types';

const ID_ATTRIBUTES = ['UserId', 'GroupId', 'ResourceId', 'OrganizationId'];
const ORDER: readonly PlanActionName[] = ['replace', 'delete', 'create', 'adopt', 'update', 'retain'];
const KIND_ORDER = ['organization', 'user', 'group', 'resource', 'aliases', 'delegate', 'permissions'];

/** What a deployed stack gives a reference: a `Ref` its physical id, an id attribute the id, another attribute its recorded Data. */
function deployedValue(deployed: ReadonlyMap<string, DeployedStack | undefined>): (ref: Reference) => string | undefined {
  return (ref) => {
    const stack = deployed.get(ref.stack);
    if (ref.attribute === undefined) return stack?.physicalIds.get(ref.logicalId);
    const resource = stack?.resources.get(ref.logicalId);
    if (!resource) return undefined;
    if (ID_ATTRIBUTES.includes(ref.attribute)) return parsePhysicalId(resource.physicalId).id;
    return resource.data?.[ref.attribute];
  };
}

async function readDeployed(options: PlanOptions, stacks: string[]): Promise<Map<string, DeployedStack | undefined>> {
  const deployed = new Map<string, DeployedStack | undefined>();
  if ('stateFile' in options.deployed) {
    const state = deployedFromState(options.deployed.stateFile);
    if (state && !stacks.includes(state.stackName)) {
      throw new Error(`the state file ${options.deployed.stateFile} records stack ${state.stackName}, not ${stacks.join(', ')}`);
    }
    for (const stack of stacks) deployed.set(stack, state?.stackName === stack ? state : undefined);
    return deployed;
  }
  for (const stack of stacks) deployed.set(stack, await deployedFromCloudFormation(options.deployed.cloudFormation, stack));
  return deployed;
}

/** The deployed stacks with what `known` gives filled into their declarations. */
function filledWith(deployed: ReadonlyMap<string, DeployedStack | undefined>, known: (ref: Reference) => string | undefined):
Map<string, DeployedStack | undefined> {
  return new Map([...deployed].map(([name, stack]) => [name, stack && {
    ...stack,
    resources: new Map([...stack.resources].map(([logicalId, r]) => [logicalId, {
      ...r, declaration: { ...r.declaration, properties: fillIn(r.declaration.properties, known) as Record<string, unknown> },
    }])),
  }]));
}

function planOne(ctx: PlanContext, declaration: Declaration, deployed: DeployedResource | undefined): Promise<PlanAction | undefined> | undefined {
  const same = deployed && deployed.declaration.type === declaration.type ? deployed : undefined;
  switch (declaration.type) {
    case WorkMailResourceType.USER:
    case WorkMailResourceType.GROUP:
    case WorkMailResourceType.RESOURCE:
      return planMailEntity(ctx, declaration, same);
    case WorkMailResourceType.ALIAS: return planAliasSet(ctx, declaration, same);
    case WorkMailResourceType.DELEGATE: return planDelegation(ctx, declaration, same);
    case WorkMailResourceType.MAILBOX_PERMISSIONS: return planPermissionSet(ctx, declaration, same);
    default: return undefined;
  }
}

function sorted(actions: PlanAction[]): PlanAction[] {
  const key = (a: PlanAction) => [String(ORDER.indexOf(a.action)), a.stack, String(KIND_ORDER.indexOf(a.kind)), a.name.toLowerCase(), a.logicalId];
  return [...actions].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const i = x.findIndex((v, n) => v !== y[n]);
    return i < 0 ? 0 : x[i] < y[i] ? -1 : 1;
  });
}

function summaryOf(actions: PlanAction[], unchanged: number): PlanSummary {
  // A failing organization lookup is said, but makes nothing.
  const count = (name: PlanActionName) => actions.filter((a) => a.action === name && a.kind !== 'organization').length;
  return {
    create: count('create'),
    adopt: count('adopt'),
    update: count('update'),
    replace: count('replace'),
    delete: count('delete'),
    retain: count('retain'),
    unchanged,
    failing: actions.filter((a) => a.failure !== undefined).length,
  };
}

export async function planDeployment(options: PlanOptions): Promise<PlanReport> {
  const progress = options.progress ?? (() => undefined);
  const app = readDeclarations(options.appDir, options.stackName);
  // A state file records one stack: without --stack, that one is planned.
  const stacks = 'stateFile' in options.deployed && options.stackName === undefined
    ? planStacksOfState(options.deployed.stateFile, app.stacks) : app.stacks;
  const deployed = await readDeployed(options, stacks);
  const live = new LiveWorkMail(options.client, concurrencyLimit(options.concurrency ?? DEFAULT_DRIFT_CONCURRENCY), progress);

  const own = app.declarations.filter((d) => stacks.includes(d.stack));
  const fromDeploy = deployedValue(deployed);
  const lookupFindings = new Findings();
  // Lookups the runner deployed answer from its state (Data); the others are looked up live, as their Create would.
  const filledByDeploy = own.map((d) => ({ ...d, properties: fillIn(d.properties, fromDeploy) as Record<string, unknown> }));
  const lookups = filledByDeploy.filter((d) => d.type === WorkMailResourceType.ORGANIZATION
    && !deployed.get(d.stack)?.resources.get(d.logicalId)?.data);
  const fromLookup = lookupValue(await lookUpOrganizations(lookups, live, lookupFindings));
  const declarations = filledByDeploy.map((d) => ({ ...d, properties: fillIn(d.properties, fromLookup) as Record<string, unknown> }));
  // CloudFormation does not serve a lookup's attributes (DefaultMailDomain): the deployed template holds what it is looked up to.
  const deployedFilled = filledWith(deployed, fromLookup);
  progress(`${declarations.length} WorkMail resources in ${stacks.length} stack(s): ${stacks.join(', ')}`);

  const entities = new Map(declarations.filter((d) => [WorkMailResourceType.USER, WorkMailResourceType.GROUP, WorkMailResourceType.RESOURCE]
    .includes(d.type as never)).map((d) => [declarationKey(d.stack, d.logicalId), d]));
  const ctx: PlanContext = { live, entities, declarations, deployed: deployedFilled };
  const declaredKeys = new Set(declarations.map((d) => declarationKey(d.stack, d.logicalId)));
  const planned = await Promise.all([
    ...declarations.map((d) => planOne(ctx, d, deployedFilled.get(d.stack)?.resources.get(d.logicalId))),
    ...[...deployedFilled.values()].flatMap((stack) => [...stack?.resources ?? []]
      .filter(([logicalId]) => !declaredKeys.has(declarationKey(stack!.stackName, logicalId)))
      .map(([logicalId, resource]) => planRemoved(ctx, logicalId, resource))),
  ]);
  const actions = planned.filter((a): a is PlanAction => a !== undefined);
  // An organization alias that names no organization fails the lookup's Create.
  for (const missing of lookupFindings.differences) {
    actions.push({
      action: 'create',
      kind: 'organization',
      name: missing.entity.name,
      stack: missing.stack,
      logicalId: missing.logicalId,
      changes: [],
      reason: 'organization lookup',
      failure: `No WorkMail organization has the alias '${missing.entity.name}' in this account and region`,
    });
  }
  const mailEntities = declarations.filter((d) => d.type !== WorkMailResourceType.ORGANIZATION).length;
  const unchanged = mailEntities - planned.slice(0, declarations.length).filter((a) => a !== undefined).length;
  progress(`planned: ${actions.length} actions, ${unchanged} unchanged`);
  return { actions: sorted(actions), summary: summaryOf(actions, unchanged), stacks };
}

function planStacksOfState(stateFile: string, stacks: string[]): string[] {
  const state = deployedFromState(stateFile);
  if (!state) return stacks;
  if (!stacks.includes(state.stackName)) throw new Error(`the state file ${stateFile} records stack ${state.stackName}, which the app does not have (its stacks: ${stacks.join(', ')})`);
  return [state.stackName];
}
