/**
 * Goals 3 and 4 of issue 12: an organization of thousands of mailboxes in one app (synth time, template
 * bytes and resources per entity, beside the same organization written with AwsCustomResource), and the
 * deploy time of that organization through the parallel local runner against an emulator that throttles
 * at 10 requests per second per organization.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { awsCustomResourceApp, declaration, Declaration, minimumCreateCalls, scaleSeed, ScaleSize, spreadApp } from './scale-organization';
import { startEmulator } from '../local/emulator';
import { deploy } from '../local/runner';

export interface SynthFigures {
  readonly synthMs: number;
  readonly stacks: number;
  readonly resources: number;
  /** Template bytes as CloudFormation receives them (minified JSON), every template of the app. */
  readonly templateBytes: number;
  /** The largest template's resources and bytes: what the limits apply to. */
  readonly largestResources: number;
  readonly largestBytes: number;
}

export interface ScaleSynthBenchmark {
  readonly size: ScaleSize;
  /** Users, groups and rooms: aliases, memberships and delegations are counted in their entity's cost. */
  readonly entities: number;
  readonly spread: SynthFigures;
  readonly awsCustomResource: SynthFigures;
}

function synthFigures(build: (outdir: string) => App): SynthFigures {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  try {
    const started = process.hrtime.bigint();
    build(outdir).synth();
    const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')) as { Resources?: object });
    const sizes = templates.map((t) => ({ resources: Object.keys(t.Resources ?? {}).length, bytes: Buffer.byteLength(JSON.stringify(t)) }));
    return {
      synthMs,
      stacks: templates.length,
      resources: sizes.reduce((n, s) => n + s.resources, 0),
      templateBytes: sizes.reduce((n, s) => n + s.bytes, 0),
      largestResources: Math.max(...sizes.map((s) => s.resources)),
      largestBytes: Math.max(...sizes.map((s) => s.bytes)),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function measureScaleSynth(size: ScaleSize): ScaleSynthBenchmark {
  const d = declaration(size);
  // A first synth loads aws-cdk-lib's modules and stages the handler asset: not what either app costs.
  synthFigures((outdir) => spreadApp(outdir, declaration({ users: 2, groups: 2, rooms: 1, aliases: 1 })));
  return {
    size,
    entities: size.users + size.groups + size.rooms,
    spread: synthFigures((outdir) => spreadApp(outdir, d)),
    awsCustomResource: synthFigures((outdir) => awsCustomResourceApp(outdir, d)),
  };
}

export interface ScaleDeployBenchmark {
  readonly size: ScaleSize;
  readonly requestsPerSecond: number;
  readonly concurrency: number;
  readonly wallMs: number;
  readonly events: number;
  /** Operation → [successful calls, minimum]. */
  readonly calls: Record<string, [number, number]>;
  readonly successful: number;
  readonly minimum: number;
  /** ThrottlingException answers: each one is a retry the SDK made. */
  readonly throttled: number;
  /** Errors other than throttling (none expected). */
  readonly otherErrors: number;
  readonly failed: string | undefined;
}

export async function measureScaleDeploy(size: ScaleSize, requestsPerSecond = 10, concurrency = 20): Promise<ScaleDeployBenchmark> {
  const d: Declaration = declaration(size);
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-deploy-'));
  const emulator = await startEmulator({ seed: { organizations: [scaleSeed()] }, rateLimit: { requestsPerSecond } });
  try {
    const outdir = path.join(workdir, 'cdk.out');
    spreadApp(outdir, d, RemovalPolicy.DESTROY).synth();
    let failed: string | undefined;
    let events = 0;
    const started = process.hrtime.bigint();
    try {
      const result = await deploy({ cloudAssemblyDir: outdir, stateFile: path.join(workdir, 'state.json'), workmailEndpoint: emulator.endpoint, concurrency });
      events = result.stats.events;
    } catch (e) {
      failed = e instanceof Error ? e.message.slice(0, 300) : String(e);
    }
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const minimum = minimumCreateCalls(d);
    const made: Record<string, number> = {};
    let throttled = 0;
    let otherErrors = 0;
    for (const call of emulator.calls) {
      if (call.errorName === 'ThrottlingException') throttled++;
      else if (call.errorName !== undefined || call.status !== 200) otherErrors++;
      else made[call.operation] = (made[call.operation] ?? 0) + 1;
    }
    const operations = [...new Set([...Object.keys(minimum), ...Object.keys(made)])];
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      size,
      requestsPerSecond,
      concurrency,
      wallMs,
      events,
      failed,
      throttled,
      otherErrors,
      calls: Object.fromEntries(operations.map((op) => [op, [made[op] ?? 0, minimum[op] ?? 0]])),
      successful: sum(made),
      minimum: sum(minimum),
    };
  } finally {
    await emulator.close();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

/** Successful calls of operations that change something (the minimum counts only those). */
const writes = (b: ScaleDeployBenchmark) => Object.entries(b.calls)
  .filter(([op]) => !/^(Describe|List|Get)/.test(op)).reduce((n, [, [made]]) => n + made, 0);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function printScaleSynth(b: ScaleSynthBenchmark): void {
  const { size, entities, spread, awsCustomResource: acr } = b;
  const per = (n: number) => (n / entities).toFixed(2);
  console.log(`\nOne app of ${size.users.toLocaleString('en-US')} users, ${size.groups} groups (one of every user), ${size.rooms} rooms, `
    + `${size.aliases.toLocaleString('en-US')} aliases = ${entities.toLocaleString('en-US')} entities (goal: synthesizes in reasonable time, `
    + 'every stack within CloudFormation\'s limits, nothing for the user to count):');
  const row = (label: string, f: SynthFigures) => console.log(`  ${label.padEnd(18)} synth ${(f.synthMs / 1000).toFixed(1).padStart(6)} s  `
    + `${String(f.stacks).padStart(3)} templates  ${per(f.resources).padStart(5)} resources/entity  ${String(Math.round(f.templateBytes / entities)).padStart(5)} `
    + `template bytes/entity  largest template ${f.largestResources} resources, ${kb(f.largestBytes)}`);
  row('WorkMailEntitySpread', spread);
  row('AwsCustomResource', acr);
  console.log(`  ratios, spread / AwsCustomResource (goal < 1): template bytes per entity ${(spread.templateBytes / acr.templateBytes).toFixed(2)}x, `
    + `synth time ${(spread.synthMs / acr.synthMs).toFixed(2)}x, resources ${(spread.resources / acr.resources).toFixed(2)}x`);
  console.log(`  limits: largest spread template ${spread.largestResources}/500 resources, ${kb(spread.largestBytes)} of 1 MB; `
    + `the AwsCustomResource app had to be split by hand into ${acr.stacks} stacks of <= 480 calls.`);
  console.log('  note: AwsCustomResource cannot set passwords without writing them into the template (dynamic references do not resolve in '
    + 'custom resource properties), so its users have none; it has no adoption of existing entities, no reconciliation of drift, and '
    + 'no ordering of deregister-before-delete beyond its dependencies.');
}

export function printScaleDeploy(b: ScaleDeployBenchmark): void {
  console.log(`\nDeploy of the ${(b.size.users + b.size.groups + b.size.rooms).toLocaleString('en-US')}-entity app (${b.size.aliases} aliases) through the local `
    + `runner (concurrency ${b.concurrency}) against an emulator throttling above ${b.requestsPerSecond} requests/s per organization `
    + '(goal: calls at the minimum, nothing fails for throttling):');
  console.log(`  ${b.failed ? `FAILED: ${b.failed}` : 'deployed'} in ${(b.wallMs / 1000).toFixed(0)} s; ${b.events.toLocaleString('en-US')} events; `
    + `WorkMail calls ${b.successful.toLocaleString('en-US')} successful (minimum ${b.minimum.toLocaleString('en-US')}; writes `
    + `${writes(b) === b.minimum ? 'at the minimum' : 'OVER'}, ${(b.successful - writes(b)).toLocaleString('en-US')} reads), `
    + `${b.throttled.toLocaleString('en-US')} throttled answers retried by the SDK, `
    + `${b.otherErrors} other errors; ${(b.successful / (b.wallMs / 1000)).toFixed(1)} successful calls/s`);
  for (const [operation, [made, minimum]] of Object.entries(b.calls)) {
    console.log(`  ${operation.padEnd(28)} ${String(made).padStart(6)}  (minimum ${minimum})${made > minimum ? '  OVER' : ''}`);
  }
  console.log('  reads: the alias set of each user reads its aliases before adding them (the user may hold them already: a take-over '
    + 'writes nothing) and once after (concurrent changes of one entity\'s aliases can lose each other; bench/lifecycle-steps.ts: '
    + 'alias set create); every other kind creates with no read.');
}
