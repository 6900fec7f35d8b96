/**
 * The pages of a paginated WorkMail List* call, each fetched through
 * WorkMailApi.send (so every page gets its log line and its clear errors).
 * The SDK's own paginators insist on a raw WorkMailClient, which the handler
 * keeps behind WorkMailApi; this is the same loop, once.
 */
import { CallContext, CommandLike, OutputOf, WorkMailApi } from './workmail-client';

/** Yields each page of `command(nextToken)` until the service returns no NextToken; a caller may stop early. */
export async function* workmailPages<C extends CommandLike>(
  api: WorkMailApi,
  context: CallContext,
  command: (nextToken: string | undefined) => C,
): AsyncGenerator<OutputOf<C>, void, undefined> {
  let nextToken: string | undefined;
  do {
    const page = await api.send(command(nextToken), context);
    yield page;
    nextToken = (page as { NextToken?: string }).NextToken;
  } while (nextToken);
}
