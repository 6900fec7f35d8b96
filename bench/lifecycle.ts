/**
 * WorkMail API calls per lifecycle step of every kind, deployed through the local runner and the bundled
 * handler into the emulator, beside the API's minimum for the step (bench/lifecycle-steps.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AssociateMemberToGroupCommand, CreateResourceCommand, CreateUserCommand, RegisterToWorkMailCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { App, Stack } from 'aws-cdk-lib';
import {
  BENCH_DOMAIN, BENCH_ORGANIZATION_ID, HAND_MADE_ROOM, HAND_MADE_USERS, HandChange, HandMade, HandMadeEntity, KindLifecycle,
  LIFECYCLES, verdict,
} from './lifecycle-steps';
import { RunningEmulator } from '../local/emulator';
import { deploy, destroy } from '../local/runner';
import { WorkMailOrganization } from '../src';

export interface LifecycleStep {
  readonly kind: string;
  readonly step: string;
  /** WorkMail operations the step made, with their count. */
  readonly calls: Record<string, number>;
  readonly total: number;
  /** The API's minimum per operation, and in all. */
  readonly minimum: Readonly<Record<string, number>>;
  readonly minimumTotal: number;
  readonly verdict: 'ok' | 'OVER' | 'UNDER';
  /** Why the minimum is what it is. */
  readonly why: string;
  /** Why the step stays above the goal on purpose, if it does. */
  readonly limit?: string;
}

const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The entities declarations refer to, made by hand (their calls are not counted). */
async function makeByHand(client: WorkMailClient): Promise<HandMade> {
  const OrganizationId = BENCH_ORGANIZATION_ID;
  const register = async (EntityId: string, local: string): Promise<HandMadeEntity> => {
    const email = `${local}@${BENCH_DOMAIN}`;
    await client.send(new RegisterToWorkMailCommand({ OrganizationId, EntityId, Email: email }));
    return { id: EntityId, email };
  };
  const users: Record<string, HandMadeEntity> = {};
  for (const name of HAND_MADE_USERS) {
    const { UserId } = await client.send(new CreateUserCommand({ OrganizationId, Name: `bench.${name}`, DisplayName: name }));
    users[name] = await register(UserId!, `bench.${name}`);
  }
  const { ResourceId } = await client.send(new CreateResourceCommand({ OrganizationId, Name: `bench.${HAND_MADE_ROOM}`, Type: 'ROOM' }));
  return { ann: users.ann, bob: users.bob, eve: users.eve, hall: await register(ResourceId!, `bench.${HAND_MADE_ROOM}`) };
}

/** The hand-made changes a step starts from. */
async function changeByHand(client: WorkMailClient, change: HandChange, made: HandMade): Promise<void> {
  switch (change) {
    case 'add-eve-to-group':
      await client.send(new AssociateMemberToGroupCommand({ OrganizationId: BENCH_ORGANIZATION_ID, GroupId: 'gunmen', MemberId: made.eve.id }));
      return;
    default:
      throw new Error(`unknown hand-made change '${String(change)}'`);
  }
}

function synth(outdir: string, stackName: string, declare: NonNullable<KindLifecycle['steps'][number]['declare']>, made: HandMade): string {
  const app = new App({ outdir });
  const stack = new Stack(app, stackName);
  declare(stack, WorkMailOrganization.fromOrganizationId(stack, 'Org', BENCH_ORGANIZATION_ID), made);
  app.synth();
  return outdir;
}

async function measureKind(
  lifecycle: KindLifecycle, emulator: RunningEmulator, client: WorkMailClient, made: HandMade, workdir: string,
): Promise<LifecycleStep[]> {
  const stackName = `Bench${lifecycle.kind.replace(/(^|\s)(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`;
  const stateFile = path.join(workdir, `${stackName}.json`);
  const results: LifecycleStep[] = [];
  let assembly = '';
  for (const [index, declared] of lifecycle.steps.entries()) {
    if (declared.before) await changeByHand(client, declared.before, made);
    emulator.resetCalls();
    const options = { stateFile, workmailEndpoint: emulator.endpoint };
    try {
      if (declared.declare) {
        assembly = synth(path.join(workdir, `${stackName}-${index}`), stackName, declared.declare, made);
        await deploy({ ...options, cloudAssemblyDir: assembly });
      } else {
        await destroy({ ...options, cloudAssemblyDir: assembly });
      }
    } catch (err) {
      throw new Error(`${lifecycle.kind}, step '${declared.step}': ${err instanceof Error ? err.message : String(err)}`);
    }
    const calls: Record<string, number> = {};
    for (const call of emulator.calls) calls[call.operation] = (calls[call.operation] ?? 0) + 1;
    results.push({
      kind: lifecycle.kind,
      step: declared.step,
      calls,
      total: emulator.calls.length,
      minimum: declared.minimum,
      minimumTotal: sum(declared.minimum),
      verdict: verdict(calls, declared.minimum),
      why: declared.why,
      limit: declared.limit,
    });
  }
  return results;
}

/** WorkMail API calls per lifecycle step of every kind, through the runner and the bundled handler. */
export async function measureLifecycle(emulator: RunningEmulator): Promise<LifecycleStep[]> {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-bench-'));
  const client = new WorkMailClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const made = await makeByHand(client);
    const results: LifecycleStep[] = [];
    for (const lifecycle of LIFECYCLES) results.push(...await measureKind(lifecycle, emulator, client, made, workdir));
    return results;
  } finally {
    client.destroy();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

/** One line per operation: `made/minimum`, e.g. `DescribeUser 1/0, UpdateUser 1/1`. */
export function formatCalls(step: Pick<LifecycleStep, 'calls' | 'minimum'>): string {
  const operations = [...new Set([...Object.keys(step.calls), ...Object.keys(step.minimum)])];
  return operations.map((operation) => `${operation} ${step.calls[operation] ?? 0}/${step.minimum[operation] ?? 0}`).join(', ') || '-';
}
