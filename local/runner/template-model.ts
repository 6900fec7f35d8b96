/**
 * What the runner makes of a stack template: which resources it deploys
 * (custom resources served by a provider framework function, Secrets Manager
 * secrets and IAM policies), which provider serves each custom resource, and
 * the dependencies between them.
 *
 * Everything else (roles, functions, log groups) is never deployed;
 * references to it resolve to plausible strings (see placeholders.ts).
 */
import type { CfnResource, CfnTemplate } from './assembly';
import { references } from './intrinsics';
import { dependencyOrder } from './ordering';

export type ResourceKind = 'custom' | 'secret' | 'policy' | 'other';

export const SECRET_TYPE = 'AWS::SecretsManager::Secret';
/** Deployed so that the order of its create, update and delete around the custom resources is CloudFormation's (IAM enforcement). */
export const POLICY_TYPE = 'AWS::IAM::Policy';
export const ROLE_TYPE = 'AWS::IAM::Role';
const FUNCTION_TYPE = 'AWS::Lambda::Function';
/** Environment variables of the provider framework's onEvent function (aws-cdk-lib custom-resources). */
const USER_ON_EVENT_ENV = 'USER_ON_EVENT_FUNCTION_ARN';
const USER_IS_COMPLETE_ENV = 'USER_IS_COMPLETE_FUNCTION_ARN';

/** A provider framework function and the user handler it invokes. */
export interface ProviderFunctions {
  readonly frameworkId: string;
  readonly handlerId: string;
}

export class TemplateModel {
  /** Resource ids in dependency order (all resources, deployed or not). */
  public readonly order: readonly string[];
  private readonly kinds = new Map<string, ResourceKind>();
  private readonly providerByResource = new Map<string, string>();
  private readonly providers = new Map<string, ProviderFunctions>();
  private readonly directDeps = new Map<string, Set<string>>();

  constructor(public readonly template: CfnTemplate) {
    const resources = template.Resources ?? {};
    const ids = Object.keys(resources);
    for (const id of ids) {
      const deps = references(resources[id].Properties);
      const dependsOn = resources[id].DependsOn;
      (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []).forEach(d => deps.add(d));
      this.directDeps.set(id, new Set([...deps].filter(d => d in resources && d !== id)));
    }
    for (const id of ids) this.classify(id, resources[id]);
    this.order = dependencyOrder(ids, id => this.directDeps.get(id) ?? []);
  }

  public resource(id: string): CfnResource | undefined {
    return this.template.Resources?.[id];
  }

  public kind(id: string): ResourceKind {
    return this.kinds.get(id) ?? 'other';
  }

  /** The deployed resources, in dependency order. */
  public get deployable(): string[] {
    return this.order.filter(id => this.kind(id) !== 'other');
  }

  /** The framework function that serves a custom resource. */
  public providerOf(id: string): string | undefined {
    return this.providerByResource.get(id);
  }

  /** A provider framework function of the template and its handler (also of a template that holds no custom resource). */
  public provider(frameworkId: string): ProviderFunctions | undefined {
    this.frameworkFunctionOf({ 'Fn::GetAtt': [frameworkId, 'Arn'] });
    return this.providers.get(frameworkId);
  }

  /**
   * What the provider framework functions that serve the template's custom resources need to run
   * again once the template has changed: those functions and what they reference (their handler
   * functions, roles, inline policies...), transitively, with the Parameters, Conditions and Mappings.
   */
  public providersTemplate(): CfnTemplate {
    const keep = new Set<string>();
    const visit = (id: string) => {
      if (keep.has(id)) return;
      keep.add(id);
      for (const dep of this.directDeps.get(id) ?? []) visit(dep);
    };
    for (const id of this.providers.keys()) visit(id);
    const { Parameters, Conditions, Mappings, Resources = {} } = this.template;
    return {
      ...(Parameters ? { Parameters } : {}),
      ...(Conditions ? { Conditions } : {}),
      ...(Mappings ? { Mappings } : {}),
      Resources: Object.fromEntries(this.order.filter(id => keep.has(id)).map(id => [id, Resources[id]])),
    };
  }

  /**
   * The deployed resources that `id` depends on, directly or through resources
   * that are not deployed (a user → a role → a secret still orders after the secret).
   */
  public deployedDependencies(id: string): string[] {
    const found = new Set<string>();
    const seen = new Set<string>([id]);
    const visit = (from: string) => {
      for (const dep of this.directDeps.get(from) ?? []) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        if (this.kind(dep) !== 'other') found.add(dep);
        else visit(dep);
      }
    };
    visit(id);
    return [...found];
  }

  /** The logical id of a function's role, when its `Role` is `Fn::GetAtt [<role of this template>, Arn]`. */
  public roleOf(functionId: string): string | undefined {
    const roleId = getAttArnTarget(this.resource(functionId)?.Properties?.Role);
    return roleId && this.resource(roleId)?.Type === ROLE_TYPE ? roleId : undefined;
  }

  private classify(id: string, resource: CfnResource): void {
    if (resource.Type === SECRET_TYPE || resource.Type === POLICY_TYPE) {
      this.kinds.set(id, resource.Type === SECRET_TYPE ? 'secret' : 'policy');
      return;
    }
    const isCustom = resource.Type === 'AWS::CloudFormation::CustomResource' || resource.Type.startsWith('Custom::');
    if (!isCustom) return;
    const frameworkId = this.frameworkFunctionOf(resource.Properties?.ServiceToken);
    if (frameworkId) {
      this.kinds.set(id, 'custom');
      this.providerByResource.set(id, frameworkId);
    } else if (resource.Type.startsWith('Custom::WorkMail')) {
      throw new Error(`${id} (${resource.Type}): its ServiceToken is not the Arn of a provider framework function in this template, so the local runner cannot serve it`);
    }
  }

  /** `Fn::GetAtt [fn, Arn]` of a function whose environment names a user onEvent function. */
  private frameworkFunctionOf(serviceToken: unknown): string | undefined {
    const fnId = getAttArnTarget(serviceToken);
    if (!fnId) return undefined;
    const cached = this.providers.get(fnId);
    if (cached) return cached.frameworkId;
    const fn = this.resource(fnId);
    const variables = (fn?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    if (fn?.Type !== FUNCTION_TYPE || !variables || !(USER_ON_EVENT_ENV in variables)) return undefined;
    if (USER_IS_COMPLETE_ENV in variables) {
      throw new Error(`${fnId}: providers with an isComplete handler (asynchronous, Step Functions) are not supported by the local runner`);
    }
    const handlerId = getAttArnTarget(variables[USER_ON_EVENT_ENV]);
    if (!handlerId || this.resource(handlerId)?.Type !== FUNCTION_TYPE) {
      throw new Error(`${fnId}: ${USER_ON_EVENT_ENV} is not the Arn of a Lambda function of this template`);
    }
    this.providers.set(fnId, { frameworkId: fnId, handlerId });
    return fnId;
  }
}

function getAttArnTarget(value: unknown): string | undefined {
  const arg = (value as Record<string, unknown> | undefined)?.['Fn::GetAtt'];
  if (typeof arg === 'string' && arg.endsWith('.Arn')) return arg.slice(0, -'.Arn'.length);
  if (Array.isArray(arg) && arg[1] === 'Arn' && typeof arg[0] === 'string') return arg[0];
  return undefined;
}
