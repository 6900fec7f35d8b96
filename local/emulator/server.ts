/** The HTTP side: the awsJson1_1 protocol, fault injection and call records around the operations. */
import { randomBytes, randomUUID } from 'crypto';
import { createServer, IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { MODELLED_ERRORS, statusFor, WorkMailError } from './errors';
import { FaultController } from './faults';
import { HookTarget, isHookRequest, serveHook } from './hooks';
import { OPERATIONS, OperationContext } from './operations';
import { Paginator } from './pagination';
import { organizationOf, RateLimiter } from './rate-limit';
import { DEFAULT_SEED, validateSeed } from './seed';
import { seedOf } from './seed-dump';
import { loadState } from './seed-load';
import { passwordMatches, UserEntity } from './state';
import { CallRecord, EmulatorOptions, FaultOptions, RateLimitOptions, RunningEmulator } from './types';

const TARGET_PREFIX = 'WorkMailService.';
const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.1';

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly errorName?: string;
}

const errorReply = (errorName: string, message: string, status = statusFor(errorName)): Reply =>
  ({ status, errorName, body: { __type: errorName, Message: message } });

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The region of the SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
function signedRegion(req: IncomingMessage): string {
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(req.headers.authorization ?? '');
  return match ? match[1] : 'us-east-1';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(res: ServerResponse, reply: Reply): void {
  const payload = JSON.stringify(reply.body ?? {});
  const headers: Record<string, string | number> = {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
  };
  if (reply.errorName) headers['x-amzn-ErrorType'] = reply.errorName;
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Runs an operation, turning thrown errors into error replies. Unmodelled errors are emulator bugs: 500. */
function invoke(operation: string, ctx: OperationContext, body: Record<string, unknown>): Reply {
  try {
    return { status: 200, body: OPERATIONS[operation](ctx, body) };
  } catch (e) {
    if (e instanceof WorkMailError) {
      if (e.status === 400 && !(MODELLED_ERRORS[operation] ?? []).includes(e.errorName)) {
        return errorReply('InternalFailure', `emulator bug: ${operation} may not return ${e.errorName}`, 500);
      }
      return errorReply(e.errorName, e.message, e.status);
    }
    return errorReply('InternalFailure', `emulator bug: ${(e as Error).message}`, 500);
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = validateSeed(options.seed ?? DEFAULT_SEED);
  const state = loadState(seed, Date.now());
  const faults = new FaultController(options.faults ?? {});
  const paginator = new Paginator(randomBytes(32).toString('hex'));
  const calls: CallRecord[] = [];
  const hooks: HookTarget = {
    seed: () => seedOf(state.snapshot()),
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
  };
  let allowed = options.allowedOperations === undefined ? undefined : new Set(options.allowedOperations);
  const limiterOf = (limit: RateLimitOptions | undefined) => (limit === undefined ? undefined : new RateLimiter(limit));
  let limiter = limiterOf(options.rateLimit);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Test hooks are outside the WorkMail protocol: not recorded, no faults, no allowed-operations check.
    if (isHookRequest(req)) {
      serveHook(req, res, hooks);
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    // Recorded on arrival, completed when answered, so that `calls` keeps request order.
    const record: { operation: string; status: number; errorName?: string } = { operation, status: 0 };
    calls.push(record);
    const reply = await answer(req, operation, target);
    record.status = reply.status;
    if (reply.errorName) record.errorName = reply.errorName;
    send(res, reply);
  }

  async function answer(req: IncomingMessage, operation: string, target: string): Promise<Reply> {
    const raw = await readBody(req);
    if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX) || !Object.prototype.hasOwnProperty.call(OPERATIONS, operation)) {
      return errorReply('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
    }
    if (allowed !== undefined && !allowed.has(operation)) {
      return errorReply('AccessDeniedException', `User is not authorized to perform: workmail:${operation} (not in the emulator's allowed operations)`);
    }
    // As the service: a request over the organization's rate is refused before anything else is looked at.
    if (limiter !== undefined && !limiter.take(organizationOf(raw))) return errorReply('ThrottlingException', 'Rate exceeded');
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const injected = faults.takeFailure(operation);
    if (injected !== undefined) return errorReply(injected, `Injected ${injected}`);
    const draw = faults.draw();
    if (draw.serverError) return errorReply('InternalFailure', 'Injected server error', 500);
    if (draw.throttle) return errorReply('ThrottlingException', 'Rate exceeded');

    if (raw === undefined) return errorReply('SerializationException', 'Request body too large');
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      return errorReply('SerializationException', 'Request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return errorReply('SerializationException', 'Request body must be a JSON object');
    }

    const ctx: OperationContext = {
      state,
      paginator,
      now: () => Date.now(),
      consistencyDelayMs: faults.consistencyDelayMs,
      region: signedRegion(req),
    };
    const reply = invoke(operation, ctx, body as Record<string, unknown>);
    if (faults.takeLostResponse(operation) || draw.lostResponse) {
      return errorReply('InternalFailure', 'Injected lost response (the operation was performed)', 500);
    }
    return reply;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, errorReply('InternalFailure', 'emulator failure', 500));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    calls,
    resetCalls: hooks.resetCalls,
    setFaults: (next: FaultOptions) => faults.set(next),
    setRateLimit: (limit: RateLimitOptions | undefined) => {
      limiter = limiterOf(limit);
    },
    setAllowedOperations: (operations: readonly string[] | undefined) => {
      allowed = operations === undefined ? undefined : new Set(operations);
    },
    failNext: (operation: string, errorName: string, count = 1) => faults.failNext(operation, errorName, count),
    loseNextResponse: (operation: string, count = 1) => faults.loseNextResponse(operation, count),
    snapshot: () => state.snapshot(),
    seed: hooks.seed,
    checkPassword: (organizationId: string, userId: string, password: string) => {
      const entity = state.organizations.get(organizationId)?.byId(userId, ['USER']);
      return passwordMatches((entity as UserEntity | undefined)?.password, password);
    },
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
