/**
 * The source of one stack of the exported app: one statement per entity, as a person would write it.
 * Every entity is adopted (`adoptExisting: true`) and retained; members, delegates and mailbox grantees are
 * wired by reference, those declared in another stack imported by their WorkMail id.
 */
import { EntityIdentifier } from './identifiers';
import { PlannedStack } from './plan';
import { commentText, objectLiteral, tsString } from './ts-source';
import type { SeedGroup, SeedResource, SeedUser } from '../../../local/emulator';
import { MAILBOX_PERMISSION_VALUES, seedBookingOptions } from '../../../local/emulator/state';
import type { EntityKindName } from '../../model';

/** What the stacks of the app know about the organization and each other. */
export interface AppModel {
  readonly organizationId: string;
  readonly organizationAlias: string;
  /** Entity name, lower-cased → its construct id and variable. */
  readonly identifiers: ReadonlyMap<string, EntityIdentifier>;
  /** Entity name, lower-cased → its kind and WorkMail id (the scan's). */
  readonly ids: ReadonlyMap<string, { readonly id: string; readonly kind: EntityKindName }>;
  /** Entity name, lower-cased → the index of the stack that declares it. */
  readonly stackOf: ReadonlyMap<string, number>;
  readonly stacks: readonly AppStack[];
}

export interface AppStack {
  readonly plan: PlannedStack;
  /** The CloudFormation stack name, e.g. `AcmeUsers3`. */
  readonly stackName: string;
  /** e.g. `Users3Stack` */
  readonly className: string;
  /** e.g. `users-3-stack` (the file `lib/users-3-stack.ts`) */
  readonly moduleName: string;
}

export interface StackSource {
  readonly text: string;
  /** Indexes of the stacks whose entities this one references by id. */
  readonly references: number[];
  /** What could not be declared as read, one line each. */
  readonly notMapped: string[];
}

/** The users' directory attributes, in the order the props declare them. */
const DIRECTORY_ATTRIBUTES = [
  'firstName', 'lastName', 'initials', 'jobTitle', 'department', 'company', 'office', 'street', 'city', 'zipCode', 'country', 'telephone',
] as const;

const IMPORT_OF: Readonly<Record<EntityKindName, { readonly construct: string; readonly method: string; readonly idProp: string }>> = {
  user: { construct: 'WorkMailUser', method: 'fromUserAttributes', idProp: 'userId' },
  group: { construct: 'WorkMailGroup', method: 'fromGroupAttributes', idProp: 'groupId' },
  resource: { construct: 'WorkMailResource', method: 'fromResourceAttributes', idProp: 'resourceId' },
};

const INDENT = '    ';
const ADOPTED: ReadonlyArray<readonly [string, string]> = [['adoptExisting', 'true'], ['removalPolicy', 'RemovalPolicy.RETAIN']];

export function stackSource(model: AppModel, index: number): StackSource {
  return new StackWriter(model, index).write();
}

class StackWriter {
  private readonly stack: AppStack;
  private readonly constructs = new Set<string>(['WorkMailOrganization']);
  /** Foreign entities referenced here, lower-cased name → the name as written. */
  private readonly imports = new Map<string, string>();
  private readonly notMapped: string[] = [];
  /** Variables other statements of this stack use. */
  private readonly used = new Set<string>();

  constructor(private readonly model: AppModel, private readonly index: number) {
    this.stack = model.stacks[index];
  }

