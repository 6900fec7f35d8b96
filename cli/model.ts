/**
 * What a scan of one organization yields, and what every export format and the drift check read:
 * the organization in the emulator's seed shape (members and delegates by name, DELETED entities and
 * system users left out), with the ids WorkMail gave each entity.
 */
import type { SeedOrganization } from '../local/emulator';

export type EntityKindName = 'user' | 'group' | 'resource';

/** A live entity's WorkMail id and kind. */
export interface ScannedId {
  readonly id: string;
  readonly kind: EntityKindName;
}

/** What the scan left out, and why (reported by every export). */
export interface SkippedEntities {
  /** Entities in state DELETED (WorkMail lists them for a while after a delete). */
  readonly deleted: number;
  /** Users whose role is SYSTEM_USER: the organization's own accounts, not people. */
  readonly systemUsers: number;
}

export interface OrganizationScan {
  /**
   * The organization in the seed shape: `users`, `groups` and `resources` always present and sorted by
   * name (case-insensitively), `aliases`/`members`/`delegates` sorted, `mailDomains` (GetMailDomain) sorted by
   * domain, each registered user's `mailboxQuota`/`mailboxSize` (GetMailboxDetails, MB), and each mailbox's `permissions`
   * (ListMailboxPermissions; only when it has some, by grantee name, sorted by grantee, values sorted), so the same organization always
   * gives the same value. `npm run emulator -- --seed` accepts it as it is.
   */
  readonly organization: Required<Pick<SeedOrganization, 'users' | 'groups' | 'resources'>> & SeedOrganization;
  /** Entity name, lower-cased (names are unique across kinds, ignoring case) → its id and kind. */
  readonly ids: ReadonlyMap<string, ScannedId>;
  readonly skipped: SkippedEntities;
}
