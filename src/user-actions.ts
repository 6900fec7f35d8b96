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