  public write(): StackSource {
    const { users, groups, resources } = this.stack.plan;
    const groupOrder = this.groupOrder(groups);
    for (const [group] of groupOrder.deferred) this.used.add(group.toLowerCase());
    // References are resolved first, so that each statement knows whether its variable is used.
    for (const group of groups) for (const member of group.members ?? []) this.reference(member, `group '${group.name}'`);
    for (const resource of resources) for (const delegate of resource.delegates ?? []) this.reference(delegate, `resource '${resource.name}'`);
    const mailboxes = [...users.map((u) => ['user', u] as const), ...resources.map((r) => ['resource', r] as const)]
      .filter(([, mailbox]) => (mailbox.permissions ?? []).length > 0);
    for (const [kind, mailbox] of mailboxes) {
      this.used.add(mailbox.name.toLowerCase());
      for (const grant of mailbox.permissions!) this.reference(grant.grantee, `${kind} '${mailbox.name}'`, 'its mailbox grants');
    }
    const statements = [
      ...users.map((user) => this.user(user)),
      ...groupOrder.ordered.map((group) => this.group(group, groupOrder.deferred)),
      ...resources.map((resource) => this.resource(resource)),
    ];
    const lateMembers = [...groupOrder.deferred].map(([group, member]) => `${INDENT}${this.variable(group)}.addMember(${this.variable(member)});`);
    if (lateMembers.length > 0) statements.push(`${INDENT}// Groups that contain each other: these members are added once both exist.\n${lateMembers.join('\n')}`);
    // After every declaration, since a grantee may be declared after its mailbox (a group, a resource).
    const grants = mailboxes.flatMap(([kind, mailbox]) => this.grants(kind, mailbox));
    if (grants.length > 0) statements.push(`${INDENT}// Who may use each mailbox, as ListMailboxPermissions lists it.\n${grants.join('\n')}`);
    const importStatements = [...this.imports.keys()].sort().map((name) => this.importStatement(name));
    const body = [
      `${INDENT}const organization = WorkMailOrganization.fromOrganizationAttributes(this, 'Organization', ORGANIZATION);`,
      ...(importStatements.length > 0
        ? [`${INDENT}// Declared in other stacks of this app: referenced by their WorkMail ids.\n${importStatements.join('\n')}`]
        : []),
      ...statements,
    ];
    const coreImports = ['RemovalPolicy', 'Stack', 'StackProps'];
    const text = [
      `import { ${coreImports.join(', ')} } from 'aws-cdk-lib';`,
      'import { Construct } from \'constructs\';',
      `import { ${[...this.constructs].sort().join(', ')} } from 'cdk-workmail';`,
      'import { ORGANIZATION } from \'./organization\';',
      '',
      `/** ${commentText(this.describe())} */`,
      `export class ${this.stack.className} extends Stack {`,
      '  constructor(scope: Construct, id: string, props?: StackProps) {',
      '    super(scope, id, props);',
      '',
      body.join('\n\n'),
      '  }',
      '}',
      '',
    ].join('\n');
    const references = [...new Set([...this.imports.keys()].map((name) => this.model.stackOf.get(name)!))].sort((a, b) => a - b);
    return { text, references, notMapped: this.notMapped };
  }

  private describe(): string {
    const { part, bucket } = this.stack.plan;
    const organization = `organization ${this.model.organizationAlias} (${this.model.organizationId})`;
    if (part === 'WorkMail') return `The users, groups and resources of the ${organization}, each taken over as it is.`;
    const kind = part.toLowerCase();
    if (bucket === undefined) return `The ${kind} of the ${organization}, each taken over as it is.`;
    return `The ${kind} of the ${organization} whose names hash to bucket ${bucket} (see README.md), each taken over as it is.`;
  }

  private variable(name: string): string {
    return this.model.identifiers.get(name.toLowerCase())!.variable;
  }

  /** A member, delegate or grantee: declared here, or imported by id from the stack that declares it. */
  private reference(name: string, of: string, list = 'its members or delegates'): void {
    const key = name.toLowerCase();
    if (!this.model.ids.has(key) || !this.model.stackOf.has(key)) {
      this.notMapped.push(`${of}: '${name}' is not an entity the scan read (left out of ${list})`);
      return;
    }
    this.used.add(key);
    if (this.model.stackOf.get(key) !== this.index) this.imports.set(key, name);
  }

