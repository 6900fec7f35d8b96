/**
 * The one WorkMail client of the handler and the thin wrapper every call goes
 * through. The SDK does the retrying (adaptive mode: backoff plus a client-side
 * rate limit when throttled); the wrapper adds what CloudFormation users need:
 * one log line per call and errors that name the operation, the entity and the
 * organization. Region and endpoint come from the environment (the SDK honours
 * AWS_REGION and AWS_ENDPOINT_URL_WORKMAIL), so nothing here knows where it talks.
 */
import { WorkMailClient, WorkMailClientConfig } from '@aws-sdk/client-workmail';
import { AttemptOutcome, EntityRef, WorkMailOperationError } from './errors';
import { Logger } from './logger';

/** Bounded: a deployment should fail in seconds, not sit out the Lambda timeout. */
export const WORKMAIL_MAX_ATTEMPTS = 8;

export function createWorkMailClient(config: WorkMailClientConfig = {}): WorkMailClient {
  return new WorkMailClient({
    retryMode: 'adaptive',
    maxAttempts: WORKMAIL_MAX_ATTEMPTS,
    // A hung request is retried by the SDK like a lost one (TimeoutError is transient).
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
    ...config,
  });
}

/** Any command of the WorkMail client. */
export type WorkMailCommand = Parameters<WorkMailClient['send']>[0];

/**
 * A WorkMail command as `send` accepts it. Each generated command narrows the
 * client's input and output types, which TypeScript will not widen back to
 * WorkMailCommand, so `send` takes this shape and infers the output from it.
 */
export interface CommandLike {
  readonly input: object;
  resolveMiddleware(...args: never[]): unknown;
}

/** The output type of a command (e.g. CreateUserCommandOutput for a CreateUserCommand). */
export type OutputOf<C> = C extends { resolveMiddleware(...args: never[]): (...a: never[]) => Promise<{ output: infer O }> } ? O : never;

/** What a call is about. `redact` lists values (passwords) that must never appear in a message. */
export interface CallContext extends EntityRef {
  readonly redact?: readonly string[];
}

export class WorkMailApi {
  constructor(private readonly client: WorkMailClient, private readonly log: Logger) {}

  /** The same client, logging through `log` (e.g. with the request's fields). */
  public withLogger(log: Logger): WorkMailApi {
    return new WorkMailApi(this.client, log);
  }

  /** Send `command`; on failure throw a WorkMailOperationError (never the raw SDK error). */
  public async send<C extends CommandLike>(command: C, context: CallContext): Promise<OutputOf<C>> {
    const outcomes: AttemptOutcome[] = [];
    let operation = operationFromClass(command);
    const sdkCommand = command as unknown as WorkMailCommand;
    // Per attempt (inside the SDK's retry loop): what each try ended with, so a
    // create can tell a lost response from a throttled one.
    sdkCommand.middlewareStack.add((next, handlerContext) => async (args) => {
      if (handlerContext.commandName) operation = handlerContext.commandName.replace(/Command$/, '');
      return next(args);
    }, { step: 'initialize', priority: 'high', name: 'workmailOperationName' });
    sdkCommand.middlewareStack.add((next) => async (args) => {
      try {
        const result = await next(args);
        outcomes.push({});
        return result;
      } catch (err) {
        outcomes.push(outcomeOf(err));
        throw err;
      }
    }, { step: 'deserialize', priority: 'high', name: 'workmailAttemptOutcome' });

    const started = Date.now();
    try {
      const output = await this.client.send(sdkCommand) as OutputOf<C> & { $metadata: { attempts?: number } };
      this.logCall(operation, context, { outcome: 'ok', attempts: output.$metadata.attempts, ms: Date.now() - started });
      return output;
    } catch (err) {
      const failure = toOperationError(err, operation, context, outcomes);
      this.logCall(operation, context, {
        outcome: 'error', errorName: failure.errorName, attempts: failure.attempts, ms: Date.now() - started,
      });
      throw failure;
    }
  }

  private logCall(operation: string, context: CallContext, fields: Record<string, string | number | undefined>): void {
    this.log.info('workmail call', {
      operation,
      organizationId: context.organizationId,
      entityKind: context.kind,
      entityName: context.name,
      entityId: context.id,
      ...fields,
    });
  }
}

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly attempts?: number; readonly httpStatusCode?: number; readonly requestId?: string };
}

function outcomeOf(err: unknown): AttemptOutcome {
  const shape = (err ?? {}) as SdkErrorShape;
  return { errorName: errorNameOf(shape), httpStatusCode: shape.$metadata?.httpStatusCode };
}

/** The name of an SDK error (any client's), or of a network error. */
export function sdkErrorName(err: unknown): string {
  return errorNameOf((err ?? {}) as SdkErrorShape);
}

function errorNameOf(shape: SdkErrorShape): string {
  // Network errors are plain Errors whose code says more than their name.
  if ((!shape.name || shape.name === 'Error') && shape.code) return shape.code;
  return shape.name || 'UnknownError';
}

function toOperationError(err: unknown, operation: string, context: CallContext, outcomes: AttemptOutcome[]): WorkMailOperationError {
  const shape = (err ?? {}) as SdkErrorShape;
  const { redact, ...entity } = context;
  return new WorkMailOperationError({
    operation,
    entity,
    errorName: errorNameOf(shape),
    serviceMessage: redactAll(String(shape.message ?? ''), redact),
    attempts: shape.$metadata?.attempts ?? Math.max(1, outcomes.length),
    attemptOutcomes: outcomes,
    httpStatusCode: shape.$metadata?.httpStatusCode,
    requestId: shape.$metadata?.requestId,
  });
}

function redactAll(text: string, secrets: readonly string[] = []): string {
  return secrets.filter((s) => s.length > 0).reduce((acc, secret) => acc.split(secret).join('***'), text);
}

function operationFromClass(command: object): string {
  return command.constructor.name.replace(/Command$/, '') || 'WorkMail';
}
