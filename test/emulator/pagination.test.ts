import {
  AssociateDelegateToResourceCommand, AssociateMemberToGroupCommand, CreateAliasCommand, CreateGroupCommand, CreateResourceCommand,
  CreateUserCommand, DeleteUserCommand, ListAliasesCommand, ListGroupMembersCommand, ListGroupsCommand, ListOrganizationsCommand,
  ListResourceDelegatesCommand, ListResourcesCommand, ListUsersCommand, RegisterToWorkMailCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { client, DOMAIN, expectError, ORG, SEED, uniqueName, useEmulator } from './helpers';
import { startEmulator } from '../../local/emulator';

const h = useEmulator();

/** Follows NextToken with a fixed page size; returns the pages. */
async function pages<T>(fetch: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[][]> {
  const result: T[][] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    result.push(page.items);
    token = page.next;
  } while (token !== undefined);
  return result;
}

async function users(prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}${i}`;
    ids.push((await h().wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }))).UserId!);
  }
  return ids;
}

describe('pagination', () => {
  test('ListUsers in pages of 3: every item once, in creation order, no token after the last page', async () => {
    const prefix = uniqueName('pg');
    const ids = await users(prefix, 7);
    const result = await pages(async (token) => {
      const input = { OrganizationId: ORG, MaxResults: 3, NextToken: token, Filters: { UsernamePrefix: prefix } };
      const out = await h().wm.send(new ListUsersCommand(input));
      return { items: out.Users!.map((u) => u.Id!), next: out.NextToken };
    });
    expect(result.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(result.flat()).toEqual(ids);
  });

  test('deleting an item between pages neither repeats nor skips the others', async () => {
    const prefix = uniqueName('pd');
    const ids = await users(prefix, 4);
    const first = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, MaxResults: 2, Filters: { UsernamePrefix: prefix } }));
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: ids[0] }));
    await h().wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: ids[2] }));
    const second = await h().wm.send(new ListUsersCommand({
      OrganizationId: ORG, MaxResults: 2, NextToken: first.NextToken, Filters: { UsernamePrefix: prefix },
    }));
    expect(second.Users!.map((u) => [u.Id, u.State])).toEqual([[ids[2], 'DELETED'], [ids[3], 'DISABLED']]);
    expect(second.NextToken).toBeUndefined();
  });

  test('bad tokens and MaxResults out of range: InvalidParameterException', async () => {
    const prefix = uniqueName('pb');
    await users(prefix, 3);
    const first = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG, MaxResults: 1, Filters: { UsernamePrefix: prefix } }));
    expect(first.NextToken).toBeDefined();
    const bad = (input: Record<string, unknown>) => expectError(h().wm.send(new ListUsersCommand({ OrganizationId: ORG, ...input })), 'InvalidParameterException');
    await bad({ NextToken: 'garbage' });
    await bad({ NextToken: '' });
    await bad({ NextToken: 'x'.repeat(1025) });
    await bad({ NextToken: `${first.NextToken}x` });
    // A token is bound to its filter and its operation.
    await bad({ NextToken: first.NextToken, Filters: { UsernamePrefix: 'other' } });
    await expectError(h().wm.send(new ListGroupsCommand({ OrganizationId: ORG, NextToken: first.NextToken })), 'InvalidParameterException');
    for (const maxResults of [0, 101, 1000, -1, 1.5]) {
      const e = await bad({ MaxResults: maxResults });
      expect(e.message).toContain('MaxResults');
    }
  });

  test('every List operation pages', async () => {
    const prefix = uniqueName('pe');
    const ids = await users(prefix, 3);
    const group = (await h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: `${prefix}g` }))).GroupId!;
    await h().wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: `${prefix}h` }));
    const resource = (await h().wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: `${prefix}r`, Type: 'ROOM' }))).ResourceId!;
    await h().wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: `${prefix}s`, Type: 'ROOM' }));
    for (const id of ids) {
      await h().wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: group, MemberId: id }));
      await h().wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: resource, EntityId: id }));
    }
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: ids[0], Email: `${prefix}0@${DOMAIN}` }));
    await h().wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: ids[0], Alias: `${prefix}-a@${DOMAIN}` }));
    await h().wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: ids[0], Alias: `${prefix}-b@${DOMAIN}` }));

    const groups = await pages(async (t) => {
      const o = await h().wm.send(new ListGroupsCommand({ OrganizationId: ORG, MaxResults: 1, NextToken: t, Filters: { NamePrefix: prefix } }));
      return { items: o.Groups!.map((g) => g.Name!), next: o.NextToken };
    });
    expect(groups).toEqual([[`${prefix}g`], [`${prefix}h`]]);
    const resources = await pages(async (t) => {
      const o = await h().wm.send(new ListResourcesCommand({ OrganizationId: ORG, MaxResults: 1, NextToken: t, Filters: { NamePrefix: prefix } }));
      return { items: o.Resources!.map((r) => r.Name!), next: o.NextToken };
    });
    expect(resources).toEqual([[`${prefix}r`], [`${prefix}s`]]);
    const memberPages = await pages(async (t) => {
      const o = await h().wm.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: group, MaxResults: 2, NextToken: t }));
      return { items: o.Members!.map((m) => m.Id!), next: o.NextToken };
    });
    expect(memberPages).toEqual([ids.slice(0, 2), ids.slice(2)]);
    const delegatePages = await pages(async (t) => {
      const o = await h().wm.send(new ListResourceDelegatesCommand({ OrganizationId: ORG, ResourceId: resource, MaxResults: 2, NextToken: t }));
      return { items: o.Delegates!.map((d) => d.Id!), next: o.NextToken };
    });
    expect(delegatePages).toEqual([ids.slice(0, 2), ids.slice(2)]);
    const aliasPages = await pages(async (t) => {
      const o = await h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: ids[0], MaxResults: 2, NextToken: t }));
      return { items: o.Aliases!, next: o.NextToken };
    });
    expect(aliasPages).toEqual([[`${prefix}0@${DOMAIN}`, `${prefix}-a@${DOMAIN}`], [`${prefix}-b@${DOMAIN}`]]);
    // A token of one group's members does not page another list.
    const m1 = await h().wm.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: group, MaxResults: 1 }));
    await expectError(h().wm.send(new ListResourceDelegatesCommand({ OrganizationId: ORG, ResourceId: resource, NextToken: m1.NextToken })), 'InvalidParameterException');
    await expectError(h().wm.send(new ListGroupMembersCommand({ OrganizationId: ORG, GroupId: group, MaxResults: 101 })), 'InvalidParameterException');
    await expectError(h().wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: ids[0], NextToken: 'nope' })), 'InvalidParameterException');
  });

  test('ListOrganizations pages and rejects bad input; tokens of another emulator are refused', async () => {
    const orgs = Array.from({ length: 5 }, (_, i) => ({
      id: `m-${String(i).padStart(32, 'a')}`, alias: `org${i}`, defaultMailDomain: `org${i}.example.com`, domains: [`org${i}.example.com`],
    }));
    const emulator = await startEmulator({ seed: { organizations: [...SEED.organizations, ...orgs] } });
    const wm: WorkMailClient = client(emulator.endpoint);
    try {
      const result = await pages(async (t) => {
        const o = await wm.send(new ListOrganizationsCommand({ MaxResults: 2, NextToken: t }));
        return { items: o.OrganizationSummaries!.map((s) => s.Alias!), next: o.NextToken };
      });
      expect(result).toEqual([['acme', 'old'], ['org0', 'org1'], ['org2', 'org3'], ['org4']]);
      await expectError(wm.send(new ListOrganizationsCommand({ MaxResults: 0 })), 'InvalidParameterException');
      const page = await h().wm.send(new ListOrganizationsCommand({ MaxResults: 1 }));
      await expectError(wm.send(new ListOrganizationsCommand({ NextToken: page.NextToken })), 'InvalidParameterException');
    } finally {
      wm.destroy();
      await emulator.close();
    }
  });
});
