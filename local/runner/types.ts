/**
 * The runner's public types (re-exported by index.ts).
 */
import type { LocalStackState } from './state';

export interface LocalRunnerOptions {
  /** A synthesized cloud assembly (`cdk.out`). */
  readonly cloudAssemblyDir: string;
  /**
   * Where relative paths (cloudAssemblyDir, stateFile, secretsFile) and the default state file are taken from.
   * Default: the current directory. (The command line passes the directory npm was run from, INIT_CWD.)
   */
  readonly workingDirectory?: string;
  /** Default: the assembly's only stack. */
  readonly stackName?: string;
  /** Default: `.workmail-local/<stack>.json` under the working directory. Holds generated secret values. */
  readonly stateFile?: string;
  /** The WorkMail endpoint the handler calls, e.g. the emulator's. */
  readonly workmailEndpoint: string;
  /** `{ "<arn or name>": "<SecretString>" }` for secrets the app imports by ARN or name. */
  readonly secretsFile?: string;
  /** Default: the stack's own region if it was synthesized for one, else us-east-1. */
  readonly region?: string;
  /** Default: the stack's own account if it was synthesized for one, else 123456789012. */
  readonly account?: string;
  /** One line per event, CloudFormation-like: `CREATE_COMPLETE Custom::WorkMailUser Alice <physical id>`. Default: nothing. */
  readonly log?: (line: string) => void;
  /**
   * Let the handler call only the WorkMail operations that the policies deployed right now allow its role
   * (AccessDeniedException otherwise), as IAM does. Default: true. Turn it off for an app whose policies
   * the runner cannot read (a handler role that is not a role of the template).
   */
  readonly enforceIam?: boolean;
  /** What the framework and the handler write to the console (their Lambda logs), secrets masked. Default: discarded. */
  readonly functionLog?: (line: string) => void;
  /**
   * How many resources may be in progress at once: as CloudFormation does, every resource whose
   * dependencies are done starts, up to this many (creates and updates, cleanup deletes, rollback,
   * destroy). 1 runs them one at a time in a fixed order (template order among independent ones),
   * which makes a run reproducible. Default: 20.
   */
  readonly concurrency?: number;
  /** Called when a request to a provider (a custom resource's Create, Update or Delete) starts and ends. */
  readonly onEvent?: (event: LocalEventRecord) => void;
  /**
   * Run each handler invocation in a process of its own, killed at its Timeout as Lambda does
   * (in process, a handler that outlives its Timeout is abandoned and keeps running). Default: false.
   */
  readonly isolateHandler?: boolean;
  /** Kill the handler at a WorkMail call of one event (debugging, crash tests). Default: none. */
  readonly crash?: CrashInjection;
  /**
   * The time (epoch milliseconds) a deploy begins at, for the stack's CreationTime and LastUpdatedTime
   * (DescribeStacks). Default: Date.now. A test may share the emulator's clock to run a deployment "later".
   */
  readonly clock?: () => number;
}

/**
 * The handler dies at its n-th WorkMail call of one event: its process is
 * killed (SIGKILL), so nothing of that run makes a later call, and Lambda
 * answers the framework `Runtime.ExitError` (Unhandled).
 */
export interface CrashInjection {
  /** The resource whose event is crashed. */
  readonly logicalId: string;
  /** Which of that resource's events of the run (1: its first, e.g. the deploy's; 2: the next, e.g. its rollback). Default: 1. */
  readonly event?: number;
  /** The handler's WorkMail call it dies at, counting from 1 within that event. */
  readonly atCall: number;
  /** 'before-call': the call never reaches WorkMail; 'after-call': WorkMail applies it, the handler dies before reading the answer. */
  readonly when: 'before-call' | 'after-call';
  /**
   * Lambda's retry of the framework's asynchronous invocation: the framework invocation is taken to
   * have died with its handler (its response never reaches CloudFormation), and the same request
   * (same RequestId and ResponseURL) is delivered to the framework again. Default: false (the
   * framework answers FAILED, and CloudFormation rolls back).
   */
  readonly redeliver?: boolean;
}

/** A request to a provider starting or ending, as `onEvent` reports it. */
export interface LocalEventRecord {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly phase: 'start' | 'end';
  /** At the end: what the provider answered (FAILED also when it did not answer). */
  readonly status?: 'SUCCESS' | 'FAILED';
  /** performance.now() of the process. */
  readonly time: number;
}

export type OutcomeAction = 'CREATE' | 'UPDATE' | 'REPLACE' | 'DELETE' | 'RETAIN' | 'NONE';

export interface ResourceOutcome {
  readonly logicalId: string;
  readonly type: string;
  readonly action: OutcomeAction;
  readonly physicalId?: string;
  readonly data?: Record<string, string>;
  /** REPLACE: what became of the previous physical resource in the cleanup phase. */
  readonly replaced?: { readonly physicalId: string; readonly action: 'DELETE' | 'RETAIN'; readonly error?: string };
  /** A cleanup-phase Delete that failed: CloudFormation reports DELETE_FAILED and carries on, so does the runner. */
  readonly error?: string;
}

export interface DeployResult {
  /** One per resource, in template dependency order (not the order they completed in). */
  readonly outcomes: ResourceOutcome[];
  readonly state: LocalStackState;
  readonly stats: DeployStats;
}

/** What a deploy took. */
export interface DeployStats {
  /** From the start of the deploy to its end, in milliseconds. */
  readonly wallTimeMs: number;
  /** Requests sent to the providers (Creates, Updates and Deletes of custom resources, cleanup included). */
  readonly events: number;
  /** The most requests that were in flight at once (at most `concurrency`). */
  readonly maxInFlight: number;
  /** The concurrency the deploy ran with. */
  readonly concurrency: number;
}

/** A deploy (or destroy) that failed; a deploy has been rolled back before this is thrown. */
export class LocalDeployError extends Error {
  constructor(
    /** The resource whose event failed. */
    public readonly logicalId: string,
    /** CloudFormation's Reason: the handler's error message as the framework reported it. */
    public readonly reason: string,
    /** True when every rollback step succeeded (always false for destroy, which does not roll back). */
    public readonly rolledBack: boolean,
    /** Rollback steps that failed, if any. */
    public readonly rollbackFailures: readonly string[] = [],
  ) {
    super(`${logicalId} failed: ${summarizeReason(reason)}` +
      (rollbackFailures.length > 0 ? `; rollback incomplete: ${rollbackFailures.join('; ')}` : ''));
    this.name = 'LocalDeployError';
  }
}

/**
 * The handler's message without what the framework appends to it
 * (`Logs: /aws/lambda/<fn>` and the stack trace).
 */
export function summarizeReason(reason: string): string {
  const logs = reason.indexOf('\n\nLogs: /aws/lambda/');
  const text = logs >= 0 ? reason.slice(0, logs) : reason.split('\n')[0];
  return text.trim();
}
