/**
 * The runner's memory of what it deployed, in place of CloudFormation's
 * stack: per resource its physical id, the properties it was last sent and
 * the Data it returned, plus the values of the secrets the runner generated.
 *
 * The file holds generated secret values: it is written with mode 0600 (in a
 * 0700 directory), atomically, and only after a deploy has succeeded or been
 * rolled back, so a failed deploy leaves it as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CfnTemplate } from './assembly';
import type { StoredSecret } from './secrets';
import type { LocalStackOutput } from './stack-outputs';

export const STATE_VERSION = 1;

export interface ResourceState {
  readonly type: string;
  readonly physicalId: string;
  /** The properties as last sent (custom resources: strings, ServiceToken included) or applied (secrets). */
  readonly properties: Record<string, unknown>;
  /** What the handler returned as Data (the resource's Fn::GetAtt attributes). */
  readonly data?: Record<string, string>;
  /** The handler asked for its Data to be masked (NoEcho). */
  readonly noEcho?: boolean;
  /** Deployed resources it depends on, for the order of deletes once the template has changed. */
  readonly dependsOn: string[];
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** Logical id of the provider framework function that serves it (custom resources). */
  readonly provider?: string;
}

export interface LocalStackState {
  readonly version: number;
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly account: string;
  readonly resources: Record<string, ResourceState>;
  /** Secrets the runner created, with their generated values. */
  readonly secrets: StoredSecret[];
  /** The template's Outputs as resolved after the deploy (absent in files of earlier versions). */
  readonly outputs?: LocalStackOutput[];
  /** The deployed template's provider functions, which serve the resources' Deletes once the app no longer has them (absent in files of earlier versions). */
  readonly providers?: DeployedProviders;
  /** When the stack was first deployed, ISO 8601 (absent in files of earlier versions). */
  readonly creationTime?: string;
  /** When the latest update that succeeded began, ISO 8601; absent until the stack is updated. */
  readonly lastUpdatedTime?: string;
}

/**
 * What the runner keeps of the deployed template so that its provider functions can run again
 * when the next template no longer holds them, as CloudFormation deletes the resources that left
 * a template through the functions of the template they were deployed with.
 */
export interface DeployedProviders {
  /** The provider framework functions and what they reference (TemplateModel.providersTemplate; nested stacks merged). */
  readonly template: CfnTemplate;
  /** The stack's staged asset directories (absolute) by object key: the handlers' code. */
  readonly assets: Record<string, string>;
}

/**
 * DescribeStacks' CreationTime (when the stack was first created) and LastUpdatedTime (when its
 * latest update began; absent until the stack is updated), as CloudFormation reports them.
 */
export interface StackTimes {
  readonly creationTime: Date;
  readonly lastUpdatedTime?: Date;
}

/** What a file of an earlier version did not record: the epoch, as CreationTime was answered before. */
const UNKNOWN_TIME = new Date(0);

/** The stack's times as a state file records them. */
export function storedTimes(state: LocalStackState): StackTimes {
  return {
    creationTime: state.creationTime === undefined ? UNKNOWN_TIME : new Date(state.creationTime),
    lastUpdatedTime: state.lastUpdatedTime === undefined ? undefined : new Date(state.lastUpdatedTime),
  };
}

/** The times of a deploy that begins at `now`: the first one creates the stack, any later one updates it. */
export function deployTimes(previous: LocalStackState | undefined, now: Date): StackTimes {
  return previous ? { creationTime: storedTimes(previous).creationTime, lastUpdatedTime: now } : { creationTime: now };
}

export function defaultStateFile(stackName: string, cwd = process.cwd()): string {
  return path.join(cwd, '.workmail-local', `${stackName}.json`);
}

export function loadState(file: string): LocalStackState | undefined {
  if (!fs.existsSync(file)) return undefined;
  let state: LocalStackState;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as LocalStackState;
  } catch {
    // Never quote the content: it holds secret values.
    throw new Error(`state file ${file} is not valid JSON; remove it only if nothing it lists is still deployed`);
  }
  if (state.version !== STATE_VERSION || typeof state.resources !== 'object') {
    throw new Error(`state file ${file} was not written by this version of the local runner (version ${String(state.version)})`);
  }
  return state;
}

export function saveState(file: string, state: LocalStackState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state, undefined, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}

export function removeState(file: string): void {
  fs.rmSync(file, { force: true });
}
