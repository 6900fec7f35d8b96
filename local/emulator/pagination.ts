/**
 * Opaque, tamper-evident page tokens. A token carries the sort key of the last item returned and is
 * bound (by an HMAC) to the operation and its parameters, so a token from another list, another
 * filter, another emulator or a hand-edited one is rejected with InvalidParameterException.
 */
import { createHmac } from 'crypto';
import { invalidParameter } from './errors';
import { PageRequest } from './validation';

/** Without MaxResults a page holds this many items. */
export const DEFAULT_PAGE_SIZE = 100;

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export class Paginator {
  constructor(private readonly secret: string) {}

  /**
   * `items` must be sorted by `keyOf` ascending; keys must be unique and stable (a creation sequence),
   * so that items added or removed between pages neither repeat nor shift the others.
   */
  page<T>(items: readonly T[], keyOf: (item: T) => number, request: PageRequest, scope: string): Page<T> {
    const after = request.nextToken === undefined ? undefined : this.decode(request.nextToken, scope);
    const rest = after === undefined ? items : items.filter((item) => keyOf(item) > after);
    const size = request.maxResults ?? DEFAULT_PAGE_SIZE;
    const pageItems = rest.slice(0, size);
    const nextToken = rest.length > size ? this.encode(keyOf(pageItems[pageItems.length - 1]), scope) : undefined;
    return { items: pageItems, nextToken };
  }

  private sign(payload: string, scope: string): string {
    return createHmac('sha256', this.secret).update(scope).update('\n').update(payload).digest('base64url').slice(0, 22);
  }

  private encode(after: number, scope: string): string {
    const payload = Buffer.from(JSON.stringify({ a: after })).toString('base64url');
    return `${payload}.${this.sign(payload, scope)}`;
  }

  private decode(token: string, scope: string): number {
    const [payload, signature, extra] = token.split('.');
    if (extra !== undefined || !payload || signature !== this.sign(payload, scope)) {
      throw invalidParameter('NextToken is invalid or does not belong to this request');
    }
    const after = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: unknown }).a;
    if (typeof after !== 'number') throw invalidParameter('NextToken is invalid');
    return after;
  }
}
