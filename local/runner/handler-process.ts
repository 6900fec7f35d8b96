/**
 * One invocation of a handler in a process of its own (the runner's isolated
 * mode), so that it can end the way a Lambda sandbox ends: killed (SIGKILL) at
 * its timeout or by crash injection, with nothing of it left running to make a
 * later call. In process, a handler can only be abandoned, not stopped.
 *
 * The child is `node -e <loader>` (no file to ship beside the runner, which is
 * also bundled into the command): it loads the staged asset with the
 * function's environment, runs one event, sends the result over IPC and exits.
 * What it writes to stdout/stderr is the function's log stream.
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import type { LogLevel } from './process-sandbox';

/** The loader the child runs: plain JavaScript, small on purpose. */
const LOADER = `
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const METHOD_LEVEL = { trace: 'TRACE', debug: 'DEBUG', log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR' };
process.once('message', async (m) => {
  if (m.logLevel) {
    for (const [method, level] of Object.entries(METHOD_LEVEL)) {
      if (LEVELS.indexOf(level) < LEVELS.indexOf(m.logLevel)) console[method] = () => {};
    }
  }
  const fail = (name, e) => ({ ok: false, error: { name: name || (e && e.name) || 'Error', message: String(e && e.message || e), stack: e && e.stack } });
  let outcome;
  let handler;
  try {
    handler = require(m.file)[m.exportName];
  } catch (e) {
    outcome = fail('Runtime.ImportModuleError', { message: String(e && e.name) + ': ' + String(e && e.message) });
  }
  if (!outcome && typeof handler !== 'function') {
    outcome = fail('Runtime.HandlerNotFound', { message: m.handler + ' is undefined or not exported' });
  }
  if (!outcome) {
    const context = { ...m.context, getRemainingTimeInMillis: () => Math.max(0, m.deadline - Date.now()) };
    try {
      const result = await handler(m.event, context);
      outcome = { ok: true, result: result === undefined ? null : result };
    } catch (e) {
      outcome = fail(undefined, e instanceof Error ? e : new Error(String(e)));
    }
  }
  process.send(outcome, () => process.exit(0));
});
`;

export interface HandlerProcessProps {
  /** The handler's file and export (`Handler` of the function). */
  readonly file: string;
  readonly exportName: string;
  readonly handler: string;
  readonly event: unknown;
  /** Lambda's context, less getRemainingTimeInMillis (the child derives it from `deadline`). */
  readonly context: Record<string, unknown>;
  /** Epoch milliseconds at which the function times out. */
  readonly deadline: number;
  /** The complete environment of the function. */
  readonly environment: Record<string, string>;
  readonly logLevel?: LogLevel;
}

/** Lambda's error for a run that did not end with the handler's own answer. */
export class LambdaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface ChildOutcome {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string; readonly stack?: string };
}

export class HandlerProcess {
  /** Starts the child and hands it the event. */
  public static start(props: HandlerProcessProps): HandlerProcess {
    const child = spawn(process.execPath, ['-e', LOADER], {
      env: { ...props.environment, NODE_PATH: providedModulePaths() },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new HandlerProcess(child, props);
  }

  /** The handler's result; rejects with its error, or with a LambdaError when the process ended without one. */
  public readonly result: Promise<unknown>;
  private readonly exited: Promise<void>;
  private killedBy: LambdaError | undefined;

  private constructor(private readonly child: ChildProcess, props: HandlerProcessProps) {
    // The log stream goes where the function's output goes in process: the runner captures it.
    child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    let outcome: ChildOutcome | undefined;
    child.on('message', (message: ChildOutcome) => {
      outcome = message;
    });
    // 'close': the process has exited and its output has been read.
    this.exited = new Promise(resolve => child.once('close', () => resolve()));
    this.result = new Promise((resolve, reject) => {
      child.once('close', (code, signal) => {
        if (this.killedBy) reject(this.killedBy);
        else if (outcome?.ok) resolve(outcome.result);
        else if (outcome?.error) reject(Object.assign(new LambdaError(outcome.error.name, outcome.error.message), { stack: outcome.error.stack }));
        else reject(new LambdaError('Runtime.ExitError', `Error: Runtime exited with ${signal ? `signal: ${signal}` : `error: exit status ${code}`}`));
      });
    });
    child.send({
      file: props.file,
      exportName: props.exportName,
      handler: props.handler,
      event: props.event,
      context: props.context,
      deadline: props.deadline,
      logLevel: props.logLevel,
    });
  }

  /** Kills the process (SIGKILL) and resolves once it is gone; its result then rejects with `error`. */
  public async kill(error: LambdaError): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.killedBy ??= error;
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }
}

/**
 * Where the child finds modules the bundle left out (`@aws-sdk/*`, as Lambda's
 * runtime provides them): the runner's own module paths.
 */
function providedModulePaths(): string {
  return (require.resolve.paths('@aws-sdk/client-workmail') ?? []).join(path.delimiter);
}
