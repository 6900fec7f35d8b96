/**
 * The one WorkMail client of the handler and the thin wrapper every call goes
 * through. The SDK does the retrying (adaptive mode: backoff plus a client-side
 * rate limit when throttled); the wrapper adds what CloudFormation users need:
 * one log line per call and errors that name the operation, the entity and the
 * organization. Region and endpoint come from the environment (the SDK honours
 * AWS_REGION and AWS_ENDPOINT_URL_WORKMAIL), so nothing here knows where it talks.
 */
import { WorkMailClient, WorkMailClientConfig, WorkMailPaginationConfiguration } from '@aws-sdk/client-workmail';
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

/** A paginator of the SDK (`paginateListUsers`, ...), as `WorkMailApi.paginate` runs it. */
export type WorkMailPaginator<I, O> = (config: WorkMailPaginationConfiguration, input: I) => AsyncIterable<O>;

/** Every List operation takes at most 100 results a page. */
export const WORKMAIL_PAGE_SIZE = 100;

/** One call under way: what it is and what each of its attempts ended with. */
interface CallRecord {
  /** From the command's class, then from the SDK's own command name once the call starts. */
  operation: string;
  readonly outcomes: AttemptOutcome[];
  readonly started: number;
}

export class WorkMailApi {
  constructor(private readonly client: WorkMailClient, private readonly log: Logger) {}

  /** The same client, logging through `log` (e.g. with the request's fields). */
  public withLogger(log: Logger): WorkMailApi {
    return new WorkMailApi(this.client, log);
  }

  /** Send `command`; on failure throw a WorkMailOperationError (never the raw SDK error). */
  public async send<C extends CommandLike>(command: C, context: CallContext): Promise<OutputOf<C>> {
    const sdkCommand = command as unknown as WorkMailCommand;
    const call = this.track(sdkCommand);
    try {
      const output = await this.client.send(sdkCommand) as OutputOf<C> & { $metadata: { attempts?: number } };
      this.logCall(call.operation, context, { outcome: 'ok', attempts: output.$metadata.attempts, ms: Date.now() - call.started });
      return output;
    } catch (err) {
      throw this.failed(err, call, context);
    }
  }

  /**
   * The pages of a List operation through the SDK's own paginator (`paginateListUsers`, ...),
   * 100 results a page; each page is one call, logged and mapped like `send`.
   */
  public async *paginate<I, O extends { $metadata: { attempts?: number } }>(
    paginator: WorkMailPaginator<I, O>, input: I, context: CallContext,
  ): AsyncGenerator<O, void, undefined> {
    let call: CallRecord | undefined;
    const pages = paginator({
      client: this.client,
      pageSize: WORKMAIL_PAGE_SIZE,
      withCommand: (command) => {
        call = this.track(command as WorkMailCommand);
        return command;
      },
    }, input)[Symbol.asyncIterator]();
    for (;;) {
      let page: IteratorResult<O>;
      try {
        page = await pages.next();
      } catch (err) {
        throw this.failed(err, call ?? { operation: 'WorkMail', outcomes: [], started: Date.now() }, context);
      }
      if (page.done) return;
      this.logCall(call!.operation, context, { outcome: 'ok', attempts: page.value.$metadata.attempts, ms: Date.now() - call!.started });
      yield page.value;
    }
  }

  /**
   * Records what each attempt of `command` ends with (inside the SDK's retry
   * loop), so a create can tell a lost response from a throttled one.
   */
  private track(command: WorkMailCommand): CallRecord {
    const call: CallRecord = { operation: operationFromClass(command), outcomes: [], started: Date.now() };
    command.middlewareStack.add((next, handlerContext) => async (args) => {
      if (handlerContext.commandName) call.operation = handlerContext.commandName.replace(/Command$/, '');
      return next(args);
    }, { step: 'initialize', priority: 'high', name: 'workmailOperationName' });
    command.middlewareStack.add((next) => async (args) => {
      try {
        const result = await next(args);
        call.outcomes.push({});
        return result;
      } catch (err) {
        call.outcomes.push(outcomeOf(err));
        throw err;
      }
    }, { step: 'deserialize', priority: 'high', name: 'workmailAttemptOutcome' });
    return call;
  }

  /** The failure of a call, logged and named after the operation, the entity and the organization. */
  private failed(err: unknown, call: CallRecord, context: CallContext): WorkMailOperationError {
    const failure = toOperationError(err, call.operation, context, call.outcomes);
    this.logCall(call.operation, context, {
      outcome: 'error', errorName: failure.errorName, attempts: failure.attempts, ms: Date.now() - call.started,
    });
    return failure;
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
