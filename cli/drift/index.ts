/**
 * `cdk-workmail drift`: a synthesized app's WorkMail declarations against the live organizations.
 *
 * Every WorkMail custom resource of the app is resolved as far as the template allows (organization
 * lookups are looked up live, references to the app's own entities are followed to their declared
 * names), its entity is found by name, and every declared field is compared as the handler would
 * converge it. Only List* and Describe* operations are sent. What only a deployed stack knows is
 * reported unchecked, never guessed.
 */
import { compareAliases, compareDelegation, compareMailboxPermissions, compareMailEntity, CompareContext, declarationKey } from './compare';
import { Declaration, readDeclarations } from './declarations';
import { Findings, sortDifferences, sortUnchecked } from './findings';
import { concurrencyLimit } from '../concurrency';
import { LiveOrganizationFound, LiveWorkMail } from './live';
import { fillIn, hasReference, Reference, unknownReason } from './references';
import type { DriftOptions, DriftReport } from './types';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

export { formatDriftReport } from './format';
export type { DriftDifference, DriftEntity, DriftOptions, DriftReport, UncheckedField } from './types';

export const DEFAULT_DRIFT_CONCURRENCY = 4;

/** The command's exit status: 0 when nothing differs (unchecked fields alone are not drift), 3 when something does. */
export function driftExitCode(report: DriftReport): 0 | 3 {
  return report.differences.length === 0 ? 0 : 3;
}

/** Looks up every `Custom::WorkMailOrganization` by its alias; records an alias no organization has. */
export async function lookUpOrganizations(declarations: Declaration[], live: LiveWorkMail, findings: Findings):
Promise<Map<string, LiveOrganizationFound>> {
  const found = new Map<string, LiveOrganizationFound>();
  await Promise.all(declarations.filter((d) => d.type === WorkMailResourceType.ORGANIZATION).map(async (declaration) => {
    const alias = declaration.properties.Alias;
    const out = findings.about(declaration, { kind: 'organization', name: typeof alias === 'string' && !hasReference(alias) ? alias : `[${declaration.logicalId}]` });
    out.uncheckedUnresolvable();
    if (typeof alias !== 'string' || hasReference(alias)) {
      if (!declaration.unresolvable.has('Alias')) out.unchecked('alias', unknownReason(alias));
      return;
    }
    const organization = await live.organizationByAlias(alias);
    if (organization) found.set(declarationKey(declaration.stack, declaration.logicalId), organization);
    else out.difference('exists', 'true', 'false');
  }));
  return found;
}

/** What a deployed lookup would answer: its `Ref` and `OrganizationId` are the id, `DefaultMailDomain` the domain. */
export function lookupValue(organizations: Map<string, LiveOrganizationFound>): (ref: Reference) => string | undefined {
  return (ref) => {
    const organization = organizations.get(declarationKey(ref.stack, ref.logicalId));
    if (!organization) return undefined;
    if (ref.attribute === undefined || ref.attribute === 'OrganizationId') return organization.organizationId;
    return ref.attribute === 'DefaultMailDomain' ? organization.defaultMailDomain : undefined;
  };
}

export async function driftCheck(options: DriftOptions): Promise<DriftReport> {
  const progress = options.progress ?? (() => undefined);
  const app = readDeclarations(options.appDir, options.stackName);
  progress(`${app.declarations.length} WorkMail resources in ${app.stacks.length} stack(s): ${app.stacks.join(', ')}`);

  const findings = new Findings();
  const live = new LiveWorkMail(options.client, concurrencyLimit(options.concurrency ?? DEFAULT_DRIFT_CONCURRENCY), progress);
  const known = lookupValue(await lookUpOrganizations(app.declarations, live, findings));
  const declarations = app.declarations.map((d) => ({ ...d, properties: fillIn(d.properties, known) as Record<string, unknown> }));

  const entities = new Map(declarations.filter((d) => [WorkMailResourceType.USER, WorkMailResourceType.GROUP, WorkMailResourceType.RESOURCE]
    .includes(d.type as never)).map((d) => [declarationKey(d.stack, d.logicalId), d]));
  const ctx: CompareContext = { live, findings, entities };
  await Promise.all(declarations.map((declaration) => {
    switch (declaration.type) {
      case WorkMailResourceType.USER:
      case WorkMailResourceType.GROUP:
      case WorkMailResourceType.RESOURCE:
        return compareMailEntity(ctx, declaration);
      case WorkMailResourceType.ALIAS:
        return compareAliases(ctx, declaration);
      case WorkMailResourceType.DELEGATE:
        return compareDelegation(ctx, declaration);
      case WorkMailResourceType.MAILBOX_PERMISSIONS:
        return compareMailboxPermissions(ctx, declaration);
      default:
        return undefined;
    }
  }));
  progress(`compared: ${findings.differences.length} differences, ${findings.unchecked.length} fields unchecked`);
  return {
    differences: sortDifferences(findings.differences),
    unchecked: sortUnchecked(findings.unchecked),
    stacks: app.stacks,
    resources: app.declarations.length,
  };
}
