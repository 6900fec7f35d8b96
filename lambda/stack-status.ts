/**
 * Whether the stack is rolling back. CloudFormation rolls a custom resource
 * back by sending an Update with the old and new properties swapped, which
 * looks exactly like a forward change; only the stack's status tells them
 * apart. Asked only where the two would be handled differently, never on the
 * ordinary path. A status that cannot be read counts as a forward change:
 * the forward handling is the one that fails safe (it refuses, never deletes).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Logger } from './logger';
import { sdkErrorName } from './workmail-client';

/** True while the stack of `stackId` rolls back; logs through `log`. */
export type RollbackCheck = (stackId: string, log: Logger) => Promise<boolean>;

const ROLLING_BACK = new Set(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS']);

export function createCloudFormationClient(): CloudFormationClient {
  // Endpoint and region from the environment (AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_REGION).
  // Bounded: an unreadable status only means the forward handling.
  return new CloudFormationClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 } });
}

/** The client is made on the first question, so a deployment that never asks never builds it. */
export function createRollbackCheck(makeClient: () => CloudFormationClient): RollbackCheck {
  let client: CloudFormationClient | undefined;
  return async (stackId, log) => {
    const started = Date.now();
    try {
      client ??= makeClient();
      const output = await client.send(new DescribeStacksCommand({ StackName: stackId }));
      const status = output.Stacks?.[0]?.StackStatus;
      log.info('cloudformation call', { operation: 'DescribeStacks', stackId, outcome: 'ok', stackStatus: status, ms: Date.now() - started });
      return status !== undefined && ROLLING_BACK.has(status);
    } catch (err) {
      log.warn('decision', {
        decision: 'assume-forward-change',
        reason: 'the stack status could not be read (DescribeStacks)',
        stackId,
        errorName: sdkErrorName(err),
        error: (err as Error | undefined)?.message,
        ms: Date.now() - started,
      });
      return false;
    }
  };
}
