/**
 * What deploy and destroy share before the first event: the stack and its
 * template model, the environment (region, account, stack id), the previous
 * state, the secret store, the values `Ref`/`Fn::GetAtt` resolve to, and the
 * template each provider function runs from (the new one, or the deployed one
 * the state keeps).
 */
import { randomUUID } from 'crypto';
import * as path from 'path';
import { CfnTemplate, readStack, StackArtifact } from './assembly';
import { IntrinsicError, partitionOf, PseudoParameters, Resolver, ResourceValues } from './intrinsics';
import { withNestedStacks } from './nested-stacks';
import { placeholderAtt, placeholderRef } from './placeholders';
import { Redactor } from './redact';
import { readSecretsFile, SecretStore } from './secrets';
import { defaultStateFile, loadState, LocalStackState, ResourceState } from './state';
import { TemplateModel } from './template-model';
import type { LocalRunnerOptions } from './types';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

export interface StackContext {
  readonly options: LocalRunnerOptions;
  readonly stack: StackArtifact;
  readonly model: TemplateModel;
  readonly stateFile: string;
  readonly previous: LocalStackState | undefined;
  readonly pseudo: PseudoParameters;
  readonly secrets: SecretStore;
  readonly redactor: Redactor;
  /**
   * The stack's resources as they are deployed right now: the previous state,
   * changed by every create, update, delete and rollback step of this run. What
   * `Ref`/`Fn::GetAtt` read, and the policies IAM enforcement evaluates.
   */
  readonly live: Map<string, ResourceState>;
  readonly resolver: Resolver;
  /**
   * The template the provider framework function `frameworkId` (with its handler function and
   * role) runs from, as the function is deployed right now; undefined when none holds it. A deploy
   * creates and updates the functions of its template before the resources they serve, and deletes
   * the functions that left it only after those resources, in the cleanup phase: the template being
   * deployed, else the deployed one. A destroy deletes the deployed stack: the deployed template
   * (the app's, for a state file that does not keep it).
   */
  providerTemplate(frameworkId: string): ProviderTemplate | undefined;
  /** Logs one line, secrets masked. */
  log(line: string): void;
}

/** A template that provider functions are read from: its model, a resolver over it, its staged assets. */
export interface ProviderTemplate {
  readonly model: TemplateModel;
  readonly resolver: Resolver;
  /** Staged asset directories (absolute) by object key. */
  readonly assetsByObjectKey: ReadonlyMap<string, string>;
  /** How messages name it. */
  readonly label: string;
}

/** The options' stack and state file, relative paths taken from the working directory. */
export function stackAndStateFile(options: LocalRunnerOptions): { stack: StackArtifact; stateFile: string } {
  const base = path.resolve(options.workingDirectory ?? process.cwd());
  // Nested stacks are deployed with their parent, as one local stack.
  const stack = withNestedStacks(readStack(path.resolve(base, options.cloudAssemblyDir), options.stackName));
  return { stack, stateFile: path.resolve(base, options.stateFile ?? defaultStateFile(stack.stackName, base)) };
}

/**
 * Resolves the stack and the state file. A destroy takes the region and account from the state,
 * and the provider functions from the deployed template.
 */
