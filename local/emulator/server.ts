/** The HTTP side: the awsJson1_1 protocol, fault injection and call records around the operations. */
import { randomBytes, randomUUID } from 'crypto';
import { createServer, IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { parseBehaviour } from './behaviour';
import { createClock } from './clock';
import { MODELLED_ERRORS, statusFor, WorkMailError } from './errors';
import { ExportJobs } from './export/jobs';
import { FaultController } from './faults';
import { HookTarget, isHookRequest, serveHook } from './hooks';
import { OPERATIONS, OperationContext } from './operations';
import { Paginator } from './pagination';
import { readForWrite, StaleRead } from './racy-writes';
import { organizationOf, RateLimiter } from './rate-limit';
import { DEFAULT_SEED, validateSeed } from './seed';
import { seedOf } from './seed-dump';
import { loadState } from './seed-load';
import { Entity, passwordMatches, UserEntity } from './state';
import { CallRecord, EmulatorOptions, FailExportJobOptions, FaultOptions, RateLimitOptions, RunningEmulator } from './types';

const TARGET_PREFIX = 'WorkMailService.';
/** The service's front end refuses larger bodies (1 MiB + 1 KiB, as Step Functions and SQS report it). */
export const MAX_BODY_BYTES = 1024 * 1024 + 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.1';

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly errorName?: string;
}

const errorReply = (errorName: string, message: string, status = statusFor(errorName)): Reply =>
  ({ status, errorName, body: { __type: errorName, Message: message } });

/**
 * The body, or undefined as soon as it is known to exceed MAX_BODY_BYTES (from Content-Length, or
 * while it streams): at most that much is ever held, and the rest is drained unread.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > MAX_BODY_BYTES;
    if (tooLarge) resolve(undefined);
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The media type of a Content-Type header, without its parameters (`; charset=utf-8`), in lower case. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** The path of the request, without its query string. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0];
}

/** The region of the SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
function signedRegion(req: IncomingMessage): string {
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(req.headers.authorization ?? '');
  return match ? match[1] : 'us-east-1';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What the service's front end answers a body over its limit with: 413 and plain text, not the JSON
 * error shape (the SDK then reports an unparsable error), and the connection closed.
 */