  private known(names: readonly string[] | undefined): string[] {
    return (names ?? []).filter((name) => this.model.ids.has(name.toLowerCase()) && this.model.stackOf.has(name.toLowerCase()));
  }

  private importStatement(key: string): string {
    const { id, kind } = this.model.ids.get(key)!;
    const { constructId, variable } = this.model.identifiers.get(key)!;
    const { construct, method, idProp } = IMPORT_OF[kind];
    this.constructs.add(construct);
    return `${INDENT}const ${variable} = ${construct}.${method}(this, ${tsString(constructId)}, { organization, ${idProp}: ${tsString(id)} });`;
  }

  /** `const x = new Construct(this, 'X', {...});` (without `const x =` when nothing refers to it), then its aliases. */
  private declaration(name: string, construct: string, properties: ReadonlyArray<readonly [string, string | undefined]>, aliases?: string[]): string {
    this.constructs.add(construct);
    const { constructId, variable } = this.model.identifiers.get(name.toLowerCase())!;
    const bound = this.used.has(name.toLowerCase()) || (aliases ?? []).length > 0;
    const lines = [`${INDENT}${bound ? `const ${variable} = ` : ''}new ${construct}(this, ${tsString(constructId)}, ${objectLiteral(properties, INDENT)});`];
    for (const alias of aliases ?? []) lines.push(`${INDENT}${variable}.addAlias(${tsString(alias)});`);
    return lines.join('\n');
  }

  private common(entity: SeedUser | SeedGroup | SeedResource): Array<[string, string | undefined]> {
    return [['organization', 'organization'], ['name', tsString(entity.name)]];
  }

  private user(user: SeedUser): string {
    return this.declaration(user.name, 'WorkMailUser', [
      ...this.common(user),
      ['displayName', user.displayName !== undefined && user.displayName !== user.name ? tsString(user.displayName) : undefined],
      ['email', optionalString(user.email)],
      ...DIRECTORY_ATTRIBUTES.map((key): [string, string | undefined] => [key, optionalString(user[key])]),
      ['hiddenFromAddressList', user.hiddenFromAddressList ? 'true' : undefined],
      // Passwords never leave WorkMail: an adopted user keeps the one it has.
      ['generatePassword', 'false'],
      ...ADOPTED,
    ], user.aliases);
  }

  private group(group: SeedGroup, deferred: ReadonlyArray<readonly [string, string]>): string {
    const later = new Set(deferred.filter(([g]) => g === group.name).map(([, member]) => member));
    const members = this.known(group.members).filter((member) => !later.has(member) && !sameName(member, group.name));
    if ((group.members ?? []).some((member) => sameName(member, group.name))) {
      this.notMapped.push(`group '${group.name}': lists itself as a member, which a group cannot be (left out)`);
    }
    return this.declaration(group.name, 'WorkMailGroup', [
      ...this.common(group),
      ['email', optionalString(group.email)],
      ['hiddenFromAddressList', group.hiddenFromAddressList ? 'true' : undefined],
      ['members', members.length > 0 ? this.list(members) : undefined],
      ...ADOPTED,
    ], group.aliases);
  }

