/**
 * The provider's handler function, run in process from its staged asset in
 * the cloud assembly, the way Lambda runs it: the function's environment
 * variables from the template, its `Handler` entry point, its `Timeout`, a
 * fresh module instance per run (a cold start) kept for the run's events.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { freshRequire } from './fresh-require';
import type { LocalFunction } from './lambda-endpoint';
import { LogLevel, withEnv, withLogLevel } from './process-sandbox';

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
}

type Handler = (event: unknown, context: unknown) => unknown;

class LambdaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export class HandlerFunction implements LocalFunction {
  public readonly arn: string;
  public readonly name: string;
  private readonly file: string;
  private readonly exportName: string;
  private loaded: Handler | undefined;

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

  public async invoke(event: unknown): Promise<unknown> {
    const requestId = randomUUID();
    const deadline = Date.now() + this.props.timeoutSeconds * 1000;
    return withEnv(this.props.environment(), () => withLogLevel(this.props.logLevel, async () => {
      const handler = this.load();
      const context = {
        functionName: this.name,
        functionVersion: '$LATEST',
        invokedFunctionArn: this.arn,
        memoryLimitInMB: String(this.props.memorySize),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${this.name}`,
        logStreamName: `local/${requestId}`,
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new LambdaError('Sandbox.Timedout', `${requestId} Task timed out after ${this.props.timeoutSeconds.toFixed(2)} seconds`)),
          this.props.timeoutSeconds * 1000,
        );
      });
      try {
        return await Promise.race([Promise.resolve().then(() => handler(event, context)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }));
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
