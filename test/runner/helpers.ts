import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CustomResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { LocalDeployError, LocalRunnerOptions } from '../../local/runner';

export const FIXTURE_HANDLER_DIR = path.join(__dirname, 'fixtures', 'handler');

/** What a test's app gets to declare resources with. */
export interface FixtureScope {
  readonly stack: Stack;
  readonly serviceToken: string;
  /** The provider's handler function (the fixture handler). */
  readonly handler: lambda.Function;
  /** A custom resource served by the test provider; its logical id is `id`. */
  resource(id: string, properties: Record<string, unknown>, type?: string): CustomResource;
}

/** One temporary working directory per test file. */
export function workdir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `runner-${prefix}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A test file's working directory, events file and log, reset before each test. */
export interface RunnerTestFile {
  readonly dir: string;
  readonly eventsFile: string;
  /** The runner's log lines of the current test. */
  readonly lines: string[];
  /** Runner options for an app and a state file, logging to `lines`. */
  options(cloudAssemblyDir: string, stateFile: string): LocalRunnerOptions;
}

export function runnerTestFile(prefix: string): RunnerTestFile {
  const w = workdir(prefix);
  const eventsFile = path.join(w.dir, 'events.jsonl');
  const lines: string[] = [];
  afterAll(() => w.cleanup());
  beforeEach(() => {
    lines.length = 0;
    takeEvents(eventsFile);
  });
  return {
    dir: w.dir,
    eventsFile,
    lines,
    options: (cloudAssemblyDir, stateFile) => ({ cloudAssemblyDir, stateFile, workmailEndpoint: 'http://127.0.0.1:4599', log: line => lines.push(line) }),
  };
}

/** The LocalDeployError a run fails with. */
export async function failure(promise: Promise<unknown>): Promise<LocalDeployError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof LocalDeployError) return e;
    throw e;
  }
  throw new Error('expected the run to fail');
}

export interface FixtureOptions {
  /** Default: RunnerTest. */
  readonly stackNames?: string[];
  /** The provider framework function's application log level (aws-cdk-lib's default: FATAL). */
  readonly frameworkLogLevel?: lambda.ApplicationLogLevel;
}

/**
 * Synthesizes an app with one stack ("RunnerTest"; or one per name, the same in each): a provider whose
 * handler is the fixture handler (recording events to `eventsFile`), plus what `build` adds.
 */
export function synthFixture(outdir: string, eventsFile: string, build: (scope: FixtureScope) => void, fixture: FixtureOptions = {}): string {
  // The built-in template validation costs seconds per test file and checks nothing the runner needs.
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  for (const stackName of fixture.stackNames ?? ['RunnerTest']) fixtureStack(app, stackName, eventsFile, build, fixture);
  app.synth();
  return outdir;
}

function fixtureStack(app: App, stackName: string, eventsFile: string, build: (scope: FixtureScope) => void, fixture: FixtureOptions): void {
  const stack = new Stack(app, stackName);
  const onEvent = new lambda.Function(stack, 'FixtureHandler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(FIXTURE_HANDLER_DIR),
    environment: { EVENTS_FILE: eventsFile, FIXTURE_LABEL: 'from-template' },
  });
  const provider = new cr.Provider(stack, 'FixtureProvider', { onEventHandler: onEvent, frameworkLambdaLoggingLevel: fixture.frameworkLogLevel });
  build({
    stack,
    serviceToken: provider.serviceToken,
    handler: onEvent,
    resource: (id, properties, type = 'Custom::WorkMailThing') =>
      new CustomResource(stack, id, { serviceToken: provider.serviceToken, resourceType: type, properties }),
  });
}

export interface RecordedEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly RequestId: string;
  readonly StackId: string;
  readonly ResponseURL: string;
  readonly ServiceToken: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly functionName: string;
  readonly env: Record<string, string | undefined>;
  readonly secret?: { arn: string; sha256: string; length: number };
  readonly secretError?: string;
  /** The stack's status DescribeStacks answered (property StatusBy). */
  readonly stackStatus?: string;
  /** The stack's CreationTime and LastUpdatedTime DescribeStacks answered, ISO (property StatusBy). */
  readonly stackTimes?: { readonly creationTime?: string; readonly lastUpdatedTime?: string };
  /** The WorkMail call's outcome (property WorkMail): 'ok' or the error's name. */
  readonly workmail?: string;
}

/** The events the fixture handler has seen, and forgets them. */
export function takeEvents(eventsFile: string): RecordedEvent[] {
  if (!fs.existsSync(eventsFile)) return [];
  const lines = fs.readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(eventsFile);
  return lines.map(line => JSON.parse(line) as RecordedEvent);
}

/** `Type LogicalId` of each event, for order assertions. */
export function summary(events: RecordedEvent[]): string[] {
  return events.map(e => `${e.RequestType} ${e.LogicalResourceId}`);
}
