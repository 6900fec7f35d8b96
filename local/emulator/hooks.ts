/**
 * HTTP test hooks under `/_emulator/`, on the same port as the WorkMail protocol (which is only `POST /`),
 * for tests and tools that do not share the emulator's process. They are not WorkMail operations: they are
 * not recorded in the calls, and neither faults nor allowed operations apply to them.
 *   GET /_emulator/state              the state in the seed shape
 *   GET /_emulator/calls              [{"operation","status","error"}] in order of arrival (error: name or null)
 *   DELETE /_emulator/calls           empties the calls (204)
 *   GET /_emulator/clock              {"now","epochMs"}: the emulator's clock
 *   POST /_emulator/clock             {"advanceMs": n} or {"set": ISO date or epoch ms}: moves the clock, answers
 *                                     {"now","epochMs"} once the export jobs this move ended have written their objects
 *   POST /_emulator/export-failures   {"entity","errorInfo","organizationId"?,"partialObject"?}: as failExportJob (204)
 *   GET /_emulator/faults             how many faults of each kind were injected so far
 * Another method on a known path is 405, an unknown path 404, a bad request body 400; error bodies are {"error","message"}.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { EmulatorClock } from './clock';
import { CallRecord, CallRecordJson, EmulatorSeed, FailExportJobOptions, FaultCounts } from './types';

export const HOOK_PREFIX = '/_emulator';

const MAX_HOOK_BODY_BYTES = 64 * 1024;

export interface HookTarget {
  readonly calls: readonly CallRecord[];
  readonly clock: EmulatorClock;
  seed(): EmulatorSeed;
  faultCounts(): FaultCounts;
  resetCalls(): void;
  failExportJob(entity: string, errorInfo: string, options?: FailExportJobOptions): void;
  exportJobsSettled(): Promise<void>;
}

interface HookResult {
  readonly status: number;
  readonly body?: unknown;
}

/** A request the hook cannot serve: answered 400 with the message. */
class BadHookRequest extends Error {}

interface Route {
  readonly [method: string]: (target: HookTarget, body: Record<string, unknown>) => HookResult | Promise<HookResult>;
}

const clockReply = (clock: EmulatorClock): HookResult => ({ status: 200, body: { now: new Date(clock.now()).toISOString(), epochMs: clock.now() } });

function optionalField<T>(body: Record<string, unknown>, key: string, type: 'string' | 'number' | 'boolean'): T | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new BadHookRequest(`${key} must be a ${type}`);
  return value as T;
}

async function moveClock(target: HookTarget, body: Record<string, unknown>): Promise<HookResult> {
  const advanceMs = optionalField<number>(body, 'advanceMs', 'number');
  const set = body.set;
  if ((advanceMs === undefined) === (set === undefined || set === null)) throw new BadHookRequest('give exactly one of advanceMs or set');
  try {
    if (advanceMs !== undefined) target.clock.advance(advanceMs);
    else if (typeof set === 'number' || typeof set === 'string') target.clock.set(typeof set === 'number' ? set : Date.parse(set));
    else throw new BadHookRequest('set must be an ISO date or epoch milliseconds');
  } catch (e) {
    throw e instanceof RangeError ? new BadHookRequest(e.message) : e;
  }
  await target.exportJobsSettled();
  return clockReply(target.clock);
}

function failExportJob(target: HookTarget, body: Record<string, unknown>): HookResult {
  const entity = optionalField<string>(body, 'entity', 'string');
  const errorInfo = optionalField<string>(body, 'errorInfo', 'string');
  if (!entity || !errorInfo) throw new BadHookRequest('entity and errorInfo are required strings');
  const organizationId = optionalField<string>(body, 'organizationId', 'string');
  const partialObject = optionalField<boolean>(body, 'partialObject', 'boolean');
  try {
    target.failExportJob(entity, errorInfo, { organizationId, partialObject });
  } catch (e) {
    throw new BadHookRequest((e as Error).message);
  }
  return { status: 204 };
}

const ROUTES: { readonly [path: string]: Route } = {
  '/_emulator/state': {
    GET: (target) => ({ status: 200, body: target.seed() }),
  },
  '/_emulator/calls': {
    GET: (target) => ({
      status: 200,
      body: target.calls.map((c): CallRecordJson => ({ operation: c.operation, status: c.status, error: c.errorName ?? null })),
    }),
    DELETE: (target) => {
      target.resetCalls();
      return { status: 204 };
    },
  },
  '/_emulator/clock': {
    GET: (target) => clockReply(target.clock),
    POST: moveClock,
  },
  '/_emulator/export-failures': {
    POST: failExportJob,
  },
  '/_emulator/faults': {
    GET: (target) => ({ status: 200, body: target.faultCounts() }),
  },
};

/** Whether the request is for a hook (`/_emulator` or below), whatever its method. */
export function isHookRequest(req: IncomingMessage): boolean {
  const path = pathOf(req);
  return path === HOOK_PREFIX || path.startsWith(`${HOOK_PREFIX}/`);
}

export async function serveHook(req: IncomingMessage, res: ServerResponse, target: HookTarget): Promise<void> {
  const raw = await readHookBody(req);
  const path = pathOf(req);
  const route = ROUTES[path];
  if (route === undefined) {
    reply(res, 404, { error: 'NotFound', message: `No emulator hook ${path}; known: ${Object.keys(ROUTES).join(', ')}` });
    return;
  }
  const method = req.method ?? 'GET';
  const handler = route[method];
  if (handler === undefined) {
    const allowed = Object.keys(route).join(', ');
    reply(res, 405, { error: 'MethodNotAllowed', message: `${method} ${path} is not supported; use ${allowed}` }, { Allow: allowed });
    return;
  }
  try {
    const result = await handler(target, parseHookBody(raw));
    reply(res, result.status, result.body);
  } catch (e) {
    if (!(e instanceof BadHookRequest)) throw e;
    reply(res, 400, { error: 'BadRequest', message: e.message });
  }
}

function readHookBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_HOOK_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_HOOK_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** An empty body is `{}`; anything else must be a JSON object. Checked only when a route runs. */
function parseHookBody(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) throw new BadHookRequest('request body too large');
  if (raw.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new BadHookRequest('request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadHookRequest('request body must be a JSON object');
  return body as Record<string, unknown>;
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://emulator').pathname;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}
