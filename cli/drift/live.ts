/**
 * What the live organizations hold, read on demand and at most once: the organizations (one
 * ListOrganizations), each organization's users, groups and resources (one paginated List* per kind),
 * then only what the declarations ask about (a Describe* per entity, its members, delegates, mailbox grants or
 * aliases). Only List* and Describe* operations; every call is bounded by one concurrency limit.
 */
import {
  DescribeGroupCommand, DescribeOrganizationCommand, DescribeResourceCommand, DescribeUserCommand, OrganizationSummary,
  paginateListAliases, paginateListGroupMembers, paginateListGroups, paginateListMailboxPermissions, paginateListMailDomains,
  paginateListOrganizations,
  paginateListResourceDelegates,
  paginateListResources, paginateListUsers, WorkMailClient,
} from '@aws-sdk/client-workmail';
import type {
  DescribeGroupCommandOutput, DescribeResourceCommandOutput, DescribeUserCommandOutput,
} from '@aws-sdk/client-workmail';
import { Limit } from '../concurrency';
import type { EntityKindName } from '../model';

/** WorkMail's largest page. */
const PAGE_SIZE = 100;

export interface LiveEntity {
  readonly id: string;
  readonly kind: EntityKindName;
  readonly name: string;
  /** The primary address List* gives (registered entities). */
  readonly email?: string;
}

export type LiveDescription = DescribeUserCommandOutput | DescribeGroupCommandOutput | DescribeResourceCommandOutput;

/** A WorkMail call that failed, named by operation and organization; the SDK's error is kept as its cause. */
export class LiveReadError extends Error {
  public declare readonly cause: unknown;
  /** The organization does not exist (OrganizationNotFoundException). */
  public readonly notFound: boolean;

  constructor(public readonly operation: string, public readonly where: string, cause: unknown) {
    const err = cause as { name?: string; message?: string };
    super(`${operation} failed for ${where}: ${err.name ?? 'Error'}: ${err.message ?? String(cause)}`, { cause });
    this.name = 'LiveReadError';
    this.notFound = isError(cause, 'OrganizationNotFoundException');
    Object.freeze(this);
  }
}

function isError(err: unknown, name: string): boolean {
  return (err as { name?: string })?.name === name;
}

/** Memoizes by key: the first caller starts the read, the others share its promise. */
class Once<T> {
  private readonly started = new Map<string, Promise<T>>();
  public get(key: string, read: () => Promise<T>): Promise<T> {
    let promise = this.started.get(key);
    if (!promise) {
      promise = read();
      this.started.set(key, promise);
    }
    return promise;
  }
}

async function collect<P, I>(pages: AsyncIterable<P>, items: (page: P) => I[] | undefined): Promise<I[]> {
  const all: I[] = [];
  for await (const page of pages) all.push(...items(page) ?? []);
  return all;
}

/** One organization's entities, as List* gives them (DELETED ones left out). */
export class LiveOrganization {
  private readonly once = new Once<unknown>();

  constructor(
    private readonly client: WorkMailClient,
    private readonly limit: Limit,
    public readonly organizationId: string,
    private readonly progress: (line: string) => void,
  ) {}

  /** Every user, group and resource by lower-cased name and by id; undefined when the organization does not exist. */
  public entities(): Promise<{ byName: Map<string, LiveEntity>; byId: Map<string, LiveEntity> } | undefined> {
    return this.once.get('entities', async () => {
      const paging = { client: this.client, pageSize: PAGE_SIZE };
      const input = { OrganizationId: this.organizationId };
      try {
        const [users, groups, resources] = await Promise.all([
          this.call('ListUsers', () => collect(paginateListUsers(paging, input), (p) => p.Users)),
          this.call('ListGroups', () => collect(paginateListGroups(paging, input), (p) => p.Groups)),
          this.call('ListResources', () => collect(paginateListResources(paging, input), (p) => p.Resources)),
        ]);
        const byName = new Map<string, LiveEntity>();
        const byId = new Map<string, LiveEntity>();
        const add = (kind: EntityKindName, listed: { Id?: string; Name?: string; State?: string; Email?: string }[]) => {
          for (const { Id, Name, State, Email } of listed) {
            if (!Id || !Name || State === 'DELETED') continue;
            const entity = { id: Id, kind, name: Name, ...(Email && State === 'ENABLED' ? { email: Email } : {}) };
            byName.set(Name.toLowerCase(), entity);
            byId.set(Id, entity);
          }
        };
        add('user', users);
        add('group', groups);
        add('resource', resources);
        this.progress(`organization ${this.organizationId}: ${users.length} users, ${groups.length} groups, ${resources.length} resources listed`);
        return { byName, byId };
      } catch (err) {
        if (err instanceof LiveReadError && err.notFound) return undefined;
        throw err;
      }
    }) as ReturnType<LiveOrganization['entities']>;
  }

  public describe(entity: LiveEntity): Promise<LiveDescription> {
    const OrganizationId = this.organizationId;
    return this.once.get(`describe:${entity.id}`, () => {
      switch (entity.kind) {
        case 'user': return this.call('DescribeUser', () => this.client.send(new DescribeUserCommand({ OrganizationId, UserId: entity.id })));
        case 'group': return this.call('DescribeGroup', () => this.client.send(new DescribeGroupCommand({ OrganizationId, GroupId: entity.id })));
        case 'resource':
          return this.call('DescribeResource', () => this.client.send(new DescribeResourceCommand({ OrganizationId, ResourceId: entity.id })));
      }
    }) as Promise<LiveDescription>;
  }

