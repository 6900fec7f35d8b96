/**
 * The one WorkMail client of the handler and the thin wrapper every call goes
 * through. The SDK does the retrying (adaptive mode: backoff plus a client-side
 * rate limit when throttled); the wrapper adds what CloudFormation users need:
 * one log line per call and errors that name the operation, the entity and the
 * organization. Region and endpoint come from the environment (the SDK honours
 * AWS_REGION and AWS_ENDPOINT_URL_WORKMAIL), so nothing here knows where it talks.
 */
import { WorkMailClient, WorkMailClientConfig, WorkMailPaginationConfiguration } from '@aws-sdk/client-workmail';
import { Deadline, isDeadlineError } from './deadline';
import { AttemptOutcome, EntityRef, WorkMailOperationError, describeEntity, rejectedUnprocessed } from './errors';
import { Logger } from './logger';

/**
 * Attempts per call (adaptive mode: throttling also slows the client down). Throttling alone must not
 * fail a deployment: with 35% of answers refused (30% throttled, 5% server errors), all of 8 attempts
 * fail once in ~4,400 calls, all of 16 once in ~20 million (0.35^16 = 5e-8), and a throttled service
 * recovers within the backoff of 16 attempts (each wait at most 20 s). The time stays bounded: the
 * handler's deadline stops retrying before the function's time runs out.
 */
export const WORKMAIL_MAX_ATTEMPTS = 16;

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

/** What `send` passes on each call: the abort signal of the event's deadline. */
interface SendOptions {
  readonly abortSignal?: AbortSignal;
}

/** A paginator of the SDK (`paginateListUsers`, ...), as `WorkMailApi.paginate` runs it; `options` go to every page's `send`. */
export type WorkMailPaginator<I, O> = (config: WorkMailPaginationConfiguration, input: I, options?: SendOptions) => AsyncIterable<O>;

/** Every List operation takes at most 100 results a page. */
export const WORKMAIL_PAGE_SIZE = 100;

/** One call under way: what it is and what each of its attempts ended with. */
interface CallRecord {
  /** From the command's class, then from the SDK's own command name once the call starts. */
  operation: string;
  readonly outcomes: AttemptOutcome[];
  readonly started: number;
  /** An attempt was under way when the call was aborted: the service may have carried it out. */
  abortedInFlight?: boolean;
}

/** The writes (calls other than Describe*, List*, Get*) an event made, in order, for the message of a failure. */
export class WriteJournal {
  private readonly entries: string[] = [];

  public record(operation: string, entity: EntityRef): void {
    if (/^(Describe|List|Get)/.test(operation)) return;
    this.entries.push(`${operation} for ${describeEntity(entity)}`);
  }

  public get writes(): readonly string[] {
    return [...this.entries];
  }
}

export class WorkMailApi {
  constructor(
    private readonly client: WorkMailClient,
    private readonly log: Logger,
    /** When set, no call starts after it and a call under way (its retries, their waits) is aborted at it. */
    private readonly deadline?: Deadline,
    /** When set, every successful write is recorded in it. */
    private readonly journal?: WriteJournal,
  ) {}

  /** The same client, logging through `log` (e.g. with the request's fields). */
  public withLogger(log: Logger): WorkMailApi {
    return new WorkMailApi(this.client, log, this.deadline, this.journal);
  }

  /** The same client for one event: calls end by `deadline`, writes go to `journal`. */
  public forEvent(log: Logger, deadline: Deadline | undefined, journal: WriteJournal): WorkMailApi {
    return new WorkMailApi(this.client, log, deadline, journal);
  }

  /** The same client bound to the undo phase of its deadline (the reserve); its writes are not journaled. */
  public forUndo(): WorkMailApi {
    return new WorkMailApi(this.client, this.log, this.deadline?.forUndo());
  }

  /**
   * Send `command`; on failure throw a WorkMailOperationError (never the raw SDK error), or a
   * DeadlineError when the event's time ran out before or during the call.
   */
  public async send<C extends CommandLike>(command: C, context: CallContext): Promise<OutputOf<C>> {
    const sdkCommand = command as unknown as WorkMailCommand;
    const call = this.track(sdkCommand);
    const options = this.startCall(call, context);
    try {
      const output = await this.client.send(sdkCommand, options) as OutputOf<C> & { $metadata: { attempts?: number } };
      this.logCall(call.operation, context, { outcome: 'ok', attempts: output.$metadata.attempts, ms: Date.now() - call.started });
      this.journal?.record(call.operation, context);
      return output;
    } catch (err) {
      throw this.failed(err, call, context, options.abortSignal);
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
    // One signal for every page: it aborts at the deadline, whichever page is under way.
    const options: SendOptions = { abortSignal: this.deadline?.signal() };
    const pages = paginator({
      client: this.client,
      pageSize: WORKMAIL_PAGE_SIZE,
      withCommand: (command) => {
        call = this.track(command as WorkMailCommand);
        this.startCall(call, context);
        return command;
      },
    }, input, options)[Symbol.asyncIterator]();
    for (;;) {
      let page: IteratorResult<O>;
      try {
        page = await pages.next();
      } catch (err) {
        if (isDeadlineError(err)) throw err;
        throw this.failed(err, call ?? { operation: 'WorkMail', outcomes: [], started: Date.now() }, context, options.abortSignal);
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
        if (sdkErrorName(err) === 'AbortError') call.abortedInFlight = true;
        call.outcomes.push(outcomeOf(err));
        throw err;
      }
    }, { step: 'deserialize', priority: 'high', name: 'workmailAttemptOutcome' });
    return call;
  }

  /** The send options of a call about to start; a DeadlineError when the event has no time left for it. */
  private startCall(call: CallRecord, context: CallContext): SendOptions {
    if (this.deadline === undefined) return {};
    if (!this.deadline.allows(0)) {
      this.logCall(call.operation, context, { outcome: 'not-started', reason: 'deadline', msToEnd: this.deadline.msToEnd() });
      throw this.deadline.stop(`${call.operation} for ${describeEntity(context)} in organization ${context.organizationId}`);
    }
    return { abortSignal: this.deadline.signal() };
  }

  /** The failure of a call, logged and named after the operation, the entity and the organization. */
  private failed(err: unknown, call: CallRecord, context: CallContext, signal?: AbortSignal): Error {
    if (signal?.aborted && this.deadline !== undefined) {
      // Aborted at the deadline: during a retry's wait (nothing under way), or with an attempt under way.
      const mayHaveRun = call.abortedInFlight === true || call.outcomes.some((outcome) => !rejectedUnprocessed(outcome));
      this.logCall(call.operation, context, { outcome: 'aborted', reason: 'deadline', mayHaveRun: String(mayHaveRun), ms: Date.now() - call.started });
      return this.deadline.stop(`${call.operation} for ${describeEntity(context)} in organization ${context.organizationId}`, { mayHaveRun });
    }
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
