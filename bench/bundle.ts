import { execFileSync } from 'child_process';
import * as fs from 'fs';
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

function medianMs(runs: number, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
}

/** Cold-start cost of loading the bundle, measured as whole fresh processes. */
export function startTime(runs = 15, file = HANDLER_BUNDLE): StartTime {
  return {
    bareNodeMs: medianMs(runs, ['-e', '']),
    handlerLoadMs: medianMs(runs, ['-e', `require(${JSON.stringify(file)})`]),
    runs,
  };
}
