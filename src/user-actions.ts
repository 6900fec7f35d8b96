/** WorkMail actions the handler calls for users (IAM action names without the service prefix). */
export const USER_ACTIONS = [
  'CreateUser',
  'DescribeUser',
  'ListUsers',
  'UpdateUser',
  'RegisterToWorkMail',
  'DeregisterFromWorkMail',
  'UpdatePrimaryEmailAddress',
  'ResetPassword',
  'DeleteUser',
];

/** The delete path, granted on every organization of the account and region (see WorkMailProvider.grantOrganization). */
export const USER_CLEANUP_ACTIONS = ['DescribeUser', 'DeregisterFromWorkMail', 'DeleteUser'];
