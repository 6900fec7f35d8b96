import { ListMailDomainsCommand, paginateListMailDomains } from '@aws-sdk/client-workmail';
import { DOMAIN, expectError, INACTIVE_ORG, MISSING_ORG, ORG, OTHER_DOMAIN, UNVERIFIED_DOMAIN, useEmulator } from './helpers';

const h = useEmulator();

describe('ListMailDomains', () => {
  test('lists verified then unverified domains, marking the default one', async () => {
    const out = await h().wm.send(new ListMailDomainsCommand({ OrganizationId: ORG }));
    expect(out.MailDomains).toEqual([
      { DomainName: DOMAIN, DefaultDomain: true },
      { DomainName: OTHER_DOMAIN, DefaultDomain: false },
      { DomainName: UNVERIFIED_DOMAIN, DefaultDomain: false },
    ]);
    expect(out.NextToken).toBeUndefined();
  });

  test('pages through every domain once', async () => {
    h().emulator.resetCalls();
    const names: string[] = [];
    for await (const page of paginateListMailDomains({ client: h().wm, pageSize: 2 }, { OrganizationId: ORG })) {
      names.push(...page.MailDomains!.map((d) => d.DomainName!));
    }
    expect(names).toEqual([DOMAIN, OTHER_DOMAIN, UNVERIFIED_DOMAIN]);
    expect(h().emulator.calls.map((c) => `${c.operation} ${c.status}`)).toEqual(['ListMailDomains 200', 'ListMailDomains 200']);
  });

  test('errors: missing organization, organization not Active, bad page size, foreign token', async () => {
    await expectError(h().wm.send(new ListMailDomainsCommand({ OrganizationId: MISSING_ORG })), 'OrganizationNotFoundException');
    await expectError(h().wm.send(new ListMailDomainsCommand({ OrganizationId: INACTIVE_ORG })), 'OrganizationStateException');
    await expectError(h().wm.send(new ListMailDomainsCommand({ OrganizationId: ORG, MaxResults: 0 })), 'InvalidParameterException');
    const first = await h().wm.send(new ListMailDomainsCommand({ OrganizationId: ORG, MaxResults: 1 }));
    await expectError(h().wm.send(new ListMailDomainsCommand({ OrganizationId: INACTIVE_ORG, NextToken: first.NextToken })), 'OrganizationStateException');
    await expectError(h().wm.send(new ListMailDomainsCommand({ OrganizationId: ORG, NextToken: 'forged.token' })), 'InvalidParameterException');
  });
});
