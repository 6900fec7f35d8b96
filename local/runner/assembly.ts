/**
 * Reads what the runner needs from a synthesized cloud assembly (`cdk.out`):
 * one stack's template, its environment and its file assets.
 *
 * Only the manifest fields that `cdk synth` writes for the default synthesizer
 * are read; nested assemblies (stages) are searched too.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The parts of a CloudFormation template the runner understands. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, CfnParameter>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnParameter {
  readonly Type: string;
  readonly Default?: unknown;
}

/** One stack of the assembly, as the runner deploys it. */
export interface StackArtifact {
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The directory of the (possibly nested) assembly that holds the stack; asset paths are relative to it. */
  readonly assemblyDir: string;
  readonly template: CfnTemplate;
  /** From the manifest's `aws://account/region`, when synthesized for a concrete environment. */
  readonly account?: string;
  readonly region?: string;
  /** Asset source directories (absolute) by the S3 object key they are published under. */
  readonly assetsByObjectKey: ReadonlyMap<string, string>;
}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly directoryName?: string;
    readonly file?: string;
  };
  readonly dependencies?: string[];
}

interface FoundStack {
  readonly id: string;
  readonly artifact: ManifestArtifact;
  readonly artifacts: Record<string, ManifestArtifact>;
  readonly dir: string;
}

/** Reads one stack; `stackName` may be the stack name, the artifact id or the display name (`Stage/Stack`). */
export function readStack(cloudAssemblyDir: string, stackName?: string): StackArtifact {
  const root = path.resolve(cloudAssemblyDir);
  const manifestFile = path.join(root, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${root} is not a synthesized cloud assembly (no manifest.json): synthesize the app first`);
  }
  const stacks = collectStacks(root);
  const nameOf = (s: FoundStack) => s.artifact.properties?.stackName ?? s.id;
  let found: FoundStack | undefined;
  if (stackName === undefined) {
    if (stacks.length !== 1) {
      throw new Error(stacks.length === 0
        ? `the assembly in ${root} holds no stack`
        : `the assembly in ${root} holds ${stacks.length} stacks: name one with --stack (stackName): ${stacks.map(nameOf).join(', ')}`);
    }
    found = stacks[0];
  } else {
    found = stacks.find(s => nameOf(s) === stackName || s.id === stackName || s.artifact.displayName === stackName);
    if (!found) {
      throw new Error(`no stack named "${stackName}" in the assembly in ${root}; its stacks: ${stacks.map(nameOf).join(', ') || 'none'}`);
    }
  }

  const templateFile = path.join(found.dir, found.artifact.properties?.templateFile ?? `${found.id}.template.json`);
  const template = readJson(templateFile) as CfnTemplate;
  const env = /^aws:\/\/([^/]*)\/(.*)$/.exec(found.artifact.environment ?? '');
  const concrete = (v: string | undefined) => (v && !v.startsWith('unknown-') ? v : undefined);

  return {
    stackName: nameOf(found),
    assemblyDir: found.dir,
    template,
    account: concrete(env?.[1]),
    region: concrete(env?.[2]),
    assetsByObjectKey: readAssets(found),
  };
}

/** The names of every stack of the assembly (nested assemblies included), in manifest order. */
export function stackNames(cloudAssemblyDir: string): string[] {
  const root = path.resolve(cloudAssemblyDir);
  if (!fs.existsSync(path.join(root, 'manifest.json'))) {
    throw new Error(`${root} is not a synthesized cloud assembly (no manifest.json): synthesize the app first`);
  }
  return collectStacks(root).map(s => s.artifact.properties?.stackName ?? s.id);
}

function collectStacks(dir: string): FoundStack[] {
  const manifest = readJson(path.join(dir, 'manifest.json')) as { artifacts?: Record<string, ManifestArtifact> };
  const artifacts = manifest.artifacts ?? {};
  const result: FoundStack[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack') {
      result.push({ id, artifact, artifacts, dir });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      result.push(...collectStacks(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return result;
}

/** The stack's asset manifest maps each asset's hash to its staged source directory. */
function readAssets(stack: FoundStack): Map<string, string> {
  const result = new Map<string, string>();
  for (const dep of stack.artifact.dependencies ?? []) {
    const artifact = stack.artifacts[dep];
    if (artifact?.type !== 'cdk:asset-manifest' || !artifact.properties?.file) continue;
    const assets = readJson(path.join(stack.dir, artifact.properties.file)) as {
      files?: Record<string, { source?: { path?: string }; destinations?: Record<string, { objectKey?: string }> }>;
    };
    for (const [hash, file] of Object.entries(assets.files ?? {})) {
      if (!file.source?.path) continue;
      const source = path.resolve(stack.dir, file.source.path);
      result.set(`${hash}.zip`, source);
      for (const dest of Object.values(file.destinations ?? {})) {
        if (dest.objectKey) result.set(dest.objectKey, source);
      }
    }
  }
  return result;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
}
