/** `cdk-workmail plan`'s public shapes: what it is asked, and the plan it gives back. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { WorkMailClient } from '@aws-sdk/client-workmail';

/** What the deployment does with one entity or set, as the handler would take it. */
export type PlanActionName = 'create' | 'adopt' | 'update' | 'replace' | 'delete' | 'retain';

/** What a plan is about: a mail entity, an entity's alias set, one delegation, or an organization lookup (only when it fails). */
export type PlanKind = 'user' | 'group' | 'resource' | 'aliases' | 'delegate' | 'permissions' | 'organization';

/** One field's change; `from` undefined: nothing there yet (a member added), `to` undefined: nothing left (removed, cleared). */
export interface PlanChange {
  /** The construct property: `displayName`, `members`, `aliases`, `bookingOptions.autoAcceptRequests`, … */
  readonly field: string;
  readonly from?: string;
  readonly to?: string;
  /** The live value differs from what was deployed (changed by hand): the deployment puts it back. */
  readonly drift?: boolean;
}

export interface PlanAction {
  readonly action: PlanActionName;
  readonly kind: PlanKind;
  /** The entity's name (for a set: its entity's), else its logical id in brackets. */
  readonly name: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly changes: PlanChange[];
  /** Why: the address of a new mailbox, what forces a replacement, what becomes of an entity that leaves. */
  readonly reason: string;
  /** The deployment would fail here, with this message (what the handler would answer). */
  readonly failure?: string;
  /** A mailbox (a user's or a resource's) and its mail are deleted: it leaves the stack, or is replaced, and is not kept. */
  readonly destroysMailbox?: true;
}

export type PlanSummary = Readonly<Record<PlanActionName | 'unchanged' | 'failing', number>>;

export interface PlanReport {
  /** Destructive actions first (replace, delete), then by stack, kind and name. */
  readonly actions: PlanAction[];
  readonly summary: PlanSummary;
  /** The stacks planned, in the app's order. */
  readonly stacks: string[];
}

/** Where the deployed stack is read from. */
export type DeployedSource =
  /** CloudFormation's current template and physical ids (GetTemplate, DescribeStackResources). */
  | { readonly cloudFormation: CloudFormationClient }
  /** The local runner's state file, of an app deployed into the emulator. */
  | { readonly stateFile: string };

export interface PlanOptions {
  /** Read-only: only List*, Describe* and Get* are sent. */
  readonly client: WorkMailClient;
  readonly appDir: string;
  readonly stackName?: string;
  readonly deployed: DeployedSource;
  readonly concurrency?: number;
  readonly progress?: (line: string) => void;
}
