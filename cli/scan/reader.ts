/**
 * Every WorkMail call of a scan goes through here: it counts calls and pages for the progress report,
 * and turns a failure into one message naming the operation, the entity and the organization.
 */
import { WorkMailClient } from '@aws-sdk/client-workmail';

/** What has been read so far. */
export interface ScanCounters {
  /** Successful WorkMail calls (each page of a List is one call). */
  calls: number;
  /** Pages of List operations. */
  pages: number;
  /** Users, groups and resources described. */
  entities: number;
}

/** A scan that cannot go on; a failed WorkMail call is kept as its cause. */
export class ScanError extends Error {
  public declare readonly cause: unknown;

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'ScanError';
    Object.freeze(this);
  }
}

export class ScanReader {
  public readonly counters: ScanCounters = { calls: 0, pages: 0, entities: 0 };

  constructor(
    public readonly client: WorkMailClient,
    private readonly organizationLabel: () => string,
    private readonly onChange: () => void,
  ) {}

  /** One call (`call` sends it with `this.client`); `what` names its entity, e.g. `user 'alice'` (empty: the organization). */
  async send<Output>(operation: string, what: string, call: () => Promise<Output>): Promise<Output> {
    let output: Output;
    try {
      output = await call();
    } catch (e) {
      throw this.failure(operation, what, e);
    }
    this.counters.calls += 1;
    this.onChange();
    return output;
  }

  /** Every page of a List, read once, in order (`pages` comes from an SDK paginator). */
  async pages<Page>(operation: string, what: string, pages: AsyncIterable<Page>): Promise<Page[]> {
    const all: Page[] = [];
    try {
      for await (const page of pages) {
        all.push(page);
        this.counters.calls += 1;
        this.counters.pages += 1;
        this.onChange();
      }
    } catch (e) {
      throw this.failure(operation, what, e);
    }
    return all;
  }

  /** One more entity fully read. */
  entityRead(): void {
    this.counters.entities += 1;
    this.onChange();
  }

  private failure(operation: string, what: string, e: unknown): ScanError {
    const err = e instanceof Error ? e : new Error(String(e));
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
    const subject = what ? `${what} in ${this.organizationLabel()}` : this.organizationLabel();
    return new ScanError(`${operation} failed for ${subject}: ${name}${err.message}`, { cause: e });
  }
}