  /** The organization's mail domains, lower-cased. */
  public mailDomains(): Promise<string[]> {
    return this.once.get('domains', () => this.call('ListMailDomains', async () => {
      const domains = await collect(paginateListMailDomains({ client: this.client, pageSize: PAGE_SIZE },
        { OrganizationId: this.organizationId }), (p) => p.MailDomains);
      return domains.flatMap((d) => (d.DomainName ? [d.DomainName.toLowerCase()] : []));
    })) as Promise<string[]>;
  }

  /** The ids of a group's members (DELETED ones left out). */
  public members(groupId: string): Promise<string[]> {
    return this.once.get(`members:${groupId}`, () => this.call('ListGroupMembers', async () => {
      const members = await collect(paginateListGroupMembers({ client: this.client, pageSize: PAGE_SIZE },
        { OrganizationId: this.organizationId, GroupId: groupId }), (p) => p.Members);
      return members.flatMap((m) => (m.Id && m.State !== 'DELETED' ? [m.Id] : []));
    })) as Promise<string[]>;
  }

  /** The ids of a resource's delegates. */
  public delegates(resourceId: string): Promise<string[]> {
    return this.once.get(`delegates:${resourceId}`, () => this.call('ListResourceDelegates', async () => {
      const delegates = await collect(paginateListResourceDelegates({ client: this.client, pageSize: PAGE_SIZE },
        { OrganizationId: this.organizationId, ResourceId: resourceId }), (p) => p.Delegates);
      return delegates.flatMap((d) => (d.Id ? [d.Id] : []));
    })) as Promise<string[]>;
  }

  /** Who may use a mailbox: each grantee's id and its permission values. */
  public permissions(entityId: string): Promise<Array<{ granteeId: string; values: string[] }>> {
    return this.once.get(`permissions:${entityId}`, () => this.call('ListMailboxPermissions', async () => {
      const grants = await collect(paginateListMailboxPermissions({ client: this.client, pageSize: PAGE_SIZE },
        { OrganizationId: this.organizationId, EntityId: entityId }), (p) => p.Permissions);
      return grants.flatMap((g) => (g.GranteeId ? [{ granteeId: g.GranteeId, values: [...(g.PermissionValues ?? [])] }] : []));
    })) as Promise<Array<{ granteeId: string; values: string[] }>>;
  }

  /** Every address ListAliases gives for the entity (it may list the primary address too). */
  public aliases(entityId: string): Promise<string[]> {
    return this.once.get(`aliases:${entityId}`, () => this.call('ListAliases', () => collect(
      paginateListAliases({ client: this.client, pageSize: PAGE_SIZE }, { OrganizationId: this.organizationId, EntityId: entityId }),
      (p) => p.Aliases,
    ))) as Promise<string[]>;
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await this.limit(run);
    } catch (err) {
      throw new LiveReadError(operation, `organization ${this.organizationId}`, err);
    }
  }
}

export interface LiveOrganizationFound {
  readonly organizationId: string;
  readonly defaultMailDomain: string;
}

/** The live side of the check: organizations by alias and by id. */
export class LiveWorkMail {
  private readonly organizations = new Map<string, LiveOrganization>();
  private readonly once = new Once<unknown>();

  constructor(private readonly client: WorkMailClient, private readonly limit: Limit, private readonly progress: (line: string) => void) {}

  public organization(organizationId: string): LiveOrganization {
    let found = this.organizations.get(organizationId);
    if (!found) {
      found = new LiveOrganization(this.client, this.limit, organizationId, this.progress);
      this.organizations.set(organizationId, found);
    }
    return found;
  }

  /** The organization an alias names (not Deleted, case-insensitively), as the lookup resource finds it. */
  public async organizationByAlias(alias: string): Promise<LiveOrganizationFound | undefined> {
    const summaries = await this.once.get('organizations', () => this.limit(async () => {
      try {
        return await collect(paginateListOrganizations({ client: this.client, pageSize: PAGE_SIZE }, {}), (p) => p.OrganizationSummaries);
      } catch (err) {
        throw new LiveReadError('ListOrganizations', 'this account and region', err);
      }
    })) as OrganizationSummary[];
    const found = summaries.find((s) => s.State !== 'Deleted' && s.Alias?.toLowerCase() === alias.toLowerCase());
    if (!found?.OrganizationId) return undefined;
    let defaultMailDomain = found.DefaultMailDomain;
    if (!defaultMailDomain) {
      const OrganizationId = found.OrganizationId;
      const described = await this.once.get(`organization:${OrganizationId}`, () => this.limit(async () => {
        try {
          return await this.client.send(new DescribeOrganizationCommand({ OrganizationId }));
        } catch (err) {
          throw new LiveReadError('DescribeOrganization', `organization ${OrganizationId}`, err);
        }
      })) as { DefaultMailDomain?: string };
      defaultMailDomain = described.DefaultMailDomain;
    }
    return { organizationId: found.OrganizationId, defaultMailDomain: defaultMailDomain ?? '' };
  }
}
