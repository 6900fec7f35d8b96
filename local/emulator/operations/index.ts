/** The operations the emulator implements, by their X-Amz-Target name. */
import { Operation } from './context';
import * as groups from './groups';
import * as mail from './mail';
import * as mailDetails from './mail-details';
import * as mailboxExport from './mailbox-export';
import * as mailboxPermissions from './mailbox-permissions';
import * as organizations from './organizations';
import * as resources from './resources';
import * as users from './users';

export const OPERATIONS: { readonly [name: string]: Operation } = {
  CreateUser: users.CreateUser,
  DescribeUser: users.DescribeUser,
  DeleteUser: users.DeleteUser,
  ListUsers: users.ListUsers,
  UpdateUser: users.UpdateUser,
  ResetPassword: users.ResetPassword,
  CreateGroup: groups.CreateGroup,
  DescribeGroup: groups.DescribeGroup,
  DeleteGroup: groups.DeleteGroup,
  ListGroups: groups.ListGroups,
  UpdateGroup: groups.UpdateGroup,
  AssociateMemberToGroup: groups.AssociateMemberToGroup,
  DisassociateMemberFromGroup: groups.DisassociateMemberFromGroup,
  ListGroupMembers: groups.ListGroupMembers,
  CreateResource: resources.CreateResource,
  DescribeResource: resources.DescribeResource,
  UpdateResource: resources.UpdateResource,
  DeleteResource: resources.DeleteResource,
  ListResources: resources.ListResources,
  AssociateDelegateToResource: resources.AssociateDelegateToResource,
  DisassociateDelegateFromResource: resources.DisassociateDelegateFromResource,
  ListResourceDelegates: resources.ListResourceDelegates,
  CreateAlias: mail.CreateAlias,
  DeleteAlias: mail.DeleteAlias,
  ListAliases: mail.ListAliases,
  RegisterToWorkMail: mail.RegisterToWorkMail,
  DeregisterFromWorkMail: mail.DeregisterFromWorkMail,
  UpdatePrimaryEmailAddress: mail.UpdatePrimaryEmailAddress,
  DescribeOrganization: organizations.DescribeOrganization,
  ListOrganizations: organizations.ListOrganizations,
  ListMailDomains: organizations.ListMailDomains,
  StartMailboxExportJob: mailboxExport.StartMailboxExportJob,
  DescribeMailboxExportJob: mailboxExport.DescribeMailboxExportJob,
  ListMailboxExportJobs: mailboxExport.ListMailboxExportJobs,
  CancelMailboxExportJob: mailboxExport.CancelMailboxExportJob,
  PutMailboxPermissions: mailboxPermissions.PutMailboxPermissions,
  DeleteMailboxPermissions: mailboxPermissions.DeleteMailboxPermissions,
  ListMailboxPermissions: mailboxPermissions.ListMailboxPermissions,
  GetMailDomain: mailDetails.GetMailDomain,
  GetMailboxDetails: mailDetails.GetMailboxDetails,
};

export type { Operation, OperationContext } from './context';
