/**
 * A per-organization request rate, as the service enforces one: a token bucket
 * per organization (requests that name none share one bucket). A request that
 * finds the bucket empty is answered ThrottlingException without doing anything.
 */
import { RateLimitOptions } from './types';

export function validateRateLimit(limit: RateLimitOptions): RateLimitOptions {
  const { requestsPerSecond, burst } = limit;
  if (typeof requestsPerSecond !== 'number' || !Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) {
    throw new RangeError('rateLimit.requestsPerSecond must be a number > 0');
  }
  if (burst !== undefined && (!Number.isInteger(burst) || burst < 1)) throw new RangeError('rateLimit.burst must be an integer >= 1');
  for (const key of Object.keys(limit)) {
    if (key !== 'requestsPerSecond' && key !== 'burst') throw new RangeError(`unknown rateLimit option ${key}`);
  }
  return { requestsPerSecond, burst };
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last refilled, in ms. */
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;

  constructor(limit: RateLimitOptions, private readonly clock: () => number = () => performance.now()) {
    const valid = validateRateLimit(limit);
    this.rate = valid.requestsPerSecond;
    // Default burst: one second's worth of requests, at least one.
    this.burst = valid.burst ?? Math.max(1, Math.floor(this.rate));
  }

  /** Takes a token from the organization's bucket; false when it is empty (throttled). */
  public take(organizationId: string): boolean {
    const now = this.clock();
    const bucket = this.buckets.get(organizationId) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    this.buckets.set(organizationId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** The organization a request body names, or '' (ListOrganizations, a body that is not JSON). */
export function organizationOf(raw: Buffer | undefined): string {
  if (raw === undefined || raw.length === 0) return '';
  try {
    const body = JSON.parse(raw.toString('utf8')) as { OrganizationId?: unknown };
    return typeof body?.OrganizationId === 'string' ? body.OrganizationId : '';
  } catch {
    return '';
  }
}
