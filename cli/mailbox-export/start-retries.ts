/**
 * The SDK counts LimitExceededException as throttling and retries it with growing waits. For
 * StartMailboxExportJob it means "10 jobs are running" or "this mailbox was exported today": the scheduler
 * handles both (it waits for a free slot at its next poll, or explains the day's limit), so the client must
 * hand it over at once. Every other error keeps the client's own retry strategy.
 */
import type { WorkMailClient } from '@aws-sdk/client-workmail';

type RetryStrategyProvider = WorkMailClient['config']['retryStrategy'];
type Strategy = Awaited<ReturnType<RetryStrategyProvider>>;
type StrategyV2 = Extract<Strategy, { refreshRetryTokenForRetry: unknown }>;

/** Makes `client` fail at once on LimitExceededException; returns the client. */
export function withoutLimitRetries(client: WorkMailClient): WorkMailClient {
  const original = client.config.retryStrategy;
  let wrapped: Promise<Strategy> | undefined;
  client.config.retryStrategy = () => {
    wrapped ??= original().then((strategy): Strategy => {
      if (!('refreshRetryTokenForRetry' in strategy)) return strategy;
      const inner = strategy as StrategyV2;
      return {
        acquireInitialRetryToken: (scope) => inner.acquireInitialRetryToken(scope),
        refreshRetryTokenForRetry: (token, error) =>
          (error.error?.name === 'LimitExceededException' ? Promise.reject(error.error) : inner.refreshRetryTokenForRetry(token, error)),
        recordSuccess: (token) => inner.recordSuccess(token),
      };
    });
    return wrapped;
  };
  return client;
}
