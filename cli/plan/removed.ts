/** What leaves the stack (deployed, no longer in the app): deleted, or retained under its DeletionPolicy. */
import type { PlanContext } from './context';
import type { DeployedResource } from './deployed';
import { fateOf, holdsMail } from './kind-rules';
import { declaredGrants } from './relations';
import type { PlanAction } from './types';
import { WorkMailResourceType } from '../../src/provider/resource-properties';
import { KIND_OF_TYPE, plainString } from '../drift/compare';

const RETAINED = ['Retain', 'RetainExceptOnCreate'];

async function nameOfId(ctx: PlanContext, organizationId: unknown, id: unknown): Promise<string | undefined> {
  if (typeof organizationId !== 'string' || typeof id !== 'string') return undefined;
  return (await ctx.live.organization(organizationId).entities())?.byId.get(id)?.name;
}

export async function planRemoved(ctx: PlanContext, logicalId: string, deployed: DeployedResource): Promise<PlanAction | undefined> {
  const { declaration, physicalId } = deployed;
  const head = { stack: declaration.stack, logicalId };
  const props = declaration.properties;
  const policy = declaration.deletionPolicy;
  const kind = KIND_OF_TYPE[declaration.type];
  if (kind) {
    const name = plainString(props.Name) ?? `[${logicalId}]`;
    const fate = fateOf(kind, name, physicalId, policy, 'DeletionPolicy');
    const destroys = holdsMail(kind) && !fate.kept;
    return {
      ...head,
      kind,
      name,
      action: fate.kept ? 'retain' : 'delete',
      changes: [],
      reason: `leaves the stack: ${fate.text}`,
      ...(destroys ? { destroysMailbox: true as const } : {}),
    };
  }
  const kept = policy !== undefined && RETAINED.includes(policy);
  if (declaration.type === WorkMailResourceType.ALIAS) {
    const name = await nameOfId(ctx, props.OrganizationId, props.EntityId) ?? `[${logicalId}]`;
    const aliases = Array.isArray(props.Aliases) ? props.Aliases.map(String) : [];
    return {
      ...head,
      kind: 'aliases',
      name,
      action: kept ? 'retain' : 'delete',
      changes: kept ? [] : aliases.map((alias) => ({ field: 'aliases', from: alias })),
      reason: kept ? `leaves the stack: its aliases are kept (DeletionPolicy ${policy})` : 'leaves the stack: its aliases are removed',
    };
  }
  if (declaration.type === WorkMailResourceType.DELEGATE) {
    const name = await nameOfId(ctx, props.OrganizationId, props.ResourceId) ?? `[${logicalId}]`;
    const delegate = await nameOfId(ctx, props.OrganizationId, props.EntityId) ?? String(props.EntityId);
    return {
      ...head,
      kind: 'delegate',
      name,
      action: kept ? 'retain' : 'delete',
      changes: kept ? [] : [{ field: 'delegates', from: delegate }],
      reason: kept ? `leaves the stack: the delegation is kept (DeletionPolicy ${policy})` : 'leaves the stack: the delegation is removed',
    };
  }
  if (declaration.type === WorkMailResourceType.MAILBOX_PERMISSIONS) {
    const name = await nameOfId(ctx, props.OrganizationId, props.EntityId) ?? `[${logicalId}]`;
    const grants = await Promise.all(declaredGrants(props.Grants).map(async (g) => ({
      grantee: await nameOfId(ctx, props.OrganizationId, g.granteeId) ?? String(g.granteeId), permissions: g.permissions,
    })));
    return {
      ...head,
      kind: 'permissions',
      name,
      action: kept ? 'retain' : 'delete',
      changes: kept ? [] : grants.map((g) => ({ field: `permissions of ${g.grantee}`, from: g.permissions })),
      reason: kept ? `leaves the stack: its grants are kept (DeletionPolicy ${policy})` : 'leaves the stack: its declared grants are removed',
    };
  }
  // An organization lookup creates nothing, so nothing goes with it.
  return undefined;
}
