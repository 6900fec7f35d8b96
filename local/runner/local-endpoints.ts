/**
 * One plain-HTTP server on 127.0.0.1 for the AWS APIs the framework and the
 * handler call besides WorkMail: Lambda (the framework invokes the handler),
 * Secrets Manager (the handler reads passwords) and CloudFormation (the
 * handler asks the stack's status). The SDK clients reach it through
 * `AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL_SECRETS_MANAGER` and
 * `AWS_ENDPOINT_URL_CLOUDFORMATION`.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface LocalRequest {
  readonly method: string;
  /** Path without the query string, URL-decoded. */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface LocalResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

/** Answers the requests it recognizes, undefined for the others. */
export type Route = (request: LocalRequest) => Promise<LocalResponse | undefined>;

export class LocalEndpoints {
  public static async start(routes: Route[]): Promise<LocalEndpoints> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: LocalRequest = {
          method: req.method ?? 'GET',
          path: decodeURIComponent((req.url ?? '/').split('?')[0]),
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        void answer(routes, request).then((response) => {
          res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
          res.end(response.body);
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new LocalEndpoints(server);
  }

  public readonly url: string;

  private constructor(private readonly server: http.Server) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}

async function answer(routes: Route[], request: LocalRequest): Promise<LocalResponse> {
  try {
    for (const route of routes) {
      const response = await route(request);
      if (response) return response;
    }
    return { status: 404, body: JSON.stringify({ message: `the local runner serves no ${request.method} ${request.path}` }) };
  } catch (e) {
    // A route's own failure (not the handler's: routes answer those as Lambda does).
    return { status: 500, body: JSON.stringify({ message: e instanceof Error ? e.message : String(e) }) };
  }
}
