// The Node.js release the handler's tests and benchmarks run on besides the machine's own: Lambda's
// nodejs24.x. The official binaries are on the npm registry as `node-<platform>-<arch>` packages.
import { spawnSync } from 'child_process';

export const HANDLER_NODE_VERSION = '24.22.3';

/** `npm exec` arguments that run `node <args>` on Node.js `version`, fetched from the npm registry once. */
export function npmExecNode(version: string): string[] {
  return ['exec', '--yes', `--package=node-${process.platform}-${process.arch}@${version}`, '--', 'node'];
}

/** npm is a .cmd on Windows, which only a shell starts. */
export const NPM_SHELL = process.platform === 'win32';

/** The path of Node.js `version`'s binary (fetched from the npm registry on first use). */
export function nodeBinary(version: string): string {
  const run = spawnSync('npm', [...npmExecNode(version), '-p', 'process.execPath + " " + process.version'], { encoding: 'utf8', shell: NPM_SHELL });
  const [binary, reported] = run.stdout.trim().split(' ');
  if (run.status !== 0 || reported !== `v${version}`) {
    throw new Error(`could not run Node.js ${version} from the npm registry: ${(run.stderr || run.stdout).trim()}`);
  }
  return binary;
}
