/**
 * Starts the WorkMail emulator and builds the handler's dependencies around
 * the real WorkMail client pointed at it, with short waits, a captured log and
 * passwords from an in-test map instead of Secrets Manager; and a local
 * CloudFormation endpoint, asked through the real client, that reports the
 * stack status and times a test sets. Every event runs with exactly the WorkMail actions
 * the provider grants its resource type; the raw client that arranges
 * hand-made state may do anything.
 */
import {
  CreateGroupCommand, CreateResourceCommand, CreateUserCommand, RegisterToWorkMailCommand, ResourceType, WorkMailClient,
} from '@aws-sdk/client-workmail';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createEvent, STACK_ID, userProps } from './events';
import { dispatch } from '../../lambda/dispatch';
import { SecretReadError } from '../../lambda/errors';
import { createLogger } from '../../lambda/logger';
import { OPERATION_CLOCK_SKEW_MS } from '../../lambda/reconcilers/mail-entity/create';
import { HandlerDeps, ReconcileResult } from '../../lambda/reconcilers/reconciler';
import { passwordFromSecretString } from '../../lambda/secrets';
import { createCloudFormationClient, createStackReader } from '../../lambda/stack-status';
import { WorkMailApi, createWorkMailClient } from '../../lambda/workmail-client';
import { BehaviourOptions, FaultOptions, RunningEmulator, SnapshotGroup, SnapshotResource, SnapshotUser, startEmulator } from '../../local/emulator';
import { cloudFormationRoute } from '../../local/runner/cloudformation-endpoint';
import { LocalEndpoints } from '../../local/runner/local-endpoints';
import { StackTimes } from '../../local/runner/state';
import { WORKMAIL_ACTIONS } from '../../src/provider/workmail-actions';

export const ORG = 'm-0123456789abcdef0123456789abcdef';
export const OTHER_ORG = 'm-fedcba9876543210fedcba9876543210';
export const DOMAIN = 'acme.example.com';
export const OTHER_DOMAIN = 'globex.example.com';
/** A domain of ORG that is not verified: registering an address in it fails (MailDomainStateException). */
export const PENDING_DOMAIN = 'pending.acme.example.com';

export const PASSWORD_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alice-password-AbCdEf';
export const PASSWORD = 'Wonder-Land-2024!';

export interface Harness {
  readonly emulator: RunningEmulator;
  readonly deps: HandlerDeps;
  /** Every log line written so far. */
  readonly logLines: string[];
  /** Secret ARN → secret string. */
  readonly secrets: Map<string, string>;
  /** A raw client for arranging "hand-made" state outside the stack. */
  readonly client: WorkMailClient;
  /** Dispatches the event with only the WorkMail actions granted to its resource type allowed. */
  run(event: CloudFormationCustomResourceEvent): Promise<ReconcileResult>;
  /** Users of an organization that are not DELETED. */
  liveUsers(organizationId?: string): SnapshotUser[];
  user(id: string, organizationId?: string): SnapshotUser | undefined;
  /** Every group of an organization, DELETED ones included. */
  groups(organizationId?: string): SnapshotGroup[];
  group(id: string, organizationId?: string): SnapshotGroup | undefined;
  /** Every bookable resource of an organization, DELETED ones included. */
  resources(organizationId?: string): SnapshotResource[];
  resource(id: string, organizationId?: string): SnapshotResource | undefined;
  /** Every user of an organization, DELETED ones included. */
  snapshot(organizationId?: string): SnapshotUser[];
  /**
   * Operations the emulator received since the last resetCalls(), DescribeStacks
   * calls to the local CloudFormation endpoint included, in order.
   */
  operations(): string[];
  /** The status DescribeStacks reports for the events' stack; undefined: the stack does not exist. */
  setStackStatus(status: string | undefined): void;
  /** The CreationTime and LastUpdatedTime DescribeStacks reports for the events' stack. */
  setStackTimes(times: StackTimes): void;
  /**
   * Begins a new operation of the events' stack after everything made so far: moves the emulator's
   * clock past the skew the handler allows and reports that time as LastUpdatedTime. Returns it.
   */
  beginStackOperation(): Date;
  close(): Promise<void>;
}

