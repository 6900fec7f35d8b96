/**
 * The runner runs the framework and the handler in its own process, so what a
 * Lambda function would get from its sandbox (environment variables, a log
 * stream) is set on the process for the duration of a run and restored after.
 * Runs are therefore serialized: one at a time per process.
 */
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

/** Replaces process.env's content with `env` while `fn` runs (in place: the object stays the same). */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  replaceEnv(env);
  try {
    return await fn();
  } finally {
    replaceEnv(saved);
  }
}

function replaceEnv(env: NodeJS.ProcessEnv): void {
  for (const k of Object.keys(process.env)) {
    if (!(k in env)) delete process.env[k];
  }
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined) process.env[k] = v;
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Lambda's application log levels, lowest first. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = typeof LOG_LEVELS[number];

/** The level Lambda's Node.js runtime gives what each console method writes. */
const CONSOLE_LEVEL: Record<typeof CONSOLE_METHODS[number], LogLevel> = {
  trace: 'TRACE', debug: 'DEBUG', log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR',
};

/** The application log level of the function running now (undefined: every line is kept). */
let applicationLogLevel: LogLevel | undefined;

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
 * Runs `fn` as a function whose application log level is `level`: its console lines below
 * that level are dropped, as Lambda drops them (lines written straight to stdout/stderr stay).
 * Nested calls (the handler invoked from the framework) restore the outer level after.
 */
export async function withLogLevel<T>(level: LogLevel | undefined, fn: () => Promise<T>): Promise<T> {
  const outer = applicationLogLevel;
  applicationLogLevel = level;
  try {
    return await fn();
  } finally {
    applicationLogLevel = outer;
  }
}

function dropped(method: typeof CONSOLE_METHODS[number]): boolean {
  return applicationLogLevel !== undefined && LOG_LEVELS.indexOf(CONSOLE_LEVEL[method]) < LOG_LEVELS.indexOf(applicationLogLevel);
}

type Write = typeof process.stdout.write;

/**
 * Sends what the framework and the handler write to the console or straight
 * to stdout/stderr (their Lambda log stream) to `sink`, one call per line,
 * while `fn` runs; console lines below the running function's application log
 * level (withLogLevel) are dropped.
 */
export async function captureOutput<T>(sink: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  // A sink that itself writes to the console or to stdout/stderr reaches the real ones.
  let inSink = false;
  const emit = (text: string) => {
    inSink = true;
    try {
      text.split('\n').forEach(line => sink(line));
    } finally {
      inSink = false;
    }
  };

  const savedConsole = CONSOLE_METHODS.map(m => [m, console[m]] as const);
  for (const [method, original] of savedConsole) {
    console[method] = (...args: unknown[]) => {
      if (inSink) original(...args);
      else if (!dropped(method)) emit(format(...args));
    };
  }

  const streams = [process.stdout, process.stderr];
  const savedWrites = streams.map(stream => stream.write);
  const partial = ['', ''];
  streams.forEach((stream, i) => {
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      if (inSink) return (savedWrites[i] as (...a: unknown[]) => boolean).call(stream, chunk, encoding, callback);
      const text = partial[i] + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const end = text.lastIndexOf('\n');
      partial[i] = text.slice(end + 1);
      if (end >= 0) emit(text.slice(0, end));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as Write;
  });

  try {
    return await fn();
  } finally {
    for (const [method, original] of savedConsole) console[method] = original;
    streams.forEach((stream, i) => {
      stream.write = savedWrites[i];
      if (partial[i]) emit(partial[i]);
    });
  }
}
