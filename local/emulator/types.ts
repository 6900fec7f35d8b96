/** Public types of the emulator. Kept in one module so that index.ts can re-export them unchanged. */
import type { BehaviourOptions } from './behaviour';
import type { EmulatorClock } from './clock';
import type { ExportJobOptions } from './export/jobs';

export interface SeedOrganization {
  readonly id: string;
  readonly alias: string;
  readonly defaultMailDomain: string;
  /** Verified domains. */
  readonly domains: string[];
  /**
   * Domains added to the organization but not verified (yet): an address in one of them answers
   * MailDomainStateException. Optional, default none.
   */
  readonly unverifiedDomains?: string[];
  /**
   * Defaults to `Active`. Any value other than `Active` or `Synchronizing` makes most operations answer
   * OrganizationStateException.
   */
  readonly state?: string;
  /** Users of the organization, created in this order. Optional, default none. */
  readonly users?: SeedUser[];
  /** Groups, created after the users, in this order; members by name. Optional, default none. */
  readonly groups?: SeedGroup[];
  /** Rooms and equipment, created after the groups, in this order; delegates by name. Optional, default none. */
  readonly resources?: SeedResource[];
  /**
   * What GetMailDomain answers for each domain (of `domains` or `unverifiedDomains`). Optional: a domain left out
   * gets WorkMail's usual records and a status after its list (VERIFIED, or PENDING when unverified). Which
   * addresses are accepted still follows the two lists, whatever status is given here.
   */
  readonly mailDomains?: SeedMailDomain[];
}

export type DnsRecordVerificationStatus = 'PENDING' | 'VERIFIED' | 'FAILED';

/** One of GetMailDomain's Records. */
export interface SeedDnsRecord {
  /** MX, CNAME, TXT, ... */
  readonly type: string;
  readonly hostname: string;
  readonly value: string;
}

/** GetMailDomain's answer, its members camel-cased. */
export interface SeedMailDomain {
  readonly domainName: string;
  /** Must agree with the organization's defaultMailDomain; default: whether it is that domain. */
  readonly isDefault?: boolean;
  /** Default: whether the domain ends in .awsapps.com (the test domain WorkMail gives every organization). */
  readonly isTestDomain?: boolean;
  readonly ownershipVerificationStatus?: DnsRecordVerificationStatus;
  readonly dkimVerificationStatus?: DnsRecordVerificationStatus;
  /** Default: the records WorkMail asks for (verification TXT, MX, autodiscover, 3 DKIM CNAMEs, SPF, DMARC). */
  readonly records?: SeedDnsRecord[];
}

/**
 * What every seeded user, group and resource may have. With `email` the entity is ENABLED with that
 * primary address, without it DISABLED; `aliases` need an `email`.
 */
export interface SeedMailEntity {
  readonly name: string;
  readonly email?: string;
  /** Addresses other than the primary one. */
  readonly aliases?: string[];
  /** HiddenFromGlobalAddressList; default false. */
  readonly hiddenFromAddressList?: boolean;
}

/** One grantee's permissions on a mailbox. */
export interface SeedGrant {
  /** Name of a user, group or resource of the same organization, other than the mailbox. */
  readonly grantee: string;
  /** At least one of FULL_ACCESS, SEND_AS, SEND_ON_BEHALF. */
  readonly permissions: string[];
}

/** A seeded user: no password, role USER. The directory attributes are named like the API's members, camel-cased. */
export interface SeedUser extends SeedMailEntity {
  /** Default: the name. */
  readonly displayName?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly initials?: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly company?: string;
  readonly office?: string;
  readonly street?: string;
  readonly city?: string;
  readonly zipCode?: string;
  readonly country?: string;
  readonly telephone?: string;
  /** GetMailboxDetails' MailboxQuota in MB; needs an email. Default 51200 (WorkMail's 50 GB). */
  readonly mailboxQuota?: number;
  /** GetMailboxDetails' MailboxSize in MB; needs an email. Default 0. */
  readonly mailboxSize?: number;
  /** Who may use the mailbox (ListMailboxPermissions), each grantee once; needs an email. Default none. */
  readonly permissions?: SeedGrant[];
}

export interface SeedGroup extends SeedMailEntity {
  /** Names of users and groups of the same organization. */
  readonly members?: string[];
}

/** Defaults: those of a new resource (auto-accept and decline conflicting requests on, decline recurring requests off). */
export interface SeedBookingOptions {
  readonly autoAcceptRequests?: boolean;
  readonly autoDeclineRecurringRequests?: boolean;
  readonly autoDeclineConflictingRequests?: boolean;
}

export interface SeedResource extends SeedMailEntity {
  readonly type: ResourceType;
  /** 1-64 characters. */
  readonly description?: string;
  readonly bookingOptions?: SeedBookingOptions;
  /** Names of users and groups of the same organization. */
  readonly delegates?: string[];
  /** Who may use the mailbox (ListMailboxPermissions), each grantee once; needs an email. Default none. */
  readonly permissions?: SeedGrant[];
}

