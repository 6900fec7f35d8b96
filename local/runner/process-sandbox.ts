/**
 * The runner runs the framework and the handler in its own process, so what a
 * Lambda function would get from its sandbox (environment variables, a log
 * stream, an application log level) has to be given to it by the process.
 *
 * Several functions run at once (one invocation per event in flight, and the
 * framework's invocation waits for the handler's), each with its own
 * environment: the framework's names the handler it invokes, each handler's
 * names its own IAM proxy. So nothing is swapped on the process per event:
 * for the duration of a run (`installSandbox`), `process.env` and the console
 * answer for the function invocation whose code is running, found through
 * AsyncLocalStorage (it follows promises, timers and sockets), and for the
 * runner itself outside any invocation. Runs are serialized (`exclusive`):
 * one sandbox per process at a time.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { format } from 'util';

let queue: Promise<unknown> = Promise.resolve();

/** Runs `fn` after every run started before it has finished. */
export function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The process's environment minus every `AWS_*` variable: a developer's
 * profile, real credentials or endpoint settings must never reach the
 * framework or the handler. Taken once, before a run changes anything.
 */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  }
  return env;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Lambda's application log levels, lowest first. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = typeof LOG_LEVELS[number];

/** The level Lambda's Node.js runtime gives what each console method writes. */
const CONSOLE_LEVEL: Record<typeof CONSOLE_METHODS[number], LogLevel> = {
  trace: 'TRACE', debug: 'DEBUG', log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR',
};

/** What one function invocation sees of the process. */
interface Invocation {
  /** Its environment: what `process.env` reads and writes while its code runs. */
  readonly env: Record<string, string>;
  /** Its application log level (undefined: every line is kept). */
  readonly logLevel: LogLevel | undefined;
  /** What it wrote to stdout and stderr after its last newline. */
  readonly partial: [string, string];
}

const invocation = new AsyncLocalStorage<Invocation>();

/**
 * A function's application log level as Lambda applies it: `LoggingConfig.ApplicationLogLevel`
 * when `LogFormat` is JSON (Lambda ignores it otherwise), else none.
 */
export function applicationLogLevelOf(loggingConfig: unknown): LogLevel | undefined {
  const config = (loggingConfig ?? {}) as { LogFormat?: unknown; ApplicationLogLevel?: unknown };
  const level = String(config.ApplicationLogLevel ?? '').toUpperCase();
  return config.LogFormat === 'JSON' && (LOG_LEVELS as readonly string[]).includes(level) ? level as LogLevel : undefined;
}

/**
 * Runs `fn` as one function invocation whose environment is `env`: `process.env` reads
 * it (and writes to it) in `fn` and in everything `fn` starts, and what it writes to the
 * console goes to the run's sink (installSandbox). Each invocation has its own copy.
 */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const own: Invocation = { env: { ...env }, logLevel: invocation.getStore()?.logLevel, partial: ['', ''] };
  try {
    return await invocation.run(own, fn);
  } finally {
    // A last line without a newline still belongs to this invocation's log.
    own.partial.forEach((text, i) => {
      own.partial[i] = '';
      if (text) activeSandbox?.emit(text);
    });
  }
}

/**
 * Runs `fn` as a function whose application log level is `level`: its console lines below
 * that level are dropped, as Lambda drops them (lines written straight to stdout/stderr stay).
 * Inside withEnv; the invocation's environment stays the same.
 */
export async function withLogLevel<T>(level: LogLevel | undefined, fn: () => Promise<T>): Promise<T> {
  const outer = invocation.getStore();
  if (!outer) throw new Error('withLogLevel runs inside withEnv (a function invocation)');
  return invocation.run({ ...outer, logLevel: level }, fn);
}

function dropped(method: typeof CONSOLE_METHODS[number], running: Invocation): boolean {
  return running.logLevel !== undefined && LOG_LEVELS.indexOf(CONSOLE_LEVEL[method]) < LOG_LEVELS.indexOf(running.logLevel);
}

type Write = typeof process.stdout.write;

interface Sandbox {
  emit(text: string): void;
}

/** The sandbox installed now, if any. */
let activeSandbox: Sandbox | undefined;

/**
 * Until the returned function is called: `process.env` is the environment of the running
 * invocation (withEnv), or the process's own outside any; what an invocation writes to the
 * console or straight to stdout/stderr (its Lambda log stream) goes to `sink`, one call per
 * line, minus its console lines below its application log level (withLogLevel); the
 * runner's own output passes through. One at a time per process (see `exclusive`).
 */
export function installSandbox(sink: (line: string) => void): () => void {
  if (activeSandbox) throw new Error('a local runner sandbox is already installed in this process');
  // A sink that itself writes to the console or to stdout/stderr reaches the real ones.
  let inSink = false;
  const sandbox: Sandbox = {
    emit(text: string) {
      inSink = true;
      try {
        text.split('\n').forEach(line => sink(line));
      } finally {
        inSink = false;
      }
    },
  };
  activeSandbox = sandbox;

  const ownEnv = process.env;
  const envOf = () => invocation.getStore()?.env ?? ownEnv;
  process.env = new Proxy(ownEnv, {
    get: (_target, key) => Reflect.get(envOf(), key),
    set: (_target, key, value) => Reflect.set(envOf(), key, typeof key === 'string' ? String(value) : value),
    has: (_target, key) => Reflect.has(envOf(), key),
    deleteProperty: (_target, key) => Reflect.deleteProperty(envOf(), key),
    ownKeys: () => Reflect.ownKeys(envOf()),
    getOwnPropertyDescriptor: (_target, key) => {
      const value = Reflect.get(envOf(), key);
      return typeof key === 'string' && Object.prototype.hasOwnProperty.call(envOf(), key)
        ? { value, writable: true, enumerable: true, configurable: true }
        : undefined;
    },
    defineProperty: (_target, key, descriptor) => Reflect.set(envOf(), key, String(descriptor.value)),
  });

  const savedConsole = CONSOLE_METHODS.map(m => [m, console[m]] as const);
  for (const [method, original] of savedConsole) {
    console[method] = (...args: unknown[]) => {
      const running = invocation.getStore();
      if (inSink || !running) original(...args);
      else if (!dropped(method, running)) sandbox.emit(format(...args));
    };
  }

  const streams = [process.stdout, process.stderr];
  const savedWrites = streams.map(stream => stream.write);
  streams.forEach((stream, i) => {
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const running = invocation.getStore();
      if (inSink || !running) return (savedWrites[i] as (...a: unknown[]) => boolean).call(stream, chunk, encoding, callback);
      const text = running.partial[i] + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const end = text.lastIndexOf('\n');
      running.partial[i] = text.slice(end + 1);
      if (end >= 0) sandbox.emit(text.slice(0, end));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as Write;
  });

  return () => {
    if (activeSandbox !== sandbox) return;
    activeSandbox = undefined;
    process.env = ownEnv;
    for (const [method, original] of savedConsole) console[method] = original;
    streams.forEach((stream, i) => { stream.write = savedWrites[i]; });
  };
}
