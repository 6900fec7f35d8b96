/**
 * The handler's credentials, standing in for `@aws-sdk/credential-provider-node` in its bundle (an
 * esbuild alias): Lambda puts the execution role's keys in the environment, or serves them from a
 * container credentials endpoint where it runs without them. The SDK's default chain would also
 * bundle SSO, profile, process and web-identity providers and their STS and SSO clients, a fifth
 * of the bundle that a Lambda function never uses but pays for at every cold start.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { chain, memoize } from '@smithy/core/config';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** Refresh credentials that expire within this many milliseconds, as the default chain does. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * Called by every SDK client as it calls the default chain's `defaultProvider(init)`. Like that chain,
 * it keeps the credentials until they come close to expiring (the client does not memoize this one).
 */
export function defaultProvider(init: { logger?: any } = {}): AwsCredentialIdentityProvider {
  return memoize(
    // fromHttp checks its environment when made, so it is made only once the environment had no keys.
    chain(fromEnv(init), async () => fromHttp(init)()),
    (credentials) => credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < EXPIRY_MARGIN_MS,
    (credentials) => credentials.expiration !== undefined,
  );
}
