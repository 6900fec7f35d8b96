/**
 * What the alias, delegate and organization tests share: events whose
 * properties hold lists (CloudFormation keeps lists as lists of strings), a
 * dispatch with exactly the WorkMail actions the resource type is granted,
 * entities made "by hand" through a raw client, and their addresses as the
 * emulator holds them.
 */
import { CreateGroupCommand, CreateResourceCommand, CreateUserCommand, RegisterToWorkMailCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createEvent, deleteEvent, updateEvent } from './events';
import { DOMAIN, ORG } from './harness';
import { RECONCILERS, ReconcilerRegistry, dispatch } from '../../lambda/dispatch';
import { createLogger } from '../../lambda/logger';
import { aliasReconciler } from '../../lambda/reconcilers/alias';
import { delegateReconciler } from '../../lambda/reconcilers/delegate';
import { organizationReconciler } from '../../lambda/reconcilers/organization';
import { HandlerDeps, ReconcileResult } from '../../lambda/reconcilers/reconciler';
import { WorkMailApi, createWorkMailClient } from '../../lambda/workmail-client';
import { EntityState, RunningEmulator } from '../../local/emulator';
import { EntityTypeName, WorkMailResourceType, WorkMailResourceTypeName } from '../../src/provider/resource-properties';
import { WORKMAIL_ACTIONS } from '../../src/provider/workmail-actions';

export const REGISTRY: ReconcilerRegistry = {
  ...RECONCILERS,
  [WorkMailResourceType.ALIAS]: aliasReconciler,
  [WorkMailResourceType.DELEGATE]: delegateReconciler,
  [WorkMailResourceType.ORGANIZATION]: organizationReconciler,
};

/** Properties as CloudFormation sends them: strings, lists of strings and lists of objects. */
export type RelationProps = Readonly<Record<string, unknown>>;

function cfn(serviceToken: string, props: RelationProps): { ServiceToken: string; [key: string]: unknown } {
  const defined = Object.entries(props).filter(([, value]) => value !== undefined);
  return { ServiceToken: serviceToken, ...Object.fromEntries(defined) };
}

/** Events of one resource type, built like events.ts builds them, with list properties kept. */
export function eventsOf(resourceType: WorkMailResourceTypeName, logicalId: string) {
  return {
    create: (props: RelationProps): CloudFormationCustomResourceEvent => {
      const event = createEvent({}, logicalId, resourceType);
      return { ...event, ResourceProperties: cfn(event.ServiceToken, props) };
    },
    update: (physicalId: string, props: RelationProps, oldProps: RelationProps): CloudFormationCustomResourceEvent => {
      const event = updateEvent(physicalId, {}, {}, logicalId, resourceType);
      return { ...event, ResourceProperties: cfn(event.ServiceToken, props), OldResourceProperties: cfn(event.ServiceToken, oldProps) };
    },
    delete: (physicalId: string, props: RelationProps): CloudFormationCustomResourceEvent => {
      const event = deleteEvent(physicalId, {}, logicalId, resourceType);
      return { ...event, ResourceProperties: cfn(event.ServiceToken, props) };
    },
  };
}

/** Dispatches `event` while the emulator allows only the actions its resource type is granted. */
export async function runGranted(emulator: RunningEmulator, deps: HandlerDeps, event: CloudFormationCustomResourceEvent): Promise<ReconcileResult> {
  emulator.setAllowedOperations(WORKMAIL_ACTIONS[event.ResourceType as WorkMailResourceTypeName]);
  try {
    return await dispatch(event, deps, REGISTRY);
  } finally {
    emulator.setAllowedOperations(undefined);
  }
}

/** Handler dependencies around a WorkMail client pointed at `endpoint`, logging into `logLines`. */
export function depsFor(endpoint: string, logLines: string[]): HandlerDeps {
  const log = createLogger((line) => logLines.push(line));
  const client = createWorkMailClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return {
    log,
    workmail: new WorkMailApi(client, log),
    readPassword: async () => {
      throw new Error('no password is read here');
    },
    wait: { attempts: 3, delayMs: 10 },
    isRollingBack: async () => false,
    stackOperationStart: async () => undefined,
  };
}

/** The `decision` log lines written since `from`. */
export function decisionsSince(logLines: readonly string[], from: number): Array<Record<string, unknown>> {
  return logLines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'decision');
}

let made = 0;
/**
 * A user, group or resource made by hand (outside any stack) in ORG, named `prefix` and a number unique in
 * the test file, registered as `<name>@DOMAIN` unless `registered` is false.
 */
export async function handMadeEntity(
  client: WorkMailClient, type: EntityTypeName, prefix: string, registered = true,
): Promise<{ id: string; name: string; email: string }> {
  made += 1;
  const name = `${prefix}${made}`;
  let id: string | undefined;
  if (type === 'USER') id = (await client.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }))).UserId;
  if (type === 'GROUP') id = (await client.send(new CreateGroupCommand({ OrganizationId: ORG, Name: name }))).GroupId;
  if (type === 'RESOURCE') id = (await client.send(new CreateResourceCommand({ OrganizationId: ORG, Name: name, Type: 'ROOM' }))).ResourceId;
  const email = `${name}@${DOMAIN}`;
  if (registered) await client.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id!, Email: email }));
  return { id: id!, name, email };
}

/** What the emulator holds of any entity of ORG: state, primary address, aliases, delegates (resources). */
export function entityOf(emulator: RunningEmulator, id: string): {
  state: EntityState; email?: string; aliases: string[]; delegates?: Array<{ id: string }>;
} | undefined {
  const org = emulator.snapshot().organizations.find((o) => o.id === ORG)!;
  return [...org.users, ...org.groups, ...org.resources].find((e) => e.id === id);
}
