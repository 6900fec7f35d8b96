/** Error shapes of the service, the HTTP status each is answered with, and which errors each operation may return. */

export class WorkMailError extends Error {
  public readonly errorName: string;
  public readonly status: number;
  /** An error the model does not list for the operation, answered because the selected behaviour says so. */
  public readonly chosenByBehaviour: boolean;

  constructor(errorName: string, message: string, status?: number, chosenByBehaviour = false) {
    super(message);
    this.errorName = errorName;
    this.status = status ?? statusFor(errorName);
    this.chosenByBehaviour = chosenByBehaviour;
  }
}

/** Service faults are 5xx; every modelled error of these operations is 400. */
export function statusFor(errorName: string): number {
  switch (errorName) {
    case 'InternalFailure':
    case 'InternalServerError':
      return 500;
    case 'ServiceUnavailable':
    case 'ServiceUnavailableException':
      return 503;
    default:
      return 400;
  }
}

export const invalidParameter = (message: string) => new WorkMailError('InvalidParameterException', message);
export const entityNotFound = (message: string) => new WorkMailError('EntityNotFoundException', message);
export const entityState = (message: string) => new WorkMailError('EntityStateException', message);

/** The errors each operation may return: the @throws lists of the SDK, equal to the current service model. */
export const MODELLED_ERRORS: { readonly [operation: string]: readonly string[] } = {
  CreateUser: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'InvalidParameterException', 'InvalidPasswordException', 'NameAvailabilityException', 'OrganizationNotFoundException', 'OrganizationStateException', 'ReservedNameException', 'UnsupportedOperationException'],
  DescribeUser: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  DeleteUser: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  ListUsers: ['InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  UpdateUser: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  ResetPassword: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'InvalidPasswordException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  CreateGroup: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'InvalidParameterException', 'NameAvailabilityException', 'OrganizationNotFoundException', 'OrganizationStateException', 'ReservedNameException', 'UnsupportedOperationException'],
  DescribeGroup: ['EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  DeleteGroup: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  ListGroups: ['EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  UpdateGroup: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  AssociateMemberToGroup: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  DisassociateMemberFromGroup: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  ListGroupMembers: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  CreateResource: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'InvalidParameterException', 'NameAvailabilityException', 'OrganizationNotFoundException', 'OrganizationStateException', 'ReservedNameException', 'UnsupportedOperationException'],
  DescribeResource: ['EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  UpdateResource: ['DirectoryUnavailableException', 'EmailAddressInUseException', 'EntityNotFoundException', 'EntityStateException', 'InvalidConfigurationException', 'InvalidParameterException', 'MailDomainNotFoundException', 'MailDomainStateException', 'NameAvailabilityException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  DeleteResource: ['EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  ListResources: ['InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  AssociateDelegateToResource: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  DisassociateDelegateFromResource: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  ListResourceDelegates: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  CreateAlias: ['EmailAddressInUseException', 'EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'LimitExceededException', 'MailDomainNotFoundException', 'MailDomainStateException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  DeleteAlias: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  ListAliases: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  RegisterToWorkMail: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EmailAddressInUseException', 'EntityAlreadyRegisteredException', 'EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'MailDomainNotFoundException', 'MailDomainStateException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  DeregisterFromWorkMail: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  UpdatePrimaryEmailAddress: ['DirectoryServiceAuthenticationFailedException', 'DirectoryUnavailableException', 'EmailAddressInUseException', 'EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'MailDomainNotFoundException', 'MailDomainStateException', 'OrganizationNotFoundException', 'OrganizationStateException', 'UnsupportedOperationException'],
  DescribeOrganization: ['InvalidParameterException', 'OrganizationNotFoundException'],
  ListOrganizations: ['InvalidParameterException'],
  ListMailDomains: ['InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  StartMailboxExportJob: ['EntityNotFoundException', 'InvalidParameterException', 'LimitExceededException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  DescribeMailboxExportJob: ['EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  ListMailboxExportJobs: ['InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  CancelMailboxExportJob: ['EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  PutMailboxPermissions: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  DeleteMailboxPermissions: ['EntityNotFoundException', 'EntityStateException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  ListMailboxPermissions: ['EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  GetMailDomain: ['InvalidParameterException', 'MailDomainNotFoundException', 'OrganizationNotFoundException', 'OrganizationStateException'],
  GetMailboxDetails: ['EntityNotFoundException', 'InvalidParameterException', 'OrganizationNotFoundException', 'OrganizationStateException'],
};
