/**
 * Local deploy runner: deploys, updates and destroys the WorkMail custom
 * resources of a synthesized app against a WorkMail endpoint (e.g. the
 * emulator), through the real provider framework runtime and the bundled
 * handler asset, with CloudFormation-shaped events.
 *
 * A test harness for this project's resources, not a CloudFormation: see README.md.
 */
import { runDeploy } from './deploy';
import { runDestroy } from './destroy';
import { exclusive } from './process-sandbox';
import { stackAndStateFile } from './stack-context';
import { loadState, LocalStackState } from './state';
import type { DeployResult, LocalRunnerOptions, ResourceOutcome } from './types';

export { LocalDeployError } from './types';
export type { DeployResult, DeployStats, LocalEventRecord, LocalRunnerOptions, OutcomeAction, ResourceOutcome } from './types';
export type { LocalStackState, ResourceState } from './state';
export type { StoredSecret } from './secrets';
export { TESTED_AWS_CDK_LIB_VERSION } from './framework-runtime';
// Template reading and intrinsic resolution, for tools that read an app without deploying it.
export { readStack, stackNames } from './assembly';
export type { CfnResource, CfnTemplate, StackArtifact } from './assembly';
export { IntrinsicError, partitionOf, Resolver, toCfnStrings } from './intrinsics';
export type { PseudoParameters, ResourceValues } from './intrinsics';

/** Creates or updates the stack's resources; throws LocalDeployError after rolling back. */
export function deploy(options: LocalRunnerOptions): Promise<DeployResult> {
  return exclusive(() => runDeploy(options));
}

/** Deletes every resource of the state in reverse dependency order (honouring Retain), then removes the state. */
export function destroy(options: LocalRunnerOptions): Promise<ResourceOutcome[]> {
  return exclusive(() => runDestroy(options));
}

/** The state the last deploy left, or undefined if there is none. */
export function readState(options: LocalRunnerOptions): LocalStackState | undefined {
  return loadState(stackAndStateFile(options).stateFile);
}
