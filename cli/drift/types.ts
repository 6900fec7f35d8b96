/**
 * The drift check's public shapes: what it is asked, and the report it gives back.
 */
import type { WorkMailClient } from '@aws-sdk/client-workmail';

export interface DriftOptions {
  /** A WorkMail client for the account and region the app deploys to; only List* and Describe* are sent. */
  readonly client: WorkMailClient;
  /** The synthesized app (`cdk.out`). */
  readonly appDir: string;
  /** One stack (its name, artifact id or display name); default: every stack of the app. */
  readonly stackName?: string;
  /** WorkMail calls in flight at once; default 4. */
  readonly concurrency?: number;
  /** Progress lines (for stderr). */
  readonly progress?: (line: string) => void;
}

/** The entity a row is about, e.g. `{ kind: 'user', name: 'alice' }`. */
export interface DriftEntity {
  readonly kind: 'organization' | 'user' | 'group' | 'resource';
  /** The declared name; for an entity whose name is not known without a deployed stack, its logical id in brackets. */
  readonly name: string;
}

/** One declared field that the live organization does not hold as declared. */
export interface DriftDifference {
  readonly stack: string;
  /** The custom resource that declares the field. */
  readonly logicalId: string;
  readonly entity: DriftEntity;
  /** The construct property, e.g. `displayName`, `members`, `bookingOptions.autoAcceptRequests`, or `exists`. */
  readonly field: string;
  /** As declared; undefined: nothing declared in that place (e.g. an extra member of an exclusive group). */
  readonly declared?: string;
  /** As WorkMail holds it; undefined: nothing there (a missing member, an unset attribute). */
  readonly live?: string;
}

/** A declared field the check could not compare, and why (a value known only to a deployed stack). */
export interface UncheckedField {
  readonly stack: string;
  readonly logicalId: string;
  readonly entity: DriftEntity;
  readonly field: string;
  readonly reason: string;
}

export interface DriftReport {
  /** Sorted by stack, entity kind, entity name, field, declared and live value. */
  readonly differences: DriftDifference[];
  /** Sorted like `differences`. */
  readonly unchecked: UncheckedField[];
  /** The stacks read, in the app's order. */
  readonly stacks: string[];
  /** How many WorkMail custom resources were compared (organization lookups included). */
  readonly resources: number;
}
