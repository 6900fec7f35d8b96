/**
 * The WorkMail provider's onEvent handler, run by the aws-cdk-lib
 * custom-resources Provider framework: it returns { PhysicalResourceId, Data }
 * and throws on failure (the framework reports the message as the Reason).
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { Deadline } from './deadline';
import { dispatch } from './dispatch';
import { createLogger } from './logger';
import { HandlerDeps, ReconcileResult } from './reconcilers/reconciler';
import { createPasswordReader, createSecretsManagerClient } from './secrets';
import { createCloudFormationClient, createStackReader } from './stack-status';
import { DEFAULT_WAIT } from './wait';
import { WorkMailApi, createWorkMailClient } from './workmail-client';

let defaults: HandlerDeps | undefined;

/**
 * Built on first use and kept for the container's life: clients reuse their connections. The Secrets Manager
 * and CloudFormation clients are made only when an event first needs them.
 */
function defaultDeps(): HandlerDeps {
  if (!defaults) {
    const log = createLogger();
    const stack = createStackReader(createCloudFormationClient);
    defaults = {
      log,
      workmail: new WorkMailApi(createWorkMailClient(), log),
      readPassword: createPasswordReader(createSecretsManagerClient),
      wait: DEFAULT_WAIT,
      isRollingBack: stack.isRollingBack,
      stackOperationStart: stack.operationStart,
    };
  }
  return defaults;
}

/** `context` tells the time left: the event stops in time to answer (see deadline.ts). */
export async function handler(event: CloudFormationCustomResourceEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ReconcileResult> {
  return dispatch(event, { ...defaultDeps(), deadline: Deadline.of(context) });
}
