/**
 * Loads a CommonJS module and the files it requires from its own directory
 * tree as new instances, bypassing every module cache.
 *
 * Why not `delete require.cache[...]`: the module cache is not always Node's
 * (test runners keep their own registry, which cannot be cleared that way),
 * and both the handler bundle and the framework runtime keep SDK clients in
 * module scope, whose endpoint is fixed at their first call. A fresh instance
 * per run therefore sees this run's bundle and this run's local endpoints.
 *
 * Modules outside the tree (node built-ins, `@aws-sdk/*`) are required
 * normally: resolved from the file's directory first, then from those the host
 * provides (`provideModules`: the bundled cdk-workmail command carries the
 * framework's SDK clients), then from the runner's own, the way Lambda's
 * runtime provides the AWS SDK to a bundle that left it out.
 */
import * as fs from 'fs';
import * as path from 'path';

type Exports = Record<string, unknown>;

interface FreshModule {
  exports: Exports;
  readonly id: string;
  readonly filename: string;
  loaded: boolean;
}

const EXTENSIONS = ['', '.js', '.cjs', '.json', '/index.js'];

/** Modules the host provides to the code it loads, by id: each loads on first use. */
const provided = new Map<string, () => unknown>();

/** Makes `modules` available to freshly required code that cannot resolve them from its own directory. */
export function provideModules(modules: Record<string, () => unknown>): void {
  for (const [id, loader] of Object.entries(modules)) provided.set(id, loader);
}

export function freshRequire(file: string, root: string = path.dirname(file)): Exports {
  const loaded = new Map<string, FreshModule>();
  return load(path.resolve(file), path.resolve(root), loaded);
}

function load(file: string, root: string, loaded: Map<string, FreshModule>): Exports {
  const existing = loaded.get(file);
  if (existing) return existing.exports;
  const module: FreshModule = { exports: {}, id: file, filename: file, loaded: false };
  loaded.set(file, module);
  if (file.endsWith('.json')) {
    module.exports = JSON.parse(fs.readFileSync(file, 'utf8')) as Exports;
  } else {
    const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
    const localRequire = (id: string): unknown => requireFrom(file, id, root, loaded);
    localRequire.resolve = (id: string) => resolveInTree(file, id, root) ?? require.resolve(id, { paths: [path.dirname(file)] });
    // The CommonJS wrapper Node itself uses; sourceURL keeps the file's name in stack traces.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', `${source}\n//# sourceURL=${file}`);
    wrapper.call(module.exports, module.exports, localRequire, module, file, path.dirname(file));
  }
  module.loaded = true;
  return module.exports;
}

function requireFrom(parent: string, id: string, root: string, loaded: Map<string, FreshModule>): unknown {
  const inTree = resolveInTree(parent, id, root);
  if (inTree) return load(inTree, root, loaded);
  let resolved: string | undefined;
  try {
    resolved = require.resolve(id, { paths: [path.dirname(parent)] });
  } catch {
    resolved = undefined;
  }
  const host = resolved === undefined ? provided.get(id) : undefined;
  if (host) return host();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolved ?? id);
}

/** A relative or absolute request that lands inside `root` (not in a node_modules below it). */
function resolveInTree(parent: string, id: string, root: string): string | undefined {
  if (!(id.startsWith('./') || id.startsWith('../') || path.isAbsolute(id))) return undefined;
  const base = path.resolve(path.dirname(parent), id);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    const relative = path.relative(root, candidate);
    const inside = !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(path.sep).includes('node_modules');
    if (inside && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}
