import { createHash } from 'crypto';
import { ArnFormat, NestedStack, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { WorkMailEntityType } from './entity';
import { WorkMailGroup, WorkMailGroupProps } from './group';
import { registerSpreadStack } from './private/entity-reference';
import { acknowledgeFindings, findingText } from './private/findings';
import { useParentProvider } from './private/provider-stack';
import { limitViolations, templateSize } from './private/stack-limits';
import { WorkMailProvider } from './provider/workmail-provider';
import { WorkMailResource, WorkMailResourceProps } from './resource';
import { WorkMailUser, WorkMailUserProps } from './user';
import { fail } from './validation';

/** Most nested stacks of one kind: the parent stack holds them all within its own 500 resources. */
const MAX_STACKS_PER_KIND = 128;

/**
 * Properties of a `WorkMailEntitySpread`.
 *
 * Each count is fixed for the life of the app: an entity's nested stack is a hash of its name
 * modulo the count, so changing a count moves entities between stacks (see the README).
 */
export interface WorkMailEntitySpreadProps {
  /**
   * How many nested stacks hold the users (with their password secrets and alias sets).
   * The default holds about 4,500 users with generated passwords and aliases.
   *
   * @default 32
   */
  readonly userStacks?: number;

  /**
   * How many nested stacks hold the groups (with their alias sets). A group that has a group of
   * another of these stacks as a member makes that stack a dependency of its own: keep the default
   * (one stack, about 240 groups with aliases) unless you have more groups, and then avoid group
   * nesting that goes both ways between two stacks (CDK reports such a cycle at synth).
   *
   * @default 1
   */
  readonly groupStacks?: number;

  /**
   * How many nested stacks hold the bookable resources (with their alias sets).
   *
   * @default 1
   */
  readonly resourceStacks?: number;

  /**
   * How many nested stacks hold the permission sets of the spread's mailboxes (`grantMailboxPermissions()`).
   * They reference the user, group and resource stacks and are referenced by none, so grants between
   * mailboxes of any two stacks never make stacks depend on each other in both directions.
   *
   * @default 1
   */
  readonly permissionStacks?: number;
}

interface KindLayout {
  readonly label: string;
  readonly stackId: string;
  readonly prop: keyof WorkMailEntitySpreadProps;
  readonly count: number;
}

/**
 * Spreads the users, groups and bookable resources of a large organization over nested stacks, so that
 * an organization of thousands of mailboxes is declared in one stack without counting resources.
 *
 * - **Stable placement**: an entity's nested stack is chosen from its kind and a hash of its name
 *   (ignoring case, as WorkMail does), never from the other entities: adding or removing entities never
 *   moves another one. A move would be a Delete in one stack and a Create in another: the Create meets
 *   the existing mailbox (and fails, or adopts it), the Delete of a `DESTROY` entity deletes the mailbox
 *   and its mail, and a generated password secret is replaced.
 * - **One provider**: the nested stacks share the WorkMail provider of the stack that holds the spread
 *   (its service token reaches them as a nested stack parameter, by CDK's own cross-stack reference), and
 *   its IAM grants stay in that stack.
 * - **Kinds apart**: users reference nothing, groups reference users and groups, resources reference users
 *   and groups, and mailbox permission sets reference any of them and are referenced by nothing, so stacks
 *   never depend on each other in both directions.
 * - **Chunked references**: a member or delegate in another nested stack is read from an output holding
 *   the ids of up to 50 entities, one parameter per chunk, so a group of 2,000 members needs about 40
 *   parameters rather than 2,000 (CloudFormation allows 200).
 * - **Checked at synth**: a nested stack that would exceed CloudFormation's limits (500 resources,
 *   200 parameters, 200 outputs, 1 MB of template) fails synthesis, saying what to do.
 */
export class WorkMailEntitySpread extends Construct {
  private readonly parentStack: Stack;
  private readonly layouts: Record<WorkMailEntityType, KindLayout>;
  private readonly permissionLayout: KindLayout;
  private readonly stacks = new Map<string, NestedStack>();
  /** The parent stack and every nested stack of this spread: they reference each other's entities by chunks. */
  private readonly peers = new Set<Stack>();

  constructor(scope: Construct, id: string, props: WorkMailEntitySpreadProps = {}) {
    super(scope, id);
    this.parentStack = Stack.of(this);
    this.peers.add(this.parentStack);
    const layout = (prop: keyof WorkMailEntitySpreadProps, label: string, stackId: string, fallback: number): KindLayout => {
      const count = props[prop] ?? fallback;
      if (!Number.isInteger(count) || count < 1 || count > MAX_STACKS_PER_KIND) {
        fail(this, `${prop} must be an integer from 1 to ${MAX_STACKS_PER_KIND}, got ${count}`);
      }
      return { label, stackId, prop, count };
    };
    this.layouts = {
      [WorkMailEntityType.USER]: layout('userStacks', 'users', 'Users', 32),
      [WorkMailEntityType.GROUP]: layout('groupStacks', 'groups', 'Groups', 1),
      [WorkMailEntityType.RESOURCE]: layout('resourceStacks', 'bookable resources', 'Resources', 1),
    };
    this.permissionLayout = layout('permissionStacks', 'mailbox permission sets', 'MailboxPermissions', 1);
    this.grantNestedStackStatus();
  }

  /** The nested stacks made so far (one per kind and hash bucket that holds an entity). */
  public get nestedStacks(): NestedStack[] {
    return [...this.stacks.values()];
  }

  /** Declare a user in the nested stack its name is placed in. */
  public addUser(id: string, props: WorkMailUserProps): WorkMailUser {
    return new WorkMailUser(this.scopeFor(WorkMailEntityType.USER, props.name), id, props);
  }

  /** Declare a group in the nested stack its name is placed in. */
  public addGroup(id: string, props: WorkMailGroupProps): WorkMailGroup {
    return new WorkMailGroup(this.scopeFor(WorkMailEntityType.GROUP, props.name), id, props);
  }

  /** Declare a bookable resource (room or equipment) in the nested stack its name is placed in. */
  public addResource(id: string, props: WorkMailResourceProps): WorkMailResource {
    return new WorkMailResource(this.scopeFor(WorkMailEntityType.RESOURCE, props.name), id, props);
  }

  /**
   * The nested stack that an entity of `entityType` named `name` belongs in: the scope to declare it
   * in when you construct it yourself (`new WorkMailUser(spread.scopeFor(WorkMailEntityType.USER, 'alice'), ...)`).
   * The same kind and name (ignoring case) always give the same stack.
   */
  public scopeFor(entityType: WorkMailEntityType, name: string): Construct {
    if (Token.isUnresolved(name)) {
      fail(this, `the name of a ${this.layouts[entityType].label.replace(/s$/, '')} placed by the spread must be known at synth, not a token`);
    }
    const layout = this.layouts[entityType];
    const bucket = createHash('sha256').update(name.toLowerCase()).digest().readUInt32BE(0) % layout.count;
    return this.stackFor(layout, bucket);
  }

  /** The nested stack that holds the permission set of the mailbox named `mailboxName` (placed like entities: by a hash of the name). */
  private permissionScopeFor(mailboxName: string): Construct {
    const layout = this.permissionLayout;
    const bucket = createHash('sha256').update(mailboxName.toLowerCase()).digest().readUInt32BE(0) % layout.count;
    return this.stackFor(layout, bucket);
  }

  private stackFor(layout: KindLayout, bucket: number): NestedStack {
    const id = `${layout.stackId}${bucket}`;
    const existing = this.stacks.get(id);
    if (existing) return existing;
    const stack = new NestedStack(this, id, {
      description: `cdk-workmail: WorkMail ${layout.label}, nested stack ${bucket + 1} of ${layout.count} of ${this.node.path}`,
    });
    useParentProvider(stack);
    registerSpreadStack(stack, this.peers, (mailboxName) => this.permissionScopeFor(mailboxName));
    this.peers.add(stack);
    this.stacks.set(id, stack);
    stack.node.addValidation({ validate: () => this.checkLimits(stack, layout) });
    return stack;
  }

  private checkLimits(stack: NestedStack, layout: KindLayout): string[] {
    const size = templateSize(stack);
    const over = size === undefined ? [] : limitViolations(size);
    if (over.length === 0) return [];
    return [`nested stack ${stack.node.id} of the ${layout.label} would hold ${over.join(' and ')}. `
      + `Entities are placed by a hash of their name modulo ${layout.prop}, so raising ${layout.prop} moves most of them to another `
      + 'nested stack (each move re-creates a mailbox): raise it only before the first deployment. Once deployed, make each entity '
      + 'smaller (e.g. passwords from one shared passwordSecret with a JSON field per user instead of a generated secret each) '
      + 'or declare further entities in another WorkMailEntitySpread.'];
  }

  /**
   * The handler asks its own stack's status on ambiguous rollback paths, and a nested stack's events carry
   * the nested stack's id: allow DescribeStacks on the nested stacks of the parent (named `<parent>-<id>-<suffix>`).
   */
  private grantNestedStackStatus(): void {
    const provider = WorkMailProvider.of(this.parentStack);
    const nestedStacks = this.parentStack.formatArn({
      service: 'cloudformation', resource: 'stack', resourceName: `${this.parentStack.stackName}-*/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    provider.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [nestedStacks] }));
    acknowledgeFindings(provider.handler.role!, {
      rule: 'IAM5',
      finding: `Resource::${findingText(this.parentStack, nestedStacks)}`,
      reason: 'Only DescribeStacks, on the nested stacks of this stack: the handler reads the status of the stack an event comes from.',
    });
  }
}
