/**
 * What the handler function's role allows it to call on WorkMail, decided as
 * IAM would from the policies deployed right now: the stack's live
 * `AWS::IAM::Policy` resources attached to the role (including those of
 * resources that left the template but are not deleted yet), plus the role's
 * inline `Policies` from the template the function runs from. Managed policies (`ManagedPolicyArns`,
 * `AWS::IAM::ManagedPolicy`) are not read: a WorkMail grant there is denied.
 */
import { evaluate, IamRequest } from './iam-policy';
import type { ProviderTemplate, StackContext } from './stack-context';
import { POLICY_TYPE } from './template-model';

/** Operations the service authorizes on `*` rather than on an organization. */
const ACCOUNT_LEVEL_OPERATIONS = new Set(['ListOrganizations', 'CreateOrganization']);

export type AccessDecision = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

export class HandlerPermissions {
  /** The permissions of a handler function's role; fails if the role is not one of the template's (`source`, which holds the function). */
  public static of(ctx: StackContext, source: ProviderTemplate, handlerId: string, functionName: string): HandlerPermissions {
    const roleId = source.model.roleOf(handlerId);
    if (!roleId) {
      throw new Error(`${handlerId}: its Role is not Fn::GetAtt of an AWS::IAM::Role of this template, so the local runner cannot read ` +
        'what it may call: deploy with IAM enforcement off (enforceIam: false, --no-iam)');
    }
    const roleName = String(source.resolver.resolve({ Ref: roleId }, `${roleId} (the role of ${handlerId})`));
    return new HandlerPermissions(ctx, source, roleId, roleName, functionName);
  }

  private constructor(
    private readonly ctx: StackContext,
    private readonly source: ProviderTemplate,
    private readonly roleId: string,
    private readonly roleName: string,
    private readonly functionName: string,
  ) {}

  /** Whether the handler may call `workmail:<operation>` on `organizationId`, with the service's message if not. */
  public authorize(operation: string, organizationId: string | undefined): AccessDecision {
    const { partition, region, account } = this.ctx.pseudo;
    const request: IamRequest = {
      action: `workmail:${operation}`,
      resource: ACCOUNT_LEVEL_OPERATIONS.has(operation) || !organizationId
        ? '*'
        : `arn:${partition}:workmail:${region}:${account}:organization/${organizationId}`,
    };
    const decision = evaluate(this.policyDocuments(), request);
    if (decision === 'allow') return { allowed: true };
    const because = decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
    return {
      allowed: false,
      message: `User: arn:${partition}:sts::${account}:assumed-role/${this.roleName}/${this.functionName} ` +
        `is not authorized to perform: ${request.action} on resource: ${request.resource} ${because}`,
    };
  }

  private policyDocuments(): unknown[] {
    const documents: unknown[] = [];
    for (const entry of this.ctx.live.values()) {
      const roles = entry.properties.Roles;
      if (entry.type === POLICY_TYPE && Array.isArray(roles) && roles.includes(this.roleName)) {
        documents.push(entry.properties.PolicyDocument);
      }
    }
    const inline = this.source.model.resource(this.roleId)?.Properties?.Policies;
    if (inline !== undefined) {
      // Resolved at each call: the role is not deployed, its policies are the template's.
      const resolved = this.source.resolver.resolve(inline, `${this.roleId} (AWS::IAM::Role Policies)`);
      if (Array.isArray(resolved)) documents.push(...resolved.map(p => (p as { PolicyDocument?: unknown } | undefined)?.PolicyDocument));
    }
    return documents;
  }
}
