/**
 * Which stack each entity of the organization goes to.
 *
 * An organization that fits in one stack gets one. A larger one gets stacks per kind (users, groups,
 * resources), each kind spread over N buckets by a hash of the entity's name, N a power of two chosen
 * from the kind's size. Why a hash and not chunks of the sorted names: adding or removing one entity
 * then changes only the stack it hashes to, where chunks would shift every later entity into another
 * stack; and when the kind grows enough to double N, every entity either stays or moves to one new
 * stack (bucket b of N becomes b or b + N of 2N), half of them at most.
 */
import { createHash } from 'crypto';
import type { SeedGroup, SeedResource, SeedUser } from '../../../local/emulator';
import type { OrganizationScan } from '../../model';

/** CloudFormation allows 500 resources a stack; this leaves room for growth and hand-written additions. */
export const MAX_RESOURCES_PER_STACK = 400;
/**
 * What every stack holds besides the entities, measured with a synth of a stack of every kind: the
 * provider's two functions, their two roles and two policies, a log group, and one policy per
 * organization and resource type (users, groups, resources, alias sets): 11, rounded up.
 */
export const FIXED_RESOURCES_PER_STACK = 12;
/** CloudFormation's limit for a template is 1 MB; the estimate below stays well under it. */
export const MAX_TEMPLATE_BYTES_PER_STACK = 600_000;
/** A kind is split into enough buckets that each is expected to hold about this many resources. */
const EXPECTED_RESOURCES_PER_BUCKET = 300;

export type StackPart = 'WorkMail' | 'Users' | 'Groups' | 'Resources';

export interface PlannedStack {
  readonly part: StackPart;
  /** 1..buckets when the kind is split, undefined otherwise. */
  readonly bucket?: number;
  readonly users: SeedUser[];
  readonly groups: SeedGroup[];
  readonly resources: SeedResource[];
  /** The CloudFormation resources its entities make (without the fixed ones). */
  readonly entityResources: number;
  readonly estimatedTemplateBytes: number;
}

/** The CloudFormation resources an adopted entity makes: itself, one alias set when it has aliases, one permission set when its mailbox has grants. */
export function resourcesOf(entity: { readonly aliases?: readonly string[]; readonly permissions?: readonly unknown[] }): number {
  return 1 + ((entity.aliases ?? []).length > 0 ? 1 : 0) + ((entity.permissions ?? []).length > 0 ? 1 : 0);
}

/**
 * A generous estimate of the template bytes an entity adds (measured: about 650 bytes per user
 * resource with five attributes, pretty-printed), its own text counted once more for references.
 */
export function estimatedBytesOf(entity: SeedUser | SeedGroup | SeedResource): number {
  const references = (entity.aliases ?? []).length + ('members' in entity ? entity.members ?? [] : []).length
    + ('delegates' in entity ? entity.delegates ?? [] : []).length + ('permissions' in entity ? entity.permissions ?? [] : []).length;
  return 1_200 * resourcesOf(entity) + 120 * references + 2 * JSON.stringify(entity).length;
}

const fits = (resources: number, bytes: number) =>
  resources + FIXED_RESOURCES_PER_STACK <= MAX_RESOURCES_PER_STACK && bytes <= MAX_TEMPLATE_BYTES_PER_STACK;

/** The stacks of the organization, in the order users, groups, resources (and buckets in order). */
export function planStacks(scan: OrganizationScan): PlannedStack[] {
  const { users, groups, resources } = scan.organization;
  const all = [...users, ...groups, ...resources];
  const total = sum(all.map(resourcesOf));
  if (fits(total, sum(all.map(estimatedBytesOf)))) {
    return [stackOf('WorkMail', undefined, users, groups, resources)];
  }
  return [
    ...splitKind(users, (bucket, items) => stackOf('Users', bucket, items, [], [])),
    ...splitKind(groups, (bucket, items) => stackOf('Groups', bucket, [], items, [])),
    ...splitKind(resources, (bucket, items) => stackOf('Resources', bucket, [], [], items)),
  ];
}

function splitKind<T extends SeedUser | SeedGroup | SeedResource>(
  entities: readonly T[], make: (bucket: number | undefined, items: T[]) => PlannedStack,
): PlannedStack[] {
  if (entities.length === 0) return [];
  const resources = sum(entities.map(resourcesOf));
  if (fits(resources, sum(entities.map(estimatedBytesOf)))) return [make(undefined, [...entities])];
  let count = 2;
  while (count < resources / EXPECTED_RESOURCES_PER_BUCKET) count *= 2;
  for (;;) {
    const buckets = Array.from({ length: count }, () => [] as T[]);
    for (const entity of entities) buckets[bucketOf(entity.name, count)].push(entity);
    if (buckets.every((items) => fits(sum(items.map(resourcesOf)), sum(items.map(estimatedBytesOf))))) {
      return buckets.flatMap((items, index) => (items.length === 0 ? [] : [make(index + 1, items)]));
    }
    count *= 2;
  }
}

/** The bucket of a name among `count` (a power of two): the first 32 bits of its SHA-256, lower-cased name. */
export function bucketOf(name: string, count: number): number {
  return createHash('sha256').update(name.toLowerCase(), 'utf8').digest().readUInt32BE(0) % count;
}

function stackOf(part: StackPart, bucket: number | undefined, users: SeedUser[], groups: SeedGroup[], resources: SeedResource[]): PlannedStack {
  const entities = [...users, ...groups, ...resources];
  return {
    part,
    bucket,
    users,
    groups,
    resources,
    entityResources: sum(entities.map(resourcesOf)),
    estimatedTemplateBytes: sum(entities.map(estimatedBytesOf)),
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
