/**
 * The provider's handler function, run from its staged asset in the cloud
 * assembly the way Lambda runs it: the function's environment variables from
 * the template, its `Handler` entry point, its `Timeout`.
 *
 * Two modes. In process (the default, fast): a fresh module instance per run
 * (a cold start) kept for the run's events; a handler that outlives its
 * Timeout is answered Sandbox.Timedout but keeps running, abandoned. Isolated
 * (`isolate`, and always for an invocation armed with a crash): each
 * invocation in a process of its own (handler-process.ts), killed at its
 * Timeout or at the WorkMail call a crash names, as Lambda ends a sandbox.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { freshRequire } from './fresh-require';
import { HandlerProcess, LambdaError } from './handler-process';
import type { LocalFunction } from './lambda-endpoint';
import { LogLevel, withEnv, withLogLevel } from './process-sandbox';
import { CrashPoint, WorkMailProxy } from './workmail-proxy';

const BUILD_HINT = 'run npx projen bundle / synth first';

export interface HandlerFunctionProps {
  readonly logicalId: string;
  readonly arn: string;
  readonly name: string;
  /** The staged asset directory (cdk.out/asset.<hash>). */
  readonly assetDir: string;
  /** `Handler` of the function: `<file>.<export>`. */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** Its application log level (LoggingConfig): console lines below it are dropped, as Lambda drops them. */
  readonly logLevel?: LogLevel;
  /** The complete environment the function sees while it runs. */
  readonly environment: () => Record<string, string>;
  /** Run every invocation in a process of its own. Default: in process. */
  readonly isolate?: boolean;
}

/** Where one invocation dies: at its n-th WorkMail call (1-based), before or after WorkMail applied it. */
export interface ArmedCrash {
  readonly atCall: number;
  readonly when: CrashPoint;
  /** Called once the process is dead. */
  readonly onCrash?: () => void;
}

type Handler = (event: unknown, context: unknown) => unknown;

export class HandlerFunction implements LocalFunction {
  public readonly arn: string;
  public readonly name: string;
  private readonly file: string;
  private readonly exportName: string;
  private loaded: Handler | undefined;
  /** Crashes armed for the invocation of an event, by its RequestId; each fires once. */
  private readonly crashes = new Map<string, ArmedCrash>();

  constructor(private readonly props: HandlerFunctionProps) {
    this.arn = props.arn;
    this.name = props.name;
    const dot = props.handler.lastIndexOf('.');
    if (dot <= 0) throw new Error(`${props.logicalId}: Handler "${props.handler}" is not <file>.<export>`);
    this.exportName = props.handler.slice(dot + 1);
    const base = path.join(props.assetDir, props.handler.slice(0, dot));
    if (!fs.existsSync(props.assetDir)) {
      throw new Error(`${props.logicalId}: its code asset ${props.assetDir} is missing: ${BUILD_HINT}`);
    }
    const file = ['.js', '.cjs'].map(ext => base + ext).find(f => fs.existsSync(f));
    if (!file) {
      throw new Error(`${props.logicalId}: ${base}.js is missing from its code asset: ${BUILD_HINT}`);
    }
    this.file = file;
  }

  /** The next invocation of the event with this CloudFormation RequestId runs isolated and dies as `crash` says. */
  public armCrash(cfnRequestId: string, crash: ArmedCrash): void {
    this.crashes.set(cfnRequestId, crash);
  }

  public async invoke(event: unknown): Promise<unknown> {
    const requestId = randomUUID();
    const deadline = Date.now() + this.props.timeoutSeconds * 1000;
    const cfnRequestId = String((event as { RequestId?: unknown } | null)?.RequestId ?? '');
    const crash = this.crashes.get(cfnRequestId);
    this.crashes.delete(cfnRequestId);
    const context = {
      functionName: this.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arn,
      memoryLimitInMB: String(this.props.memorySize),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${this.name}`,
      logStreamName: `local/${requestId}`,
      callbackWaitsForEmptyEventLoop: true,
    };
    const timedOut = () => new LambdaError('Sandbox.Timedout', `${requestId} Task timed out after ${this.props.timeoutSeconds.toFixed(2)} seconds`);
    if (crash || this.props.isolate) return this.invokeIsolated(event, context, deadline, timedOut, crash);

    return withEnv(this.props.environment(), () => withLogLevel(this.props.logLevel, async () => {
      const handler = this.load();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(timedOut()), this.props.timeoutSeconds * 1000);
      });
      try {
        const running = { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
        return await Promise.race([Promise.resolve().then(() => handler(event, running)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }));
  }

  /**
   * One invocation in its own process, killed at its Timeout or at the armed
   * crash. A crash puts a proxy of its own in front of the function's WorkMail
   * endpoint, so that it counts this invocation's calls and no other's.
   */
  private async invokeIsolated(
    event: unknown, context: Record<string, unknown>, deadline: number, timedOut: () => LambdaError, crash?: ArmedCrash,
  ): Promise<unknown> {
    const environment = this.props.environment();
    let proxy: WorkMailProxy | undefined;
    let child: HandlerProcess | undefined;
    if (crash) {
      let calls = 0;
      proxy = await WorkMailProxy.start({
        target: environment.AWS_ENDPOINT_URL_WORKMAIL,
        // IAM, if enforced, is decided by the function's own proxy behind this one.
        authorize: () => ({ allowed: true }),
        log: () => undefined,
        interceptor: {
          crashAt: () => (++calls === crash.atCall ? crash.when : undefined),
          kill: async () => {
            await child!.kill(new LambdaError('Runtime.ExitError', 'Error: Runtime exited with error: signal: killed'));
            crash.onCrash?.();
          },
        },
      });
    }
    child = HandlerProcess.start({
      file: this.file,
      exportName: this.exportName,
      handler: this.props.handler,
      event,
      context,
      deadline,
      environment: proxy ? { ...environment, AWS_ENDPOINT_URL_WORKMAIL: proxy.url } : environment,
      logLevel: this.props.logLevel,
    });
    const timer = setTimeout(() => void child!.kill(timedOut()), Math.max(0, deadline - Date.now()));
    try {
      return await child.result;
    } finally {
      clearTimeout(timer);
      await proxy?.close();
    }
  }

  /** Loads the bundle once per run, inside the function's environment, as Lambda's init does. */
  private load(): Handler {
    if (this.loaded) return this.loaded;
    let exports: Record<string, unknown>;
    try {
      exports = freshRequire(this.file, this.props.assetDir);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      throw new LambdaError('Runtime.ImportModuleError', `${err.name}: ${err.message}`);
    }
    const handler = exports[this.exportName];
    if (typeof handler !== 'function') {
      throw new LambdaError('Runtime.HandlerNotFound', `${this.props.handler} is undefined or not exported`);
    }
    this.loaded = handler as Handler;
    return this.loaded;
  }
}
