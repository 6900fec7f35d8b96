/** Checks shared by what points at entities: members, delegates. */
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IWorkMailEntity } from '../entity';
import { IWorkMailOrganization } from '../organization';
import { fail } from '../validation';

/** Members and delegates must be of the same organization (when both ids are known at synth). */
export function checkSameOrganization(scope: Construct, organization: IWorkMailOrganization, entity: IWorkMailEntity, role: string): void {
  const mine = organization.organizationId;
  const theirs = entity.organization.organizationId;
  // A looked-up organization is only known at deploy time.
  if (Token.isUnresolved(mine) || Token.isUnresolved(theirs)) return;
  if (mine !== theirs) {
    fail(scope, `${entity.node.path} belongs to organization ${theirs}, not ${mine}: a ${role} must be of the same organization`);
  }
}
