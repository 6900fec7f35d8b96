/**
 * What the handler reads of its own stack (DescribeStacks on the event's
 * StackId), asked only where an event would be handled differently, never on
 * the ordinary path:
 * - whether the stack is rolling back. CloudFormation rolls a custom resource
 *   back by sending an Update with the old and new properties swapped, which
 *   looks exactly like a forward change; only the stack's status tells them apart.
 * - when the stack operation the event belongs to began (LastUpdatedTime, or
 *   CreationTime for a stack's first creation): what a retried Create made
 *   after it may be its own work.
 * A stack that cannot be read counts as a forward change with no known start:
 * that handling is the one that fails safe (it refuses, never deletes or claims).
 */
import { CloudFormationClient, DescribeStacksCommand, Stack } from '@aws-sdk/client-cloudformation';
import { Logger } from './logger';
import { sdkErrorName } from './workmail-client';

/** True while the stack of `stackId` rolls back; logs through `log`. */
export type RollbackCheck = (stackId: string, log: Logger) => Promise<boolean>;

/** When the current operation of the stack of `stackId` began; undefined when it cannot be read. */
export type OperationStartCheck = (stackId: string, log: Logger) => Promise<Date | undefined>;

/** The questions the handler asks its stack, over one CloudFormation client. */
export interface StackReader {
  readonly isRollingBack: RollbackCheck;
  readonly operationStart: OperationStartCheck;
}

const ROLLING_BACK = new Set(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS']);

export function createCloudFormationClient(): CloudFormationClient {
  // Endpoint and region from the environment (AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_REGION).
  // Bounded: an unreadable stack only means the handling that fails safe.
  return new CloudFormationClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 } });
}

/** The client is made on the first question, so a deployment that never asks never builds it. */
export function createStackReader(makeClient: () => CloudFormationClient): StackReader {
  let client: CloudFormationClient | undefined;
  /** The stack, or undefined (logged as `fallback`, with why) when it cannot be read. */
  async function describe(stackId: string, log: Logger, fallback: { decision: string; reason: string }): Promise<Stack | undefined> {
    const started = Date.now();
    try {
      client ??= makeClient();
      const output = await client.send(new DescribeStacksCommand({ StackName: stackId }));
      const stack = output.Stacks?.[0];
      log.info('cloudformation call', { operation: 'DescribeStacks', stackId, outcome: 'ok', stackStatus: stack?.StackStatus, ms: Date.now() - started });
      return stack;
    } catch (err) {
      log.warn('decision', {
        ...fallback,
        stackId,
        errorName: sdkErrorName(err),
        error: (err as Error | undefined)?.message,
        ms: Date.now() - started,
      });
      return undefined;
    }
  }
  return {
    isRollingBack: async (stackId, log) => {
      const stack = await describe(stackId, log, { decision: 'assume-forward-change', reason: 'the stack status could not be read (DescribeStacks)' });
      return stack?.StackStatus !== undefined && ROLLING_BACK.has(stack.StackStatus);
    },
    operationStart: async (stackId, log) => {
      const stack = await describe(stackId, log, {
        decision: 'operation-start-unknown', reason: 'the stack could not be read (DescribeStacks): nothing is taken for this operation\'s own work',
      });
      return operationStartOf(stack);
    },
  };
}

/** CloudFormation sets LastUpdatedTime when an update begins; a stack never updated has only its CreationTime. */
function operationStartOf(stack: Stack | undefined): Date | undefined {
  const start = stack?.LastUpdatedTime ?? stack?.CreationTime;
  return start instanceof Date && !Number.isNaN(start.getTime()) ? start : undefined;
}