function sendTooLarge(res: ServerResponse): void {
  const text = `HTTP content length exceeded ${MAX_BODY_BYTES} bytes.`;
  res.writeHead(413, { 'Content-Type': 'text; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Connection': 'close' });
  res.end(text);
}

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
      if (e.status === 400 && !e.chosenByBehaviour && !(MODELLED_ERRORS[operation] ?? []).includes(e.errorName)) {
        return errorReply('InternalFailure', `emulator bug: ${operation} may not return ${e.errorName}`, 500);
      }
      return errorReply(e.errorName, e.message, e.status);
    }
    return errorReply('InternalFailure', `emulator bug: ${(e as Error).message}`, 500);
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = validateSeed(options.seed ?? DEFAULT_SEED);
  const behaviour = parseBehaviour(options.behaviour ?? {});
  const clock = options.clock ?? createClock();
  const state = loadState(seed, clock.now(), behaviour);
  const exportJobs = new ExportJobs(clock, options.s3Endpoint, options.exportJobs);
  const faults = new FaultController(options.faults ?? {});
  const paginator = new Paginator(randomBytes(32).toString('hex'));
  const calls: CallRecord[] = [];
  /** The entity whose mailbox `failExportJob` names: by id, name or primary address, in one organization. */
  const exportFailureTarget = (entity: string, organizationId?: string): Entity => {
    const orgs = [...state.organizations.values()].filter((o) => organizationId === undefined || o.id === organizationId);
    if (orgs.length === 0) throw new Error(`failExportJob: no organization ${organizationId}`);
    const matches = orgs.map((org) => org.byId(entity, ['USER', 'GROUP', 'RESOURCE'])
      ?? org.byName(entity, ['USER', 'GROUP', 'RESOURCE']) ?? org.byEmail(entity, ['USER', 'GROUP', 'RESOURCE']))
      .filter((e): e is Entity => e !== undefined);
    if (matches.length === 0) throw new Error(`failExportJob: no user, group or resource ${entity}${organizationId ? ` in ${organizationId}` : ''}`);
    if (matches.length > 1) throw new Error(`failExportJob: ${entity} names entities in several organizations; give organizationId`);
    return matches[0];
  };
  const failExportJob = (entity: string, errorInfo: string, failOptions: FailExportJobOptions = {}) => {
    if (errorInfo.length < 1 || errorInfo.length > 1024) throw new Error('failExportJob: errorInfo must be 1-1024 characters');
    const target = exportFailureTarget(entity, failOptions.organizationId);
    const organizationId = [...state.organizations.values()].find((o) => o.entities.get(target.id) === target)!.id;
    exportJobs.failNext(organizationId, target.id, { errorInfo, partialObject: failOptions.partialObject });
  };
  const hooks: HookTarget = {
    seed: () => seedOf(state.snapshot()),
    faultCounts: () => faults.counts(),
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
    clock,
    failExportJob,
    exportJobsSettled: () => exportJobs.settled(),
  };
  let allowed = options.allowedOperations === undefined ? undefined : new Set(options.allowedOperations);
  const limiterOf = (limit: RateLimitOptions | undefined) => (limit === undefined ? undefined : new RateLimiter(limit));
  let limiter = limiterOf(options.rateLimit);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Test hooks are outside the WorkMail protocol: not recorded, no faults, no allowed-operations check.
    if (isHookRequest(req)) {
      await serveHook(req, res, hooks);
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    // Recorded on arrival, completed when answered, so that `calls` keeps request order.
    const record: { operation: string; status: number; errorName?: string } = { operation, status: 0 };
    calls.push(record);
    const raw = await readBody(req);
    if (raw === undefined) {
      record.status = 413;
      sendTooLarge(res);
      return;
    }
    const reply = await answer(req, operation, target, raw);
    record.status = reply.status;
    if (reply.errorName) record.errorName = reply.errorName;
    send(res, reply);
  }

  async function answer(req: IncomingMessage, operation: string, target: string, raw: Buffer): Promise<Reply> {
    // Only `POST /` with a WorkMail target and the protocol's media type is an operation, as for the service
    // (which answers a request in another media type UnknownOperationException too).
    if (req.method !== 'POST' || pathOf(req) !== '/' || !target.startsWith(TARGET_PREFIX)
      || !Object.prototype.hasOwnProperty.call(OPERATIONS, operation) || mediaType(req.headers['content-type']) !== CONTENT_TYPE) {
      const what = req.method !== 'POST' || pathOf(req) !== '/' ? `${req.method} ${pathOf(req).slice(0, 100)}` : target.slice(0, 200) || '(no X-Amz-Target)';
      return errorReply('UnknownOperationException', `Unknown operation ${what}` +
        (mediaType(req.headers['content-type']) === CONTENT_TYPE ? '' : ` (Content-Type must be ${CONTENT_TYPE})`));
    }
    if (allowed !== undefined && !allowed.has(operation)) {
      return errorReply('AccessDeniedException', `User is not authorized to perform: workmail:${operation} (not in the emulator's allowed operations)`);
    }
    // As the service: a request over the organization's rate is refused before anything else is looked at.
    if (limiter !== undefined && !limiter.take(organizationOf(raw))) return errorReply('ThrottlingException', 'Rate exceeded');
    // With racy writes, a list change reads its list now and writes it back after the latency.
    const stale = faults.racyWrites ? staleRead(operation, raw) : undefined;
    const latency = faults.drawLatency();
    if (latency > 0) await sleep(latency);
    const injected = faults.takeFailure(operation);
    if (injected !== undefined) {
      faults.count('queuedFailures');
      return errorReply(injected, `Injected ${injected}`);
    }
    const draw = faults.draw();
    if (draw.serverError) {
      faults.count('serverErrors');
      return errorReply('InternalFailure', 'Injected server error', 500);
    }
    if (draw.throttle) {
      faults.count('throttled');
      return errorReply('ThrottlingException', 'Rate exceeded');
    }

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
      exports: exportJobs,
      now: () => clock.now(),
      consistencyDelayMs: faults.consistencyDelayMs,
      behaviour,
      region: signedRegion(req),
    };
    stale?.beforeOperation();
    const reply = invoke(operation, ctx, body as Record<string, unknown>);
    if (reply.status === 200) stale?.writeBack();
    if (faults.takeLostResponse(operation) || draw.lostResponse) {
      faults.count('lostResponses');
      return errorReply('InternalFailure', 'Injected lost response (the operation was performed)', 500);
    }
    return reply;
  }

  function staleRead(operation: string, raw: Buffer | undefined): StaleRead | undefined {
    try {
      const body: unknown = JSON.parse(raw?.toString('utf8') ?? '');
      return typeof body === 'object' && body !== null ? readForWrite(state, operation, body as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
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
    faultCounts: () => faults.counts(),
    setRateLimit: (limit: RateLimitOptions | undefined) => {
      limiter = limiterOf(limit);
    },
    setAllowedOperations: (operations: readonly string[] | undefined) => {
      allowed = operations === undefined ? undefined : new Set(operations);
    },
    failNext: (operation: string, errorName: string, count = 1) => faults.failNext(operation, errorName, count),
    loseNextResponse: (operation: string, count = 1) => faults.loseNextResponse(operation, count),
    clearQueuedFaults: () => faults.clearQueued(),
    snapshot: () => state.snapshot(),
    seed: hooks.seed,
    checkPassword: (organizationId: string, userId: string, password: string) => {
      const entity = state.organizations.get(organizationId)?.byId(userId, ['USER']);
      return passwordMatches((entity as UserEntity | undefined)?.password, password);
    },
    clock,
    failExportJob,
    exportJobsSettled: () => exportJobs.settled(),
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }).then(() => exportJobs.close());
      return closed;
    },
  };
}
