/**
 * Custom::WorkMailOrganization: the lookup of an existing organization by its
 * alias. It creates nothing, so its Delete does nothing; its physical id is
 * the organization's id, so an alias that comes to name another organization
 * replaces the resource (and everything that reads its id).
 */
import { DescribeOrganizationCommand, OrganizationSummary, paginateListOrganizations } from '@aws-sdk/client-workmail';
import { ORGANIZATION_ALIAS } from '../../../src/provider/api-shapes';
import { OrganizationLookupAttributes, OrganizationLookupProperties } from '../../../src/provider/resource-properties';
import { EntityRef, EntityStateError } from '../../errors';
import { PropertyNames, RawProperties, ResourceLabel, propertyReader } from '../../properties';
import { logDecision, sameText } from '../decisions';
import { HandlerDeps, ReconcileResult, reconciler } from '../reconciler';

export interface OrganizationLookup {
  readonly alias: string;
}

/** The states in which WorkMail lets the organization's entities be worked on. */
const WORKING_STATES = ['Active', 'Synchronizing'];
/** How many of the existing aliases a "not found" message lists. */
const LISTED_ALIASES = 10;

const LOOKUP_PROPERTIES: PropertyNames<OrganizationLookupProperties> = { Alias: true };

export function parseOrganizationLookup(props: RawProperties, label: ResourceLabel): OrganizationLookup {
  return { alias: propertyReader<OrganizationLookupProperties>(props, label, LOOKUP_PROPERTIES).requiredString('Alias', ORGANIZATION_ALIAS) };
}

/**
 * The summary whose alias matches (case-insensitively), preferring one not
 * Deleted (an alias may be reused after its organization was deleted); and the
 * aliases seen, for the message when none matches.
 */
async function findByAlias(deps: HandlerDeps, alias: string): Promise<{ found?: OrganizationSummary; aliases: string[] }> {
  // ListOrganizations is not about one organization: '*' is the resource IAM grants it on.
  const ref: EntityRef = { kind: 'organization', organizationId: '*', name: alias };
  const aliases: string[] = [];
  let found: OrganizationSummary | undefined;
  const pages = deps.workmail.paginate(paginateListOrganizations, {}, ref);
  for await (const page of pages) {
    for (const summary of page.OrganizationSummaries ?? []) {
      if (summary.State !== 'Deleted' && summary.Alias) aliases.push(summary.Alias);
      if (sameText(summary.Alias, alias) && (found === undefined || found.State === 'Deleted')) found = summary;
    }
    if (found !== undefined && found.State !== 'Deleted') break;
  }
  return { found, aliases };
}

async function lookUp(desired: OrganizationLookup, deps: HandlerDeps): Promise<ReconcileResult> {
  const { found, aliases } = await findByAlias(deps, desired.alias);
  if (found?.OrganizationId === undefined) {
    const listed = aliases.slice(0, LISTED_ALIASES).map((a) => `'${a}'`).join(', ');
    const more = aliases.length > LISTED_ALIASES ? ` and ${aliases.length - LISTED_ALIASES} more` : '';
    throw new EntityStateError(
      `No WorkMail organization has the alias '${desired.alias}' in this account and region (ListOrganizations). ` +
      (aliases.length === 0 ? 'There are no organizations here' : `The organizations here are ${listed}${more}`),
    );
  }
  const organizationId = found.OrganizationId;
  const ref: EntityRef = { kind: 'organization', organizationId, name: desired.alias };
  const organization = await deps.workmail.send(new DescribeOrganizationCommand({ OrganizationId: organizationId }), ref);
  const state = organization.State ?? found.State ?? 'unknown';
  if (!WORKING_STATES.includes(state)) {
    throw new EntityStateError(
      `WorkMail organization '${desired.alias}' (${organizationId}) is in state ${state}, not Active: ` +
      'its users, groups and resources cannot be managed until it is Active again',
    );
  }
  logDecision(deps, 'organization-found', ref, { state });
  const data: OrganizationLookupAttributes = {
    OrganizationId: organizationId,
    DefaultMailDomain: organization.DefaultMailDomain ?? found.DefaultMailDomain ?? '',
  };
  return { PhysicalResourceId: organizationId, Data: { ...data } };
}

export const organizationReconciler = reconciler<OrganizationLookup>({
  parse: parseOrganizationLookup,
  create: (desired, _event, deps) => lookUp(desired, deps),
  update: (desired, _old, _event, deps) => lookUp(desired, deps),
  delete: async (deployed, event, deps) => {
    deps.log.info('decision', { decision: 'nothing-to-delete', reason: 'a lookup creates nothing', alias: deployed?.alias, physicalResourceId: event.PhysicalResourceId });
  },
});