export interface EmulatorSeed {
  readonly organizations: SeedOrganization[];
}

export interface FaultOptions {
  /** 0..1: share of requests answered 400 ThrottlingException (nothing is done). */
  readonly throttleRate?: number;
  /** 0..1: share of requests answered 500 InternalFailure before doing anything. */
  readonly serverErrorRate?: number;
  /** 0..1: share of requests that are performed, then answered 500 InternalFailure. */
  readonly lostResponseRate?: number;
  /** Fixed delay before each request is handled. */
  readonly latencyMs?: number;
  /** Up to this much more delay, drawn per request (from its own PRNG, so the other faults' sequence stays the seed's): requests overtake each other. */
  readonly latencyJitterMs?: number;
  /** For this long after DeregisterFromWorkMail, deleting that entity answers EntityStateException. */
  readonly consistencyDelayMs?: number;
  /** Seed of the PRNG behind the rates; the same seed gives the same sequence of faults. */
  readonly seed?: number;
  /**
   * Changes of a group's members, a resource's delegates and an entity's aliases are read-modify-write:
   * the list is read when the request arrives and written back with the one change after the latency,
   * so concurrent changes of one list may lose all but one (as the service may).
   */
  readonly racyWrites?: boolean;
}

/** How many faults of each kind were injected since the emulator started (`setFaults` does not reset them). */
export interface FaultCounts {
  /** ThrottlingException answers (throttleRate). */
  readonly throttled: number;
  /** HTTP 500 answers before doing anything (serverErrorRate). */
  readonly serverErrors: number;
  /** Operations performed, then answered HTTP 500 (lostResponseRate and loseNextResponse). */
  readonly lostResponses: number;
  /** Errors queued with failNext. */
  readonly queuedFailures: number;
}

/** A request rate per organization, enforced as a token bucket. */
export interface RateLimitOptions {
  /** Tokens added per second (the sustained rate), > 0. */
  readonly requestsPerSecond: number;
  /** Bucket size: requests that may arrive at once. Default: one second's worth (at least 1). */
  readonly burst?: number;
}

export interface EmulatorOptions {
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default: one organization `acme` with the domain `acme.example.com`. */
  readonly seed?: EmulatorSeed;
  readonly faults?: FaultOptions;
  /**
   * Operations the caller may use, as an IAM policy would allow them; any other answers
   * AccessDeniedException (HTTP 400) without doing anything. Default: every operation.
   */
  readonly allowedOperations?: readonly string[];
  /**
   * The emulator's time source (dates it returns, mailbox export jobs and their 24-hour window). Default: a clock
   * at the real time that tests can move forward (`createClock()`).
   */
  readonly clock?: EmulatorClock;
  /**
   * S3 endpoint (e.g. a local S3 server, path-style, dummy credentials) that mailbox export jobs write their zip and
   * log to. Without it, jobs end FAILED saying that the emulator has no S3 endpoint.
   */
  readonly s3Endpoint?: string;
  /** Durations, message counts and limits of mailbox export jobs. */
  readonly exportJobs?: ExportJobOptions;
  /**
   * Throttle above this rate per organization (requests naming no organization share one bucket):
   * a request beyond it answers ThrottlingException (HTTP 400) without doing anything. Default: no limit.
   */
  readonly rateLimit?: RateLimitOptions;
  /**
   * Answers where the service is undocumented (`{"<question>": "<answer>"}`, see behaviour.ts); every question
   * left out keeps its default. An unknown question or answer throws a BehaviourError.
   */
  readonly behaviour?: BehaviourOptions;
}

/** `failExportJob` options. */
export interface FailExportJobOptions {
  /** The organization of the entity; needed only when its name or address is in more than one. */
  readonly organizationId?: string;
  /** Write the first half of the zip (and no log) before failing. Default false: nothing is written. */
  readonly partialObject?: boolean;
}

/** A call as `GET /_emulator/calls` lists it. */
export interface CallRecordJson {
  readonly operation: string;
  /** 0 while the request is still being answered. */
  readonly status: number;
  /** The error name, or null on success. */
  readonly error: string | null;
}

export interface CallRecord {
  readonly operation: string;
  readonly status: number;
  readonly errorName?: string;
}

export type EntityState = 'ENABLED' | 'DISABLED' | 'DELETED';
export type MemberType = 'USER' | 'GROUP';
export type ResourceType = 'ROOM' | 'EQUIPMENT';
export type UserRole = 'USER' | 'RESOURCE' | 'SYSTEM_USER' | 'REMOTE_USER';

export interface SnapshotMember {
  readonly id: string;
  readonly type: MemberType;
}

export interface SnapshotBookingOptions {
  readonly autoAcceptRequests: boolean;
  readonly autoDeclineRecurringRequests: boolean;
  readonly autoDeclineConflictingRequests: boolean;
}

