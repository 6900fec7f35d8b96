import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { WorkMailOrganization, WorkMailUser } from '../src';

/** The organization the example (and the demo's emulator seed) uses. */
export const EXAMPLE_ORGANIZATION_ID = 'm-0123456789abcdef0123456789abcdef';
export const EXAMPLE_DOMAIN = 'acme.example.com';

export interface ExampleStackProps extends StackProps {
  readonly organizationId?: string;
  /** The team's display names, as a reviewer would change them in a pull request. */
  readonly displayNames?: Record<string, string>;
}

/**
 * A few mailboxes of one organization, declared as code.
 */
export class ExampleStack extends Stack {
  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props);

    const organization = WorkMailOrganization.fromOrganizationId(this, 'Acme', props.organizationId ?? EXAMPLE_ORGANIZATION_ID);
    const displayName = (name: string, fallback: string) => props.displayNames?.[name] ?? fallback;

    new WorkMailUser(this, 'Alice', {
      organization,
      name: 'alice',
      displayName: displayName('alice', 'Alice Liddell'),
      email: `alice@${EXAMPLE_DOMAIN}`,
    });
    new WorkMailUser(this, 'Bob', {
      organization,
      name: 'bob',
      displayName: displayName('bob', 'Bob Builder'),
      email: `bob@${EXAMPLE_DOMAIN}`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A directory user without a mailbox (not registered to WorkMail).
    new WorkMailUser(this, 'Carol', {
      organization,
      name: 'carol',
      displayName: displayName('carol', 'Carol Service Account'),
      removalPolicy: RemovalPolicy.DESTROY,
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