export function openStackContext(options: LocalRunnerOptions, operation: 'deploy' | 'destroy' = 'deploy'): StackContext {
  const useStateEnvironment = operation === 'destroy';
  const { stack, stateFile } = stackAndStateFile(options);
  const previous = loadState(stateFile);
  if (previous && previous.stackName !== stack.stackName) {
    throw new Error(`state file ${stateFile} belongs to stack ${previous.stackName}, not ${stack.stackName}`);
  }
  let region = options.region ?? stack.region ?? DEFAULT_REGION;
  let account = options.account ?? stack.account ?? DEFAULT_ACCOUNT;
  if (previous && useStateEnvironment) {
    ({ region, account } = previous);
  } else if (previous && (previous.region !== region || previous.account !== account)) {
    throw new Error(`state file ${stateFile} was deployed to ${previous.account}/${previous.region}, not ${account}/${region}: destroy it first or use another state file`);
  }
  const { partition, urlSuffix } = partitionOf(region);
  const pseudo: PseudoParameters = {
    region,
    account,
    partition,
    urlSuffix,
    stackName: stack.stackName,
    stackId: previous?.stackId ?? `arn:${partition}:cloudformation:${region}:${account}:stack/${stack.stackName}/${randomUUID()}`,
  };

  const secretsFile = options.secretsFile && path.resolve(options.workingDirectory ?? process.cwd(), options.secretsFile);
  const imported = secretsFile ? readSecretsFile(secretsFile, region, account, partition) : [];
  const secrets = new SecretStore(previous?.secrets ?? [], imported);
  const redactor = new Redactor();
  redactor.add(...secrets.values());
  for (const r of Object.values(previous?.resources ?? {})) {
    if (r.data && r.noEcho) redactor.add(...Object.values(r.data));
  }

  const live = new Map<string, ResourceState>(Object.entries(previous?.resources ?? {}));
  const readTemplate = (template: CfnTemplate, assetsByObjectKey: ReadonlyMap<string, string>, label: string): ProviderTemplate => {
    const model = new TemplateModel(template);
    return { model, resolver: new Resolver(template, pseudo, resourceValues(model, live, pseudo)), assetsByObjectKey, label };
  };
  const current = readTemplate(stack.template, stack.assetsByObjectKey, 'the template');
  const kept = previous?.providers;
  // Assets are content-addressed: one the app still stages is the same code, wherever the deployed one was staged.
  const deployed = kept && readTemplate(kept.template, new Map([...Object.entries(kept.assets), ...stack.assetsByObjectKey]), 'the deployed template');
  const providerTemplates = operation === 'destroy' ? [deployed ?? current] : [current, ...(deployed ? [deployed] : [])];

  return {
    options,
    stack,
    stateFile,
    previous,
    pseudo,
    secrets,
    redactor,
    live,
    model: current.model,
    resolver: current.resolver,
    providerTemplate: frameworkId => providerTemplates.find(t => t.model.provider(frameworkId)),
    log: (line) => options.log?.(redactor.redact(line)),
  };
}

/** What `Ref` and `Fn::GetAtt` of a template's resources resolve to: the live resources' ids and Data, placeholders for the rest. */
function resourceValues(model: TemplateModel, live: ReadonlyMap<string, ResourceState>, pseudo: PseudoParameters): ResourceValues {
  return {
    ref(id, where) {
      if (model.kind(id) === 'other') return placeholderRef(id, model.resource(id)!, pseudo);
      const entry = live.get(id);
      if (!entry) throw new IntrinsicError(`${where}: Ref to ${id}, which is not deployed (is its Condition false?)`);
      return entry.physicalId;
    },
    getAtt(id, attribute, where) {
      const kind = model.kind(id);
      if (kind === 'other') return placeholderAtt(id, model.resource(id)!, attribute, pseudo);
      const entry = live.get(id);
      if (!entry) throw new IntrinsicError(`${where}: Fn::GetAtt of ${id}, which is not deployed (is its Condition false?)`);
      if (kind === 'secret' || kind === 'policy') {
        if (attribute === 'Id') return entry.physicalId;
        throw new IntrinsicError(`${where}: ${id} (${entry.type}) has no attribute ${attribute}`);
      }
      const value = entry.data?.[attribute];
      if (value === undefined) {
        throw new IntrinsicError(`${where}: CustomResource attribute error: the response of ${id} (${entry.physicalId}) contains no Data attribute ${attribute}` +
          ` (it has: ${Object.keys(entry.data ?? {}).join(', ') || 'none'})`);
      }
      return value;
    },
  };
}