/** One grantee's permissions on a mailbox, by the grantee's id. */
export interface SnapshotGrant {
  readonly granteeId: string;
  readonly permissions: string[];
}

/** Dates are ISO 8601 strings. `aliases` never contains the primary address. */
export interface SnapshotUser {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly email?: string;
  readonly state: EntityState;
  readonly aliases: string[];
  readonly role: UserRole;
  /** Who may use the mailbox; absent when nobody. */
  readonly permissions?: SnapshotGrant[];
  readonly firstName?: string;
  readonly lastName?: string;
  readonly hiddenFromGlobalAddressList: boolean;
  readonly enabledDate?: string;
  readonly disabledDate?: string;
  /** Whether a password is set; the password itself is never exposed. */
  readonly hasPassword: boolean;
  /** The other directory attributes set by UpdateUser (Initials, Telephone, ...), by their API member name. */
  readonly attributes: { readonly [member: string]: string };
  readonly identityProviderUserId?: string;
  /** In MB; present while the user is ENABLED (has a mailbox). */
  readonly mailboxQuota?: number;
  readonly mailboxSize?: number;
}

export interface SnapshotGroup {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly state: EntityState;
  readonly aliases: string[];
  readonly members: SnapshotMember[];
  readonly hiddenFromGlobalAddressList: boolean;
  readonly enabledDate?: string;
  readonly disabledDate?: string;
}

export interface SnapshotResource {
  readonly id: string;
  readonly name: string;
  readonly type: ResourceType;
  readonly email?: string;
  readonly state: EntityState;
  readonly aliases: string[];
  readonly bookingOptions: SnapshotBookingOptions;
  readonly delegates: SnapshotMember[];
  /** Who may use the mailbox; absent when nobody. */
  readonly permissions?: SnapshotGrant[];
  readonly description?: string;
  readonly hiddenFromGlobalAddressList: boolean;
  readonly enabledDate?: string;
  readonly disabledDate?: string;
}

export interface SnapshotOrganization {
  readonly id: string;
  readonly alias: string;
  readonly state: string;
  readonly defaultMailDomain: string;
  readonly domains: string[];
  /** Present only when the seed has unverified domains. */
  readonly unverifiedDomains?: string[];
  /** Every domain's GetMailDomain answer, defaults filled in, in the order of domains then unverifiedDomains. */
  readonly mailDomains: Required<SeedMailDomain>[];
  readonly users: SnapshotUser[];
  readonly groups: SnapshotGroup[];
  readonly resources: SnapshotResource[];
}

export interface EmulatorSnapshot {
  readonly organizations: SnapshotOrganization[];
}

export interface RunningEmulator {
  /** 'http://127.0.0.1:<port>' */
  readonly endpoint: string;
  readonly port: number;
  /** Every request in order of arrival (status is filled in when it is answered). */
  readonly calls: CallRecord[];
  /** The emulator's clock: `advance(ms)` and `set(date)` move it (and the export jobs with it). */
  readonly clock: EmulatorClock;
  resetCalls(): void;
  /** Replaces all fault options and reseeds the PRNG (seed defaults to 1). */
  setFaults(faults: FaultOptions): void;
  /** How many faults of each kind were injected since the emulator started (`GET /_emulator/faults` answers the same). */
  faultCounts(): FaultCounts;
  /** Replaces the per-organization rate limit (undefined: none); buckets start full. */
  setRateLimit(limit: RateLimitOptions | undefined): void;
  /** Only these operations are allowed from now on (undefined: all); others answer AccessDeniedException. */
  setAllowedOperations(operations: readonly string[] | undefined): void;
  /** The next `count` calls of `operation` fail with `errorName` without doing anything. */
  failNext(operation: string, errorName: string, count?: number): void;
  /** The next `count` calls of `operation` are performed, then answered 500 InternalFailure. */
  loseNextResponse(operation: string, count?: number): void;
  /** Forgets the failures and lost responses still queued by failNext and loseNextResponse. */
  clearQueuedFaults(): void;
  /** A plain JSON copy of the whole state. */
  snapshot(): EmulatorSnapshot;
  /**
   * The current state in the seed shape (`GET /_emulator/state` answers the same): a seed that starts an
   * emulator in this state, less what a seed cannot hold (ids, dates, passwords, roles, DELETED entities).
   */
  seed(): EmulatorSeed;
  /** Test hook: whether `password` is the user's password. Never exposes the password. */
  checkPassword(organizationId: string, userId: string, password: string): boolean;
  /**
   * The next export job of that mailbox to end (its RUNNING job, else the next one started) ends FAILED with
   * `errorInfo`. `entity`: an entity id, name or primary address. Throws when no such entity exists.
   */
  failExportJob(entity: string, errorInfo: string, options?: FailExportJobOptions): void;
  /** Resolves once every export job whose time is up has written its objects and ended. */
  exportJobsSettled(): Promise<void>;
  close(): Promise<void>;
}
