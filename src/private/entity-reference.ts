/**
 * How a member, delegate or alias set names an entity that lives in another nested stack
 * of the same spread, without one CloudFormation parameter per entity.
 *
 * CDK's own cross-stack reference makes one output in the entity's stack and one
 * parameter in each consuming stack per referenced attribute: a group of 500 members
 * would need 500 parameters (CloudFormation allows 200). Here the ids of a nested stack's
 * referenced entities travel in chunks instead: one output per chunk of ids joined by commas,
 * one parameter per chunk in each consumer (CDK's own reference, made once per chunk), and each
 * reference picks its id with `Fn::Select` from the split list.
 */
import { CfnOutput, Fn, Lazy, NestedStack, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { IWorkMailEntity } from '../entity';

/**
 * Ids per chunk. A parameter value may hold 4,096 bytes: 50 ids of up to 80 characters
 * (WorkMail's ids are GUIDs or `S-1-…`/`r-…` strings of 34 to about 60) fit with room to spare.
 */
export const IDS_PER_CHUNK = 50;

/** The ids a nested stack hands to its sibling stacks, in chunk outputs. */
class StackExports {
  private readonly entities: IWorkMailEntity[] = [];
  private readonly index = new Map<IWorkMailEntity, number>();
  private readonly chunks: string[] = [];

  constructor(private readonly stack: NestedStack) {}

  /** An expression that the consumer's stack resolves to the entity's id. */
  public reference(entity: IWorkMailEntity): string {
    let position = this.index.get(entity);
    if (position === undefined) {
      position = this.entities.length;
      this.entities.push(entity);
      this.index.set(entity, position);
    }
    const chunk = Math.floor(position / IDS_PER_CHUNK);
    return Fn.select(position % IDS_PER_CHUNK, Fn.split(',', this.chunk(chunk)));
  }

  /** The parent stack's view of chunk `n` (`Fn::GetAtt <nested stack>.Outputs.WorkMailEntityIds<n>`), made on first use. */
  private chunk(n: number): string {
    while (this.chunks.length <= n) {
      const i = this.chunks.length;
      const output = new CfnOutput(this.stack, `WorkMailEntityIds${i}`, {
        value: Lazy.string({
          produce: () => Fn.join(',', this.entities.slice(i * IDS_PER_CHUNK, (i + 1) * IDS_PER_CHUNK).map((e) => e.entityId)),
        }),
      });
      output.overrideLogicalId(`WorkMailEntityIds${i}`);
      this.chunks.push(Token.asString(this.stack.nestedStackResource!.getAtt(`Outputs.WorkMailEntityIds${i}`)));
    }
    return this.chunks[n];
  }
}

interface SpreadMembership {
  /** The stacks that may use chunked references to each other: the spread's nested stacks and their parent. */
  readonly peers: ReadonlySet<Stack>;
  readonly exports: StackExports;
  /** Where the spread keeps the permission set of a mailbox named so. */
  readonly permissionScope: (mailboxName: string) => IConstruct;
}

const spreadStacks = new WeakMap<Stack, SpreadMembership>();

/** Entities of `stack` are referenced from `peers` through chunked outputs. */
export function registerSpreadStack(stack: NestedStack, peers: ReadonlySet<Stack>, permissionScope: (mailboxName: string) => IConstruct): void {
  spreadStacks.set(stack, { peers, exports: new StackExports(stack), permissionScope });
}

/** The id of `entity` as `consumer` (a member list, a delegate list, an alias set) must write it. */
export function entityIdIn(consumer: IConstruct, entity: IWorkMailEntity): string {
  const source = Stack.of(entity);
  const target = Stack.of(consumer);
  const spread = spreadStacks.get(source);
  if (spread === undefined || source === target || !spread.peers.has(target) || !Token.isUnresolved(entity.entityId)) {
    return entity.entityId;
  }
  return spread.exports.reference(entity);
}

/** Where the spread that `stack` belongs to keeps the permission set of the mailbox named `mailboxName`; undefined outside a spread. */
export function spreadPermissionScope(stack: Stack, mailboxName: string): IConstruct | undefined {
  return spreadStacks.get(stack)?.permissionScope(mailboxName);
}
