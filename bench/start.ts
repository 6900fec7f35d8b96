import { execFileSync, spawnSync } from 'child_process';
import { HANDLER_BUNDLE, StartTime, startTime } from './bundle';

/** Goal of the handler's start: loading it costs at most this many times a bare node start. */
export const START_GOAL_RATIO = 1.5;

/**
 * The node built-ins any HTTPS call of the SDK loads. Node 20 has them in its startup snapshot, so a
 * bare start pays for them; Node 24 loads them on demand, so there a bare start leaves them out and
 * the handler pays for them, as would any function that calls an AWS API.
 */
const SDK_BUILT_INS = ['https', 'crypto', 'zlib', 'fs/promises', 'os'];
export const BUILT_INS_SCRIPT = SDK_BUILT_INS.map((name) => `require(${JSON.stringify(name)})`).join(';');

/** Instructions one process executes, counted by valgrind's callgrind: unlike wall time, a busy machine does not move it. */
export interface InstructionCount {
  readonly bareNode: number;
  /** A node process that loads only SDK_BUILT_INS. */
  readonly builtIns: number;
  readonly handlerLoad: number;
  /** handlerLoad / bareNode */
  readonly ratio: number;
  /** handlerLoad / builtIns: what the handler's own code and its SDK clients add to that floor. */
  readonly ratioToBuiltIns: number;
}

export interface StartCost extends StartTime {
  /** handlerLoadMs / bareNodeMs */
  readonly wallRatio: number;
  /** Undefined when valgrind is not installed: the wall times are then the only measure. */
  readonly instructions?: InstructionCount;
  readonly goalRatio: number;
}

/** Whether `valgrind` can be run here. */
export function valgrindAvailable(): boolean {
  return spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Instructions executed by `node <args>` (every thread), as callgrind counts them. */
export function countInstructions(args: string[], node = process.execPath): number {
  const run = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', node, ...args], {
    encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 16 * 1024 * 1024,
  });
  const collected = /Collected\s*:\s*(\d+)/.exec(run.stderr ?? '');
  if (run.status !== 0 || !collected) {
    throw new Error(`callgrind of node ${args.join(' ')} failed (exit ${run.status}): ${(run.stderr ?? '').slice(-500)}`);
  }
  return Number(collected[1]);
}

/**
 * The cost of a cold start that loads the handler, beside a bare `node -e ''` in the same run:
 * median wall times of fresh processes and, where valgrind is installed, instruction counts.
 */
export function measureStart(runs = 15, file = HANDLER_BUNDLE, node = process.execPath): StartCost {
  const wall = startTime(runs, file, node);
  const bareArgs = ['-e', ''];
  const handlerArgs = ['-e', `require(${JSON.stringify(file)})`];
  // Warm the file cache so the first counted process does not pay for the disk.
  execFileSync(node, handlerArgs, { stdio: 'ignore' });
  let instructions: InstructionCount | undefined;
  if (valgrindAvailable()) {
    const bareNode = countInstructions(bareArgs, node);
    const builtIns = countInstructions(['-e', BUILT_INS_SCRIPT], node);
    const handlerLoad = countInstructions(handlerArgs, node);
    instructions = { bareNode, builtIns, handlerLoad, ratio: round2(handlerLoad / bareNode), ratioToBuiltIns: round2(handlerLoad / builtIns) };
  }
  return { ...wall, wallRatio: round2(wall.handlerLoadMs / wall.bareNodeMs), instructions, goalRatio: START_GOAL_RATIO };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
