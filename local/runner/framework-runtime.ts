/**
 * The custom resource provider framework's own runtime, the code of the
 * framework's onEvent Lambda function, loaded from the installed aws-cdk-lib.
 *
 * The runner runs this code rather than an imitation of it, so the contract
 * CloudFormation sees (default PhysicalResourceId = RequestId, the marker id of
 * a failed Create whose Delete is skipped, Delete may not change the id, a new
 * id on Update means replacement) is the framework's own.
 *
 * The file is internal to aws-cdk-lib (not in the package's exports), so it is
 * loaded by path; the version it was tested with is pinned below.
 */
import * as fs from 'fs';
import * as path from 'path';
import { freshRequire } from './fresh-require';

/** The aws-cdk-lib version whose framework runtime the runner was tested with. */
export const TESTED_AWS_CDK_LIB_VERSION = '2.276.0';

const RUNTIME_DIR = 'custom-resources/lib/provider-framework/runtime';

/** The CloudFormation request the framework's onEvent receives (its Lambda event). */
export interface CfnRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly PhysicalResourceId?: string;
}

export interface FrameworkRuntime {
  readonly file: string;
  readonly version: string;
  /** The framework Lambda's handler: answers CloudFormation by a PUT to the request's ResponseURL. */
  onEvent(request: CfnRequest): Promise<void>;
}

export interface FrameworkLocation {
  readonly file: string;
  readonly version: string;
}

/** Where the installed aws-cdk-lib keeps the framework runtime; fails clearly if it moved. */
export function locateFramework(): FrameworkLocation {
  let packageJson: string;
  try {
    packageJson = require.resolve('aws-cdk-lib/package.json');
  } catch {
    throw new Error('aws-cdk-lib is not installed: the local runner runs the provider framework from it');
  }
  const version = (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const file = path.join(path.dirname(packageJson), RUNTIME_DIR, 'framework.js');
  return { file, version };
}

/**
 * Loads a new instance of the framework runtime (so that its SDK clients pick
 * up this run's local endpoints).
 */
export function loadFramework(location: FrameworkLocation = locateFramework()): FrameworkRuntime {
  if (!fs.existsSync(location.file)) {
    throw new Error(
      `the provider framework runtime is not at ${location.file} in aws-cdk-lib ${location.version}; ` +
      `the local runner was tested with aws-cdk-lib ${TESTED_AWS_CDK_LIB_VERSION}, whose runtime is ${RUNTIME_DIR}/framework.js: ` +
      'update the path in local/runner/framework-runtime.ts',
    );
  }
  const runtime = freshRequire(location.file);
  const onEvent = runtime.onEvent;
  if (typeof onEvent !== 'function') {
    throw new Error(`${location.file} (aws-cdk-lib ${location.version}) exports no onEvent function; the local runner was tested with aws-cdk-lib ${TESTED_AWS_CDK_LIB_VERSION}`);
  }
  return {
    file: location.file,
    version: location.version,
    onEvent: async (request) => { await (onEvent as (r: CfnRequest) => Promise<void>)(request); },
  };
}