/** `behaviour`: the emulator's answers where the service is undocumented (default: its defaults). */
export async function startHarness(faults: FaultOptions = {}, behaviour?: BehaviourOptions): Promise<Harness> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;

  const emulator = await startEmulator({
    seed: {
      organizations: [
        { id: ORG, alias: 'acme', defaultMailDomain: DOMAIN, domains: [DOMAIN], unverifiedDomains: [PENDING_DOMAIN] },
        { id: OTHER_ORG, alias: 'globex', defaultMailDomain: OTHER_DOMAIN, domains: [OTHER_DOMAIN] },
      ],
    },
    faults,
    behaviour,
  });
  // The SDK reads the endpoint from the environment, exactly as in Lambda.
  process.env.AWS_ENDPOINT_URL_WORKMAIL = emulator.endpoint;

  // DescribeStacks answers the status and times the test set; each call joins the emulator's call record.
  let stackStatus: string | undefined = 'UPDATE_IN_PROGRESS';
  let stackTimes: StackTimes = { creationTime: new Date(emulator.clock.now()) };
  const cloudFormation = await LocalEndpoints.start([cloudFormationRoute((stackNameOrId) => {
    emulator.calls.push({ operation: 'DescribeStacks', status: stackStatus === undefined ? 400 : 200 });
    if (stackStatus === undefined || stackNameOrId !== STACK_ID) return undefined;
    return { stackId: STACK_ID, stackName: 'Mail', status: stackStatus, ...stackTimes };
  })]);
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = cloudFormation.url;

  const logLines: string[] = [];
  const log = createLogger((line) => logLines.push(line));
  const secrets = new Map<string, string>([[PASSWORD_ARN, PASSWORD]]);
  const stack = createStackReader(createCloudFormationClient);
  const deps: HandlerDeps = {
    log,
    workmail: new WorkMailApi(createWorkMailClient(), log),
    readPassword: async (arn, field) => {
      const value = secrets.get(arn);
      if (value === undefined) throw new SecretReadError(`Password secret ${arn} was not found (GetSecretValue: ResourceNotFoundException)`);
      return passwordFromSecretString(value, arn, field);
    },
    wait: { attempts: 40, delayMs: 25 },
    isRollingBack: stack.isRollingBack,
    stackOperationStart: stack.operationStart,
  };
  const client = new WorkMailClient({ maxAttempts: 1 });
  /** The resource types of the events running now, one entry per event. */
  const running: string[] = [];

  const organization = (organizationId: string) => emulator.snapshot().organizations.find((o) => o.id === organizationId);
  const usersOf = (organizationId: string) => organization(organizationId)?.users ?? [];
  const groupsOf = (organizationId: string) => organization(organizationId)?.groups ?? [];
  const resourcesOf = (organizationId: string) => organization(organizationId)?.resources ?? [];
  return {
    emulator,
    deps,
    logLines,
    secrets,
    client,
    run: async (event) => {
      // As the provider's role would: only the actions granted to this resource type (none for an unknown type);
      // events run at once share one emulator, which then allows what any of their types is granted.
      running.push(event.ResourceType);
      emulator.setAllowedOperations(allowedFor(running));
      try {
        return await dispatch(event, deps);
      } finally {
        running.splice(running.indexOf(event.ResourceType), 1);
        emulator.setAllowedOperations(running.length === 0 ? undefined : allowedFor(running));
      }
    },
    liveUsers: (organizationId = ORG) => usersOf(organizationId).filter((u) => u.state !== 'DELETED'),
    user: (id, organizationId = ORG) => usersOf(organizationId).find((u) => u.id === id),
    snapshot: (organizationId = ORG) => usersOf(organizationId),
    groups: (organizationId = ORG) => groupsOf(organizationId),
    group: (id, organizationId = ORG) => groupsOf(organizationId).find((g) => g.id === id),
    resources: (organizationId = ORG) => resourcesOf(organizationId),
    resource: (id, organizationId = ORG) => resourcesOf(organizationId).find((r) => r.id === id),
    operations: () => emulator.calls.map((c) => c.operation),
    setStackStatus: (status) => {
      stackStatus = status;
    },
    setStackTimes: (times) => {
      stackTimes = times;
    },
    beginStackOperation: () => {
      emulator.clock.advance(OPERATION_CLOCK_SKEW_MS + 1_000);
      const started = new Date(emulator.clock.now());
      stackTimes = { creationTime: stackTimes.creationTime, lastUpdatedTime: started };
      return started;
    },
    close: async () => {
      client.destroy();
      await cloudFormation.close();
      await emulator.close();
    },
  };
}

