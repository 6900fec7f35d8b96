/**
 * What a stack has deployed, read-only: per WorkMail custom resource its physical id, the properties it
 * was deployed with (resolved as CloudFormation resolved them) and its policies. From the local runner's
 * state file, or from CloudFormation (see cloudformation.ts).
 */
import { loadState } from '../../local/runner/state';
import { WorkMailResourceType, WorkMailResourceTypeName } from '../../src/provider/resource-properties';
import type { Declaration } from '../drift/declarations';

const WORKMAIL_TYPES: readonly string[] = Object.values(WorkMailResourceType);

export interface DeployedResource {
  readonly physicalId: string;
  /** The properties it was deployed with, as a declaration of the deployed stack. */
  readonly declaration: Declaration;
  /** The attributes it returned (Fn::GetAtt), when known (the runner records them; CloudFormation does not serve them). */
  readonly data?: Readonly<Record<string, string>>;
}

export interface DeployedStack {
  readonly stackName: string;
  /** WorkMail custom resources by logical id. */
  readonly resources: ReadonlyMap<string, DeployedResource>;
  /** Every resource's physical id (a `Ref` of a secret, say), by logical id. */
  readonly physicalIds: ReadonlyMap<string, string>;
}

/** The properties that carry nothing the handler reads. */
export function withoutServiceToken(properties: Record<string, unknown>): Record<string, unknown> {
  const { ServiceToken: _token, ...rest } = properties;
  return rest;
}

/** The stack a runner's state file records; undefined when there is no such file (nothing deployed). */
export function deployedFromState(file: string): DeployedStack | undefined {
  const state = loadState(file);
  if (!state) return undefined;
  const resources = new Map<string, DeployedResource>();
  for (const [logicalId, resource] of Object.entries(state.resources)) {
    if (!WORKMAIL_TYPES.includes(resource.type)) continue;
    resources.set(logicalId, {
      physicalId: resource.physicalId,
      data: resource.data,
      declaration: {
        stack: state.stackName,
        logicalId,
        type: resource.type as WorkMailResourceTypeName,
        properties: withoutServiceToken(resource.properties),
        unresolvable: new Map(),
        deletionPolicy: resource.deletionPolicy,
        updateReplacePolicy: resource.updateReplacePolicy,
      },
    });
  }
  const physicalIds = new Map(Object.entries(state.resources).map(([logicalId, r]) => [logicalId, r.physicalId]));
  return { stackName: state.stackName, resources, physicalIds };
}
