/**
 * HTTP test hooks under `/_emulator/`, on the same port as the WorkMail protocol (which is only `POST /`),
 * for tests and tools that do not share the emulator's process. They are not WorkMail operations: they are
 * not recorded in the calls, and neither faults nor allowed operations apply to them.
 *   GET /_emulator/state     the state in the seed shape
 *   GET /_emulator/calls     [{"operation","status","error"}] in order of arrival (error: name or null)
 *   DELETE /_emulator/calls  empties the calls (204)
 *   GET /_emulator/faults    how many faults of each kind were injected so far
 * Another method on a known path is 405, an unknown path 404; error bodies are {"error","message"}.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { CallRecord, CallRecordJson, EmulatorSeed, FaultCounts } from './types';

export const HOOK_PREFIX = '/_emulator';

export interface HookTarget {
  readonly calls: readonly CallRecord[];
  seed(): EmulatorSeed;
  faultCounts(): FaultCounts;
  resetCalls(): void;
}

interface Route {
  readonly [method: string]: (target: HookTarget) => { status: number; body?: unknown };
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
  '/_emulator/faults': {
    GET: (target) => ({ status: 200, body: target.faultCounts() }),
  },
};

/** Whether the request is for a hook (`/_emulator` or below), whatever its method. */
export function isHookRequest(req: IncomingMessage): boolean {
  const path = pathOf(req);
  return path === HOOK_PREFIX || path.startsWith(`${HOOK_PREFIX}/`);
}

export function serveHook(req: IncomingMessage, res: ServerResponse, target: HookTarget): void {
  req.resume();
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
  const result = handler(target);
  reply(res, result.status, result.body);
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
