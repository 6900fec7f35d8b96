import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IWorkMailOrganization, WorkMailOrganization } from '../../src';

export const ORG_ID = 'm-0123456789abcdef0123456789abcdef';
export const OTHER_ORG_ID = 'm-fedcba9876543210fedcba9876543210';
export const DOMAIN = 'acme.example.com';

export function newStack(env = true): { stack: Stack; organization: IWorkMailOrganization } {
  const stack = new Stack(new App(), 'Stack', env ? { env: { account: '111122223333', region: 'eu-west-1' } } : {});
  return { stack, organization: WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG_ID) };
}

/** The one resource of `type` whose logical id starts with `prefix`. */
export function resourceOf(template: Template, type: string, prefix: string): { id: string; resource: any } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return { id: found[0][0], resource: found[0][1] };
}

/** Logical ids of the IAM policies granting WorkMail actions, with their actions and resources. */
export function workmailPolicies(template: Template): { id: string; actions: string[]; resources: string }[] {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]: [string, any]) => {
    const statements = policy.Properties.PolicyDocument.Statement
      .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('workmail:')));
    if (statements.length === 0) return [];
    const actions = statements.flatMap((s: any) => [s.Action].flat()).sort();
    return [{ id, actions, resources: JSON.stringify(statements.map((s: any) => s.Resource)) }];
  });
}
