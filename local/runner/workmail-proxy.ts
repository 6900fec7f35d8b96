/**
 * A local HTTP proxy between one handler function and the WorkMail endpoint
 * that lets through only what the function's role allows (IAM enforcement).
 *
 * Each request (awsJson1_1: `X-Amz-Target: WorkMailService.<Op>`, a JSON body
 * with `OrganizationId`) is authorized first; an allowed one is forwarded
 * unchanged (method, path, headers, body) and the answer streamed back; a
 * denied one is answered as the service answers it: HTTP 400,
 * `AccessDeniedException`. Bodies are never logged: CreateUser and
 * ResetPassword carry a password.
 *
 * Crash injection: an interceptor sees every call as it arrives and may kill
 * the caller there, before the call is forwarded (it never reaches WorkMail) or
 * after WorkMail answered it (it was applied, the caller never reads the
 * answer); the connection is then dropped.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import type { AccessDecision } from './iam-enforcement';

const TARGET_PREFIX = 'WorkMailService.';

/** Where a call kills its caller: before it is forwarded, or after WorkMail applied it. */
export type CrashPoint = 'before-call' | 'after-call';

export interface CallInterceptor {
  /** Called for each call as it arrives (authorized or not); undefined: the call goes on normally. */
  crashAt(operation: string): CrashPoint | undefined;
  /** Kills the caller; resolves once it is dead. */
  kill(): Promise<void>;
}

export interface WorkMailProxyProps {
  /** The WorkMail endpoint allowed requests go to. */
  readonly target: string;
  /** Decides one call. */
  readonly authorize: (operation: string, organizationId: string | undefined) => AccessDecision;
  /** One line per denied call (operation and resource only). */
  readonly log: (line: string) => void;
  /** Crash injection; default: none. */
  readonly interceptor?: CallInterceptor;
}

export class WorkMailProxy {
  public static async start(props: WorkMailProxyProps): Promise<WorkMailProxy> {
    const target = new URL(props.target);
    // Own agents: https.globalAgent is redirected for the ResponseURL host while a run is in progress.
    const agent = target.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        let decision: AccessDecision;
        let operation: string | undefined;
        let crash: CrashPoint | undefined;
        try {
          const call = parseCall(req.headers['x-amz-target'], body);
          operation = call?.operation;
          crash = call ? props.interceptor?.crashAt(call.operation) : undefined;
          if (crash === 'before-call') {
            void props.interceptor!.kill().then(() => res.destroy());
            return;
          }
          decision = call ? props.authorize(call.operation, call.organizationId) : { allowed: true };
        } catch (e) {
          // The runner's own failure (e.g. a policy it cannot resolve): a 500 the SDK reports.
          answer(res, 500, 'InternalFailure', `local IAM enforcement failed: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        if (!decision.allowed) {
          props.log(`[local-iam] AccessDeniedException workmail:${operation}`);
          if (crash === 'after-call') void props.interceptor!.kill().then(() => res.destroy());
          else answer(res, 400, 'AccessDeniedException', decision.message);
          return;
        }
        if (crash === 'after-call') {
          forward(target, agent, req, body, res, () => props.interceptor!.kill());
        } else {
          forward(target, agent, req, body, res);
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new WorkMailProxy(server, agent);
  }

  public readonly url: string;

  private constructor(private readonly server: http.Server, private readonly agent: http.Agent) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}

/** The operation and organization of a WorkMail request, or undefined if it is not one (the endpoint will refuse it). */
function parseCall(target: string | string[] | undefined, body: Buffer): { operation: string; organizationId?: string } | undefined {
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) return undefined;
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return undefined;
  }
  const organizationId = (input as { OrganizationId?: unknown } | null)?.OrganizationId;
  return { operation: target.slice(TARGET_PREFIX.length), organizationId: typeof organizationId === 'string' ? organizationId : undefined };
}

/** Forwards a call and streams the answer back; with `killFirst`, reads the whole answer, kills the caller and drops the connection. */
function forward(
  target: URL, agent: http.Agent, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, killFirst?: () => Promise<void>,
): void {
  const request = (target.protocol === 'https:' ? https.request : http.request)({
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port || undefined,
    method: req.method,
    // The endpoint's own path prefix, if any, then the request's.
    path: `${target.pathname.replace(/\/$/, '')}${req.url ?? '/'}`,
    headers: req.headers,
    agent,
  }, (upstream) => {
    if (killFirst) {
      upstream.resume();
      upstream.on('end', () => void killFirst().then(() => res.destroy()));
      return;
    }
    res.writeHead(upstream.statusCode ?? 502, upstream.headers);
    upstream.pipe(res);
  });
  request.on('error', (e) => {
    if (res.headersSent) {
      res.destroy(e);
    } else {
      answer(res, 502, 'InternalFailure', `the WorkMail endpoint ${target.origin} cannot be reached: ${e.message}`);
    }
  });
  request.end(body);
}

function answer(res: http.ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-ErrorType': type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ __type: type, Message: message }));
}
