/**
 * Compile, synthesize and deploy an exported CDK app the way its users would, offline: the app's
 * dependencies resolve to this repository's install, and `cdk-workmail` to this repository's source.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { deploy } from '../../local/runner';

const REPO = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

/** `node_modules` of the app: links to this repository's packages, and a shim package for cdk-workmail. */
export function linkDependencies(appDir: string): void {
  const modules = path.join(appDir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  for (const name of ['aws-cdk-lib', 'constructs', 'typescript', 'ts-node', '@types/node']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', name), path.join(modules, name), 'dir');
  }
  const shim = path.join(modules, 'cdk-workmail');
  fs.mkdirSync(shim);
  const source = path.join(REPO, 'src', 'index');
  fs.writeFileSync(path.join(shim, 'package.json'), JSON.stringify({ name: 'cdk-workmail', main: 'index.js', types: 'index.d.ts' }));
  // The source itself, compiled by ts-node in the synth and type-checked by tsc.
  fs.writeFileSync(path.join(shim, 'index.js'), `module.exports = require(${JSON.stringify(`${source}.ts`)});\n`);
  fs.writeFileSync(path.join(shim, 'index.d.ts'), `export * from ${JSON.stringify(source)};\n`);
}

/** `tsc --noEmit` with the app's own tsconfig.json; rejects with tsc's output. */
export async function compile(appDir: string): Promise<void> {
  await runOrExplain(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', appDir], appDir);
}

/**
 * Runs the command of the app's cdk.json with CDK_OUTDIR; returns the assembly's directory. Its
 * `npx tsc` is `compile`; its `npx tsx <entry>` runs here with ts-node, transpile only: tsx is not
 * a dependency of this repository, and like ts-node it transpiles each file without type-checking.
 */
export async function synth(appDir: string): Promise<string> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')) as { app: string };
  const match = /^npx tsc && npx tsx (\S+)$/.exec(cdkJson.app);
  expect(match).not.toBeNull();
  const outdir = path.join(appDir, 'cdk.out');
  await runOrExplain(process.execPath, [path.join(REPO, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', match![1]], appDir, {
    CDK_OUTDIR: outdir,
  });
  return outdir;
}

async function runOrExplain(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<void> {
  try {
    await run(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${path.basename(args[0])} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`.slice(0, 20_000));
  }
}

export interface SynthesizedStack {
  readonly stackName: string;
  readonly templateFile: string;
  readonly dependencies: string[];
  readonly template: { Resources: Record<string, { Type: string }> };
  readonly templateBytes: number;
}

/** The stacks of an assembly, in an order where each comes after those it depends on. */
export function stacksInDeployOrder(assemblyDir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; dependencies?: string[]; properties?: { templateFile: string } }>;
  };
  const stacks = new Map<string, SynthesizedStack>();
  for (const [name, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile = path.join(assemblyDir, artifact.properties!.templateFile);
    const text = fs.readFileSync(templateFile, 'utf8');
    stacks.set(name, {
      stackName: name,
      templateFile,
      dependencies: (artifact.dependencies ?? []).filter((dep) => manifest.artifacts[dep]?.type === 'aws:cloudformation:stack'),
      template: JSON.parse(text),
      templateBytes: Buffer.byteLength(text),
    });
  }
  const ordered: SynthesizedStack[] = [];
  const visit = (name: string) => {
    if (ordered.some((stack) => stack.stackName === name)) return;
    const stack = stacks.get(name)!;
    stack.dependencies.forEach(visit);
    ordered.push(stack);
  };
  [...stacks.keys()].sort().forEach(visit);
  return ordered;
}

/** Deploys every stack of the assembly with the local runner, dependencies first. */
export async function deployAll(assemblyDir: string, workmailEndpoint: string, workingDirectory: string): Promise<void> {
  for (const stack of stacksInDeployOrder(assemblyDir)) {
    await deploy({ cloudAssemblyDir: assemblyDir, stackName: stack.stackName, workmailEndpoint, workingDirectory });
  }
}

/** The WorkMail operations of the calls that are neither List* nor Describe*. */
export function writeOperations(calls: ReadonlyArray<{ readonly operation: string }>): string[] {
  return calls.map((call) => call.operation).filter((operation) => !/^(List|Describe)/.test(operation));
}
