/**
 * What a campaign step declares: the app as plain data, from which the app builder makes the CDK app
 * and the model computes the state WorkMail must then hold. Members and delegates name other
 * declarations by key (the construct id), as construct references do.
 */

export type Removal = 'RETAIN' | 'DESTROY';

/** The user directory attributes, as WorkMailUser props (and the seed shape) name them. */
export const USER_ATTRIBUTES = [
  'firstName', 'lastName', 'initials', 'jobTitle', 'department', 'company', 'office', 'street', 'city', 'zipCode', 'country', 'telephone',
] as const;
export type UserAttribute = typeof USER_ATTRIBUTES[number];

export const BOOKING_FLAGS = ['autoAcceptRequests', 'autoDeclineRecurringRequests', 'autoDeclineConflictingRequests'] as const;
export type BookingFlag = typeof BOOKING_FLAGS[number];
export type Booking = Partial<Record<BookingFlag, boolean>>;

interface EntityDeclaration {
  /** The construct id: stable across steps, so a change of `name` is a rename of the same construct. */
  readonly key: string;
  readonly name: string;
  readonly email?: string;
  readonly enabled?: boolean;
  readonly hidden?: boolean;
  readonly aliases: readonly string[];
  readonly removal: Removal;
  readonly adopt: boolean;
}

export interface UserDeclaration extends EntityDeclaration {
  readonly kind: 'user';
  readonly displayName?: string;
  readonly attributes: Partial<Record<UserAttribute, string>>;
  /** A secret the app imports by name (its value comes from the runner's secrets file) instead of a generated one. */
  readonly passwordSecretName?: string;
}

export interface GroupDeclaration extends EntityDeclaration {
  readonly kind: 'group';
  /** Keys of users and of groups declared before this one (so there is no cycle). */
  readonly members: readonly string[];
  readonly exclusive: boolean;
}

export interface ResourceDeclaration extends EntityDeclaration {
  readonly kind: 'resource';
  readonly type: 'ROOM' | 'EQUIPMENT';
  readonly description?: string;
  readonly booking?: Booking;
  /** Keys of users and groups. */
  readonly delegates: readonly string[];
  readonly exclusive: boolean;
}

export type Declaration = UserDeclaration | GroupDeclaration | ResourceDeclaration;

/** The whole app: declarations in construct order (users, then groups, then resources). */
export interface AppDeclaration {
  readonly entities: readonly Declaration[];
}

export const EMPTY_APP: AppDeclaration = { entities: [] };

/** Whether the declaration registers its entity to WorkMail. */
export function registers(decl: Declaration): boolean {
  return decl.email !== undefined && decl.enabled !== false;
}

export function byKey(app: AppDeclaration): Map<string, Declaration> {
  return new Map(app.entities.map((d) => [d.key, d]));
}

/** A change that replaces the entity (a user's or group's name, a resource's type): a new entity, the old one removed. */
export function replaces(previous: Declaration, next: Declaration): boolean {
  if (previous.kind !== next.kind) return true;
  if (next.kind === 'resource') return (previous as ResourceDeclaration).type !== next.type;
  return previous.name !== next.name;
}
