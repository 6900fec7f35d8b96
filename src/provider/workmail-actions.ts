/**
 * The WorkMail actions the handler calls, per resource type: the one table the
 * provider grants from and the tests allow in the emulator, so a missing grant
 * fails a test here instead of a deployment in AWS.
 *
 * Internal: not exported from the package's index.
 */
import { WorkMailResourceType, WorkMailResourceTypeName } from './resource-properties';

/** The mail lifecycle every mail entity goes through (RegisterToWorkMail and friends take any entity). */
const MAIL_LIFECYCLE = ['RegisterToWorkMail', 'DeregisterFromWorkMail', 'UpdatePrimaryEmailAddress'];

/** IAM action names without the `workmail:` prefix. All but ListOrganizations authorize on the organization. */
export const WORKMAIL_ACTIONS: Readonly<Record<WorkMailResourceTypeName, readonly string[]>> = {
  [WorkMailResourceType.USER]: [
    'CreateUser', 'DescribeUser', 'ListUsers', 'UpdateUser', 'ResetPassword', 'DeleteUser', ...MAIL_LIFECYCLE,
  ],
  [WorkMailResourceType.GROUP]: [
    'CreateGroup', 'DescribeGroup', 'ListGroups', 'UpdateGroup', 'DeleteGroup', ...MAIL_LIFECYCLE,
    'ListGroupMembers', 'AssociateMemberToGroup', 'DisassociateMemberFromGroup',
  ],
  [WorkMailResourceType.RESOURCE]: [
    'CreateResource', 'DescribeResource', 'ListResources', 'UpdateResource', 'DeleteResource', ...MAIL_LIFECYCLE,
    'ListResourceDelegates', 'AssociateDelegateToResource', 'DisassociateDelegateFromResource',
  ],
  // The Describe* read the entity's primary address, which an alias set never touches.
  [WorkMailResourceType.ALIAS]: ['ListAliases', 'CreateAlias', 'DeleteAlias', 'DescribeUser', 'DescribeGroup', 'DescribeResource'],
  [WorkMailResourceType.DELEGATE]: ['ListResourceDelegates', 'AssociateDelegateToResource', 'DisassociateDelegateFromResource'],
  [WorkMailResourceType.MAILBOX_PERMISSIONS]: ['ListMailboxPermissions', 'PutMailboxPermissions', 'DeleteMailboxPermissions'],
  [WorkMailResourceType.ORGANIZATION]: ['ListOrganizations', 'DescribeOrganization'],
};

/** Actions the service authorizes on `*` rather than on an organization. */
export const ACCOUNT_LEVEL_ACTIONS: readonly string[] = ['ListOrganizations'];
