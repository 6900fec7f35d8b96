import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  BookableResourceType, MailboxPermission, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser,
} from '../src';

/** The organization the example (and the demo's emulator seed) uses. */
export const EXAMPLE_ORGANIZATION_ID = 'm-0123456789abcdef0123456789abcdef';
export const EXAMPLE_ORGANIZATION_ALIAS = 'acme';
export const EXAMPLE_DOMAIN = 'acme.example.com';

export interface ExampleStackProps extends StackProps {
  /** The alias the organization is looked up by. */
  readonly organizationAlias?: string;
  /** The team's display names, as a reviewer would change them in a pull request. */
  readonly displayNames?: Record<string, string>;
  /**
   * 2: the next reviewed change of every kind (attributes, members, booking options, delegates, aliases).
   */
  readonly revision?: 1 | 2;
  /** Applied to everything the stack makes; default: each entity's own (mailboxes are retained). */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An organization's people, teams, rooms and equipment, declared as code. The organization is
 * looked up by its alias; Dana's mailbox was made by hand before this stack and is taken over.
 */
export class ExampleStack extends Stack {
  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props);

    const organization = WorkMailOrganization.fromAlias(this, 'Acme', props.organizationAlias ?? EXAMPLE_ORGANIZATION_ALIAS);
    const displayName = (name: string, fallback: string) => props.displayNames?.[name] ?? fallback;
    const second = props.revision === 2;
    const removalPolicy = (own?: RemovalPolicy) => props.removalPolicy ?? own;

    const alice = new WorkMailUser(this, 'Alice', {
      organization,
      name: 'alice',
      displayName: displayName('alice', 'Alice Liddell'),
      email: `alice@${EXAMPLE_DOMAIN}`,
      firstName: 'Alice',
      lastName: 'Liddell',
      jobTitle: second ? 'Head of Exploration' : 'Explorer',
      department: 'Research',
      city: 'Oxford',
      country: 'United Kingdom',
      removalPolicy: removalPolicy(),
    });
    alice.addAlias(`a.liddell@${EXAMPLE_DOMAIN}`);
    if (second) alice.addAlias(`wonderland@${EXAMPLE_DOMAIN}`);

    const bob = new WorkMailUser(this, 'Bob', {
      organization,
      name: 'bob',
      displayName: displayName('bob', 'Bob Builder'),
      email: `bob@${EXAMPLE_DOMAIN}`,
      department: 'Facilities',
      removalPolicy: removalPolicy(RemovalPolicy.DESTROY),
    });
    // A directory user without a mailbox (not registered to WorkMail).
    const carol = new WorkMailUser(this, 'Carol', {
      organization,
      name: 'carol',
      displayName: displayName('carol', 'Carol Service Account'),
      removalPolicy: removalPolicy(RemovalPolicy.DESTROY),
    });
    // Made by hand before this stack: taken over, reconciled, never deleted by it (and no password generated).
    const dana = new WorkMailUser(this, 'Dana', {
      organization,
      name: 'dana',
      displayName: displayName('dana', 'Dana Scully'),
      email: `dana@${EXAMPLE_DOMAIN}`,
      adoptExisting: true,
    });

    const engineering = new WorkMailGroup(this, 'Engineering', {
      organization,
      name: 'engineering',
      email: `engineering@${EXAMPLE_DOMAIN}`,
      members: second ? [alice, dana] : [alice, bob],
      removalPolicy: removalPolicy(),
    });
    // Nested and exclusive: members added by hand in the console are removed at the next change.
    const everyone = new WorkMailGroup(this, 'AllStaff', {
      organization,
      name: 'all-staff',
      email: `all-staff@${EXAMPLE_DOMAIN}`,
      members: [engineering, carol, ...(second ? [bob] : [])],
      exclusiveMembers: true,
      removalPolicy: removalPolicy(),
    });
    everyone.addAlias(`everyone@${EXAMPLE_DOMAIN}`);

    // A shared mailbox: the engineering group reads and answers it as support; Alice may also send on its behalf.
    const support = new WorkMailUser(this, 'Support', {
      organization,
      name: 'support',
      displayName: displayName('support', 'Acme Support'),
      email: `support@${EXAMPLE_DOMAIN}`,
      removalPolicy: removalPolicy(RemovalPolicy.DESTROY),
    });
    support.grantMailboxPermissions(engineering, MailboxPermission.FULL_ACCESS, MailboxPermission.SEND_AS);
    const alicesAccess = second ? [MailboxPermission.FULL_ACCESS, MailboxPermission.SEND_ON_BEHALF] : [MailboxPermission.SEND_ON_BEHALF];
    support.grantMailboxPermissions(alice, ...alicesAccess);

    // Booking requests are decided by the engineering group (a group delegate), not accepted automatically.
    new WorkMailResource(this, 'Boardroom', {
      organization,
      name: 'boardroom',
      type: BookableResourceType.ROOM,
      description: second ? 'Second floor, 12 seats' : 'Second floor, 10 seats',
      email: `boardroom@${EXAMPLE_DOMAIN}`,
      bookingOptions: { autoAcceptRequests: false, autoDeclineRecurringRequests: !second, autoDeclineConflictingRequests: true },
      delegates: second ? [engineering, alice] : [engineering],
      removalPolicy: removalPolicy(),
    });
    new WorkMailResource(this, 'Projector', {
      organization,
      name: 'projector',
      type: BookableResourceType.EQUIPMENT,
      description: 'Portable projector',
      email: `projector@${EXAMPLE_DOMAIN}`,
      removalPolicy: removalPolicy(RemovalPolicy.DESTROY),
    });
  }
}

/** Builds the example app; `outdir` is where `app.synth()` writes the cloud assembly. */
export function buildExampleApp(outdir?: string, props?: ExampleStackProps): App {
  const app = new App({ outdir });
  new ExampleStack(app, 'WorkMailExample', props);
  return app;
}

if (require.main === module) {
  buildExampleApp().synth();
}
