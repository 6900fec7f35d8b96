/**
 * The local stand-in for CloudFormation's pre-signed response URL.
 *
 * The framework PUTs its answer with `https.request({ hostname, path })`: port
 * 443 of the ResponseURL's host, through `https.globalAgent`. So the runner
 * serves HTTPS on a free local port with a certificate made for that host, and
 * for the duration of a run replaces the global agent with one that connects
 * connections for that host (only) to this server and trusts only its
 * certificate. In process, no root, no hosts file; the agent is restored after.
 *
 * As CloudFormation does, the first response to a ResponseURL is the one that
 * counts: a later PUT to the same URL (a redelivered event answered again) is
 * accepted and ignored.
 */
// The default import is the module object itself (not a copy of its bindings),
// so that assigning its globalAgent reaches https.request.
import https from 'https';
import type { Agent, RequestOptions, Server } from 'https';
import type { AddressInfo } from 'net';
import type { Duplex } from 'stream';
import * as tls from 'tls';
import { selfSignedCertificate } from './certificate';

/** CloudFormation's limit on a custom resource response body. */
export const MAX_RESPONSE_BYTES = 4096;

class RedirectingAgent extends https.Agent {
  constructor(private readonly hostname: string, private readonly port: number, private readonly ca: string) {
    super({ keepAlive: false });
  }

  public createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void) {
    if (options.hostname !== this.hostname && options.host !== this.hostname) {
      return super.createConnection(options, callback);
    }
    return tls.connect({ host: '127.0.0.1', port: this.port, ca: [this.ca], servername: this.hostname });
  }
}

export class ResponseEndpoint {
  /** Serves HTTPS for `hostname` on a free port of 127.0.0.1. */
  public static async start(hostname: string): Promise<ResponseEndpoint> {
    const { key, cert } = selfSignedCertificate(hostname);
    const received = new Map<string, string>();
    const answered = new Set<string>();
    const lost = new Set<string>();
    const server = https.createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method === 'PUT' && req.url) {
          const url = req.url;
          const lose = [...lost].some(id => url.includes(id));
          // The first response wins; one sent by a run that is modelled as dead never arrived.
          if (!lose && !answered.has(url)) {
            answered.add(url);
            received.set(url, Buffer.concat(chunks).toString('utf8'));
          }
          res.writeHead(200).end();
        } else {
          res.writeHead(405).end();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new ResponseEndpoint(hostname, server, cert, received, lost);
  }

  private savedAgent: Agent | undefined;

  private constructor(
    public readonly hostname: string,
    private readonly server: Server,
    private readonly cert: string,
    private readonly received: Map<string, string>,
    private readonly lost: Set<string>,
  ) {}

  /**
   * While `lose` is true, responses for `requestId` never arrive: the framework
   * invocation that sends them is modelled as having died before its PUT
   * (e.g. timed out with its handler), so Lambda retries it.
   */
  public loseResponses(requestId: string, lose: boolean): void {
    if (lose) this.lost.add(requestId);
    else this.lost.delete(requestId);
  }

  /** The first body PUT to the ResponseURL that contains `requestId`, once. */
  public take(requestId: string): string | undefined {
    for (const [url, body] of this.received) {
      if (url.includes(requestId)) {
        this.received.delete(url);
        return body;
      }
    }
    return undefined;
  }

  /** Points `https.globalAgent` at this server for the response host. */
  public redirectGlobalAgent(): void {
    if (this.savedAgent) return;
    const port = (this.server.address() as AddressInfo).port;
    this.savedAgent = https.globalAgent;
    https.globalAgent = new RedirectingAgent(this.hostname, port, this.cert);
  }

  public restoreGlobalAgent(): void {
    if (!this.savedAgent) return;
    https.globalAgent.destroy();
    https.globalAgent = this.savedAgent;
    this.savedAgent = undefined;
  }

  public async close(): Promise<void> {
    this.restoreGlobalAgent();
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
