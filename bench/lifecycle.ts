import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EXAMPLE_DOMAIN, EXAMPLE_ORGANIZATION_ID } from '../example/app';
import { RunningEmulator } from '../local/emulator';
import { deploy, destroy } from '../local/runner';
import { WorkMailOrganization, WorkMailUser, WorkMailUserProps } from '../src';

type UserDeclaration = Omit<WorkMailUserProps, 'organization'>;

/** One user's declaration at each step of its life, as a reviewer would change it. */
const STEPS: Array<[string, UserDeclaration | undefined]> = [
  ['create (registered)', { name: 'dana', displayName: 'Dana', email: `dana@${EXAMPLE_DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY }],
  ['redeploy, nothing changed', { name: 'dana', displayName: 'Dana', email: `dana@${EXAMPLE_DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY }],
  ['display name', { name: 'dana', displayName: 'Dana Scully', email: `dana@${EXAMPLE_DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY }],
  ['primary email', { name: 'dana', displayName: 'Dana Scully', email: `scully@${EXAMPLE_DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY }],
  ['disable', { name: 'dana', displayName: 'Dana Scully', email: `scully@${EXAMPLE_DOMAIN}`, enabled: false, removalPolicy: RemovalPolicy.DESTROY }],
  ['enable', { name: 'dana', displayName: 'Dana Scully', email: `scully@${EXAMPLE_DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY }],
  ['rename (replacement)', { name: 'dana.scully', displayName: 'Dana Scully', email: `dana.scully@${EXAMPLE_DOMAIN}`, removalPolicy: RemovalPolicy.DESTROY }],
  ['destroy', undefined],
];

export interface LifecycleStep {
  readonly step: string;
  /** WorkMail operations the step made, with their count. */
  readonly calls: Record<string, number>;
  readonly total: number;
}

function synthUser(outdir: string, declaration: UserDeclaration): string {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BenchUser');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', EXAMPLE_ORGANIZATION_ID);
  new WorkMailUser(stack, 'User', { organization, ...declaration });
  app.synth();
  return outdir;
}

/** WorkMail API calls per lifecycle step of one user, deployed through the runner and the bundled handler. */
export async function measureLifecycle(emulator: RunningEmulator): Promise<LifecycleStep[]> {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-bench-'));
  const stateFile = path.join(workdir, 'state.json');
  const results: LifecycleStep[] = [];
  try {
    let lastAssembly = '';
    for (const [index, [step, declaration]] of STEPS.entries()) {
      emulator.resetCalls();
      if (declaration) {
        lastAssembly = synthUser(path.join(workdir, `step-${index}`), declaration);
        await deploy({ cloudAssemblyDir: lastAssembly, stateFile, workmailEndpoint: emulator.endpoint });
      } else {
        await destroy({ cloudAssemblyDir: lastAssembly, stateFile, workmailEndpoint: emulator.endpoint });
      }
      const calls: Record<string, number> = {};
      for (const call of emulator.calls) calls[call.operation] = (calls[call.operation] ?? 0) + 1;
      results.push({ step, calls, total: emulator.calls.length });
    }
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  return results;
}