/**
 * Starts one harness for the calling test file and closes it after the file;
 * before each test, no faults, no recorded calls and a stack updating forward,
 * in an operation that begins with the test.
 */
export function useHarness(started: (h: Harness) => void, behaviour?: BehaviourOptions): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness({}, behaviour);
    started(h);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h!.emulator.setFaults({});
    h!.emulator.resetCalls();
    h!.setStackStatus('UPDATE_IN_PROGRESS');
    h!.beginStackOperation();
  });
}

let stackUsers = 0;
/**
 * A fresh stack-made user named `prefix` and a number unique in the test file (enabled, with an
 * email, unless `overrides` say otherwise) and its properties; calls are reset afterwards.
 */
export async function stackMadeUser(h: Harness, prefix: string, overrides: Record<string, string | undefined> = {}) {
  stackUsers += 1;
  const name = `${prefix}${stackUsers}`;
  const props = userProps({ Name: name, Email: `${name}@${DOMAIN}`, ...overrides });
  const { PhysicalResourceId: id } = await h.run(createEvent(props));
  h.emulator.resetCalls();
  return { id, name, props };
}

/** A user made by hand, outside any stack (optionally registered). */
export async function handMadeUser(h: Harness, name: string, displayName: string, password: string, email?: string): Promise<string> {
  const { UserId } = await h.client.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: displayName, Password: password }));
  if (email) await h.client.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: UserId!, Email: email }));
  return UserId!;
}

/** A group made by hand, outside any stack (optionally registered). */
export async function handMadeGroup(h: Harness, name: string, email?: string): Promise<string> {
  const { GroupId } = await h.client.send(new CreateGroupCommand({ OrganizationId: ORG, Name: name }));
  if (email) await h.client.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: GroupId!, Email: email }));
  return GroupId!;
}

/** A bookable resource made by hand, outside any stack (optionally registered). */
export async function handMadeResource(h: Harness, name: string, type: ResourceType, email?: string): Promise<string> {
  const { ResourceId } = await h.client.send(new CreateResourceCommand({ OrganizationId: ORG, Name: name, Type: type }));
  if (email) await h.client.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: ResourceId!, Email: email }));
  return ResourceId!;
}

/** The error a promise rejects with; fails the test when it resolves. */
export function failure<E extends Error = Error>(promise: Promise<unknown>): Promise<E> {
  return promise.then(() => {
    throw new Error('expected a failure, got a success');
  }, (e: unknown) => e as E);
}

/** The WorkMail actions granted to any of `resourceTypes`. */
function allowedFor(resourceTypes: readonly string[]): string[] {
  return [...new Set(resourceTypes.flatMap((type) => WORKMAIL_ACTIONS[type as keyof typeof WORKMAIL_ACTIONS] ?? []))];
}

/** Names unique within a test file (which shares one emulator): `${tag}${prefix}${n}`. */
export function uniqueNames(tag = ''): (prefix: string) => string {
  let counter = 0;
  return (prefix) => `${tag}${prefix}${++counter}`;
}
