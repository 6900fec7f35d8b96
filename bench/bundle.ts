import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

/** The handler asset exactly as it ships in the npm package. */
export const HANDLER_BUNDLE = path.join(__dirname, '..', 'assets', 'lambda', 'workmail-provider.lambda', 'index.js');

export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function bundleSize(file = HANDLER_BUNDLE): BundleSize {
  const content = fs.readFileSync(file);
  return { bytes: content.length, gzipBytes: zlib.gzipSync(content).length };
}

export interface StartTime {
  /** Median ms of `node -e ''` (the floor every Lambda cold start pays). */
  readonly bareNodeMs: number;
  /** Median ms of a node process that loads the handler module. */
  readonly handlerLoadMs: number;
  readonly runs: number;
}

function medianMs(runs: number, args: string[], node: string): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    execFileSync(node, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
}

/** Cold-start cost of loading the bundle, measured as whole fresh processes of `node`. */
export function startTime(runs = 15, file = HANDLER_BUNDLE, node = process.execPath): StartTime {
  const bare = ['-e', ''];
  const load = ['-e', `require(${JSON.stringify(file)})`];
  // Interleaved rounds, so a machine that gets busier during the run weighs on both alike.
  let bareNodeMs = 0;
  let handlerLoadMs = 0;
  const rounds = 3;
  const perRound = Math.max(1, Math.ceil(runs / rounds));
  for (let i = 0; i < rounds; i++) {
    bareNodeMs += medianMs(perRound, bare, node) / rounds;
    handlerLoadMs += medianMs(perRound, load, node) / rounds;
  }
  return { bareNodeMs: Math.round(bareNodeMs * 10) / 10, handlerLoadMs: Math.round(handlerLoadMs * 10) / 10, runs: perRound * rounds };
}

/** One npm package inside the bundle: where it was resolved from, its version and what it adds. */
export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  /** Its folder under node_modules: two folders of one name mean two copies. */
  readonly dir: string;
  readonly bytes: number;
}

export interface BundleContents {
  /** Every package in the bundle, largest first; the handler's own code is `(handler)`. */
  readonly packages: BundledPackage[];
  /** Names of packages bundled more than once (different versions or folders). */
  readonly duplicated: string[];
}

const ROOT = path.join(__dirname, '..');
const HANDLER_BUNDLE_TASK = 'bundle:lambda/workmail-provider.lambda';

/**
 * What the handler bundle is made of, from esbuild's metafile: the bundle task is run again with
 * exactly its own arguments (from the project's task list) into a temporary file.
 */
export function bundleContents(): BundleContents {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')) as {
    tasks: Record<string, { steps?: Array<{ execArgs?: string[] }> }>;
  };
  const args = tasks.tasks[HANDLER_BUNDLE_TASK]?.steps?.find((step) => step.execArgs?.[0] === 'esbuild')?.execArgs;
  if (!args) throw new Error(`task ${HANDLER_BUNDLE_TASK} has no esbuild step`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-bundle-'));
  try {
    const metafile = path.join(tmp, 'meta.json');
    const esbuildArgs = [...args.slice(1).filter((arg) => !arg.startsWith('--outfile=')), `--outfile=${path.join(tmp, 'index.js')}`, `--metafile=${metafile}`];
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), esbuildArgs, { cwd: ROOT, stdio: 'ignore' });
    const meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
    const byDir = new Map<string, number>();
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const dir = packageDir(input);
        byDir.set(dir, (byDir.get(dir) ?? 0) + bytesInOutput);
      }
    }
    const packages = [...byDir.entries()].map(([dir, bytes]) => describePackage(dir, bytes)).sort((a, b) => b.bytes - a.bytes);
    const counts = new Map<string, number>();
    for (const { name } of packages) counts.set(name, (counts.get(name) ?? 0) + 1);
    return { packages, duplicated: [...counts.entries()].filter(([, count]) => count > 1).map(([name]) => name) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The innermost node_modules package folder of an input path (relative to the project), or '' for our own code. */
function packageDir(input: string): string {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? match[1] : '';
}

function describePackage(dir: string, bytes: number): BundledPackage {
  if (dir === '') return { name: '(handler)', version: '', dir, bytes };
  const manifest = JSON.parse(fs.readFileSync(path.resolve(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: manifest.name, version: manifest.version, dir, bytes };
}
