/**
 * The WorkMail custom resources a synthesized app declares, with their properties resolved as far as
 * the template alone allows: the runner's intrinsic resolver, with `Ref` and `Fn::GetAtt` of the
 * app's resources left as reference markers (see references.ts). A property the resolver refuses
 * (e.g. `Fn::ImportValue`) is kept aside with the reason, so that field is reported unchecked.
 */
import { referenceMarker } from './references';
import {
  IntrinsicError, partitionOf, readStack, Resolver, ResourceValues, stackNames, StackArtifact, toCfnStrings,
} from '../../local/runner';
import { WorkMailResourceType, WorkMailResourceTypeName } from '../../src/provider/resource-properties';

const WORKMAIL_TYPES: readonly string[] = Object.values(WorkMailResourceType);

/** Properties that carry nothing to compare. */
const IGNORED_PROPERTIES = ['ServiceToken'];

/** One WorkMail custom resource of the app. */
export interface Declaration {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: WorkMailResourceTypeName;
  /** CloudFormation's strings, with reference markers where a deployed stack would put a value. */
  readonly properties: Record<string, unknown>;
  /** Properties (or `Name[index]` list items) the resolver could not resolve, with its reason. */
  readonly unresolvable: ReadonlyMap<string, string>;
  /** The template's policies (what becomes of the entity when it leaves the stack or is replaced). */
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

export interface AppDeclarations {
  readonly stacks: string[];
  readonly declarations: Declaration[];
}

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT = '123456789012';

function markerValues(stack: string): ResourceValues {
  return {
    ref: (logicalId) => referenceMarker({ stack, logicalId }),
    getAtt: (logicalId, attribute) => referenceMarker({ stack, logicalId, attribute }),
  };
}

/** What a template is read from: its stack's name, template and environment. */
export type TemplateSource = Pick<StackArtifact, 'stackName' | 'template' | 'account' | 'region'>;

function resolverFor(stack: TemplateSource, values: ResourceValues): Resolver {
  const region = stack.region ?? DEFAULT_REGION;
  const account = stack.account ?? DEFAULT_ACCOUNT;
  const { partition, urlSuffix } = partitionOf(region);
  return new Resolver(stack.template, {
    region,
    account,
    partition,
    urlSuffix,
    stackName: stack.stackName,
    stackId: `arn:${partition}:cloudformation:${region}:${account}:stack/${stack.stackName}/not-deployed`,
  }, values);
}

const NOT_RESOLVED = Symbol('not resolved');

/** Resolves one value; an intrinsic the resolver refuses is recorded under `key`. */
function resolveOne(resolver: Resolver, value: unknown, where: string, key: string, unresolvable: Map<string, string>): unknown {
  try {
    return toCfnStrings(resolver.resolve(value, where));
  } catch (err) {
    if (!(err instanceof IntrinsicError)) throw err;
    unresolvable.set(key, err.message);
    return NOT_RESOLVED;
  }
}

function resolveProperties(resolver: Resolver, raw: Record<string, unknown>, where: string): Pick<Declaration, 'properties' | 'unresolvable'> {
  const properties: Record<string, unknown> = {};
  const unresolvable = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    if (IGNORED_PROPERTIES.includes(key)) continue;
    // List items one by one: one member that cannot be resolved leaves the others comparable.
    const resolved = Array.isArray(value)
      ? value.map((item, index) => resolveOne(resolver, item, where, `${key}[${index}]`, unresolvable)).filter((item) => item !== NOT_RESOLVED)
      : resolveOne(resolver, value, where, key, unresolvable);
    if (resolved !== NOT_RESOLVED) properties[key] = resolved;
  }
  return { properties, unresolvable };
}

/**
 * The WorkMail custom resources of one template, in template order. `values`: what `Ref` and `Fn::GetAtt`
 * of its resources stand for (default: reference markers, for a template never deployed).
 */
export function templateDeclarations(stack: TemplateSource, values: ResourceValues = markerValues(stack.stackName)): Declaration[] {
  const resolver = resolverFor(stack, values);
  const result: Declaration[] = [];
  for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
    if (!WORKMAIL_TYPES.includes(resource.Type)) continue;
    const where = `${stack.stackName}/${logicalId}`;
    if (resource.Condition !== undefined && !resolver.condition(resource.Condition)) continue;
    result.push({
      stack: stack.stackName,
      logicalId,
      type: resource.Type as WorkMailResourceTypeName,
      deletionPolicy: resource.DeletionPolicy,
      updateReplacePolicy: resource.UpdateReplacePolicy,
      ...resolveProperties(resolver, resource.Properties ?? {}, where),
    });
  }
  return result;
}

/** Every WorkMail custom resource of the app (or of one stack), in template order. */
export function readDeclarations(appDir: string, stackName?: string): AppDeclarations {
  const names = stackName === undefined ? stackNames(appDir) : [readStack(appDir, stackName).stackName];
  const stacks = names.map((name) => readStack(appDir, name));
  return { stacks: names, declarations: stacks.flatMap((stack) => templateDeclarations(stack)) };
}
