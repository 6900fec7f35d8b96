/** DescribeOrganization, ListOrganizations and ListMailDomains: read-only views of the seeded organizations. */
import { WorkMailError } from '../errors';
import { organizationId, pageRequest } from '../validation';
import { activeOrganization, seconds } from './common';
import { Operation } from './context';

/** A fixed account id for ARNs; nothing checks it. */
export const ACCOUNT_ID = '111122223333';

export const DescribeOrganization: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const org = ctx.state.organizations.get(orgId);
  if (!org) throw new WorkMailError('OrganizationNotFoundException', `Organization ${orgId} does not exist`);
  return {
    OrganizationId: org.id,
    Alias: org.alias,
    State: org.state,
    DirectoryId: `d-${org.id.slice(2, 12)}`,
    DirectoryType: 'WorkMailDirectory',
    DefaultMailDomain: org.defaultMailDomain,
    CompletedDate: seconds(org.completedDate),
    ARN: `arn:aws:workmail:${ctx.region}:${ACCOUNT_ID}:organization/${org.id}`,
    InteroperabilityEnabled: false,
  };
};

/** Deleted organizations are not listed. */
export const ListOrganizations: Operation = (ctx, body) => {
  const page = pageRequest(body);
  const orgs = [...ctx.state.organizations.values()].filter((o) => o.state !== 'Deleted').map((org, index) => ({ org, index }));
  const result = ctx.paginator.page(orgs, (o) => o.index, page, JSON.stringify(['ListOrganizations']));
  return {
    OrganizationSummaries: result.items.map(({ org }) => ({
      OrganizationId: org.id,
      Alias: org.alias,
      DefaultMailDomain: org.defaultMailDomain,
      State: org.state,
    })),
    NextToken: result.nextToken,
  };
};

/**
 * The organization's mail domains, verified and unverified alike (the summary carries no verification
 * status: that is GetMailDomain's), verified ones first, each in seed order; `DefaultDomain` marks the
 * default mail domain.
 */
export const ListMailDomains: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const page = pageRequest(body);
  const org = activeOrganization(ctx, orgId);
  const domains = [...org.domains, ...org.unverifiedDomains].map((domain, index) => ({ domain, index }));
  const result = ctx.paginator.page(domains, (d) => d.index, page, JSON.stringify(['ListMailDomains', orgId]));
  return {
    MailDomains: result.items.map(({ domain }) => ({ DomainName: domain, DefaultDomain: domain === org.defaultMailDomain })),
    NextToken: result.nextToken,
  };
};
