/**
 * The two Lambda API calls the framework makes (outbound.js): Invoke, and
 * GetFunction (only through `waitUntilFunctionActiveV2`, after a failed Invoke).
 *
 * As the Lambda service does, a handler's error is not an HTTP error: the
 * answer is 200 with `X-Amz-Function-Error: Unhandled` and the error as the
 * payload, which the framework turns into a FAILED response.
 */
import type { LocalResponse, Route } from './local-endpoints';

export interface LocalFunction {
  readonly arn: string;
  readonly name: string;
  /** Runs the handler; resolves to its result, rejects with its error. */
  invoke(event: unknown): Promise<unknown>;
}

const INVOKE = /^\/2015-03-31\/functions\/(.+)\/invocations$/;
const GET_FUNCTION = /^\/2015-03-31\/functions\/([^/]+)$/;

export function lambdaRoute(functions: readonly LocalFunction[]): Route {
  const find = (nameOrArn: string) => functions.find(f => f.arn === nameOrArn || f.name === nameOrArn || `${f.arn}:$LATEST` === nameOrArn);
  return async (request): Promise<LocalResponse | undefined> => {
    const invoke = INVOKE.exec(request.path);
    if (invoke && request.method === 'POST') {
      const fn = find(invoke[1]);
      if (!fn) return notFound(invoke[1]);
      let result: unknown;
      try {
        result = await fn.invoke(JSON.parse(request.body || '{}'));
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        return {
          status: 200,
          headers: { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
          body: JSON.stringify({ errorType: err.name, errorMessage: err.message, trace: (err.stack ?? '').split('\n') }),
        };
      }
      return { status: 200, headers: { 'x-amz-executed-version': '$LATEST' }, body: JSON.stringify(result ?? null) };
    }
    const get = GET_FUNCTION.exec(request.path);
    if (get && request.method === 'GET') {
      const fn = find(get[1]);
      if (!fn) return notFound(get[1]);
      return {
        status: 200,
        body: JSON.stringify({ Configuration: { FunctionName: fn.name, FunctionArn: fn.arn, State: 'Active', LastUpdateStatus: 'Successful' } }),
      };
    }
    return undefined;
  };
}

function notFound(name: string): LocalResponse {
  return {
    status: 404,
    headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
    body: JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }),
  };
}