  private resource(resource: SeedResource): string {
    this.constructs.add('BookableResourceType');
    const booking = seedBookingOptions(resource.bookingOptions);
    const delegates = this.known(resource.delegates);
    const autoAccept = booking.autoAcceptRequests;
    // WorkMail refuses auto-accept off on a resource without a delegate, and the construct checks it
    // at synth: such a resource (which the service should not hold) keeps its live flag unmanaged.
    const unmanagedAutoAccept = !autoAccept && delegates.length === 0;
    if (unmanagedAutoAccept) {
      this.notMapped.push(`resource '${resource.name}': auto-accept is off but it has no delegate, which WorkMail requires; `
        + 'autoAcceptRequests is left out (not managed) so that the app synthesizes');
    }
    const bookingOptions = [
      ...(unmanagedAutoAccept ? [] : [`autoAcceptRequests: ${autoAccept}`]),
      `autoDeclineRecurringRequests: ${booking.autoDeclineRecurringRequests}`,
      `autoDeclineConflictingRequests: ${booking.autoDeclineConflictingRequests}`,
    ];
    const statement = this.declaration(resource.name, 'WorkMailResource', [
      ...this.common(resource),
      ['type', `BookableResourceType.${resource.type}`],
      ['description', optionalString(resource.description)],
      ['email', optionalString(resource.email)],
      ['hiddenFromAddressList', resource.hiddenFromAddressList ? 'true' : undefined],
      ['bookingOptions', `{ ${bookingOptions.join(', ')} }`],
      ['delegates', delegates.length > 0 ? this.list(delegates) : undefined],
      ...ADOPTED,
    ], resource.aliases);
    if (!unmanagedAutoAccept) return statement;
    return `${INDENT}// NOTE: auto-accept is off but the resource has no delegate, which WorkMail requires (and this construct checks at\n`
      + `${INDENT}// synth): autoAcceptRequests is left unmanaged. Declare a delegate, then autoAcceptRequests: false.\n${statement}`;
  }

  /** `mailbox.grantMailboxPermissions(grantee, MailboxPermission.X, ...);` per grant of a known grantee, with known values. */
  private grants(kind: string, mailbox: SeedUser | SeedResource): string[] {
    const statements: string[] = [];
    for (const grant of mailbox.permissions ?? []) {
      if (!this.known([grant.grantee]).length || sameName(grant.grantee, mailbox.name)) continue;
      const unknown = grant.permissions.filter((p) => !(MAILBOX_PERMISSION_VALUES as readonly string[]).includes(p));
      if (unknown.length > 0) {
        this.notMapped.push(`${kind} '${mailbox.name}': ${unknown.join(', ')} granted to '${grant.grantee}' is not a MailboxPermission (left out)`);
      }
      const values = grant.permissions.filter((p) => !unknown.includes(p));
      if (values.length === 0) continue;
      this.constructs.add('MailboxPermission');
      const args = [this.variable(grant.grantee), ...values.map((p) => `MailboxPermission.${p}`)];
      statements.push(`${INDENT}${this.variable(mailbox.name)}.grantMailboxPermissions(${args.join(', ')});`);
    }
    return statements;
  }

  /** `[a, b]` on one line, or one reference a line when that gets long. */
  private list(names: readonly string[]): string {
    const variables = names.map((name) => this.variable(name));
    const oneLine = `[${variables.join(', ')}]`;
    if (oneLine.length <= 100) return oneLine;
    return `[\n${variables.map((v) => `${INDENT}    ${v},`).join('\n')}\n${INDENT}  ]`;
  }

  /**
   * Groups in an order where each group's members of this stack come first (names order otherwise),
   * and the memberships that close a cycle, added after every group exists.
   */
  private groupOrder(groups: readonly SeedGroup[]): { ordered: SeedGroup[]; deferred: Array<[string, string]> } {
    const here = new Map(groups.map((group) => [group.name.toLowerCase(), group]));
    const state = new Map<string, 'visiting' | 'done'>();
    const ordered: SeedGroup[] = [];
    const deferred: Array<[string, string]> = [];
    const visit = (group: SeedGroup) => {
      state.set(group.name.toLowerCase(), 'visiting');
      for (const member of group.members ?? []) {
        const inner = here.get(member.toLowerCase());
        if (!inner || inner === group) continue;
        const seen = state.get(member.toLowerCase());
        if (seen === 'visiting') deferred.push([group.name, member]);
        else if (seen === undefined) visit(inner);
      }
      state.set(group.name.toLowerCase(), 'done');
      ordered.push(group);
    };
    for (const group of groups) if (!state.has(group.name.toLowerCase())) visit(group);
    return { ordered, deferred };
  }
}

const optionalString = (value: string | undefined) => (value === undefined ? undefined : tsString(value));
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
