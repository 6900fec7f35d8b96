/** CreateUser, DescribeUser, UpdateUser, ResetPassword, DeleteUser, ListUsers. */
import { invalidParameter, WorkMailError } from '../errors';
import { DIRECTORY_ATTRIBUTES, hashPassword, newGuid, UserEntity } from '../state';
import { UserRole } from '../types';
import {
  Body, ENTITY_IDENTIFIER, ENTITY_STATES, FILTER_STRING, IDENTITY_PROVIDER_USER_ID, IDENTITY_PROVIDER_USER_ID_FOR_UPDATE,
  IDENTITY_PROVIDER_USER_ID_PREFIX, optionalBoolean, optionalEnum, optionalString, organizationId, pageRequest, PASSWORD,
  requiredString, singleFilter, USER_ATTRIBUTE, USER_NAME, USER_ROLES, WORKMAIL_IDENTIFIER,
} from '../validation';
import {
  activeOrganization, checkNewName, deleteOperation, listed, prefixMatch, requireNotDeleted, resolveEntity, seconds, USER,
} from './common';
import { Operation, OperationContext } from './context';

const MIN_PASSWORD_LENGTH = 8;

/**
 * The emulator's password policy: at least 8 characters from at least 3 of the classes
 * lower case, upper case, digit, other. The message never contains the password.
 */
export function checkPasswordPolicy(password: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < MIN_PASSWORD_LENGTH || classes < 3) {
    throw new WorkMailError('InvalidPasswordException',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long and use 3 of: lower case, upper case, digits, symbols`);
  }
}

function assignableRole(body: Body): UserRole | undefined {
  const role = optionalEnum(body, 'Role', USER_ROLES);
  if (role === 'SYSTEM_USER' || role === 'RESOURCE') throw invalidParameter(`Role cannot be set to ${role}`);
  return role;
}

const asUser = (entity: unknown) => entity as UserEntity;

export const CreateUser: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const name = requiredString(body, 'Name', USER_NAME);
  const displayName = requiredString(body, 'DisplayName', USER_ATTRIBUTE);
  const password = optionalString(body, 'Password', PASSWORD);
  const role = assignableRole(body) ?? 'USER';
  const firstName = optionalString(body, 'FirstName', USER_ATTRIBUTE);
  const lastName = optionalString(body, 'LastName', USER_ATTRIBUTE);
  const hidden = optionalBoolean(body, 'HiddenFromGlobalAddressList') ?? false;
  const identityProviderUserId = optionalString(body, 'IdentityProviderUserId', IDENTITY_PROVIDER_USER_ID);
  const org = activeOrganization(ctx, orgId);
  checkNewName(org, name);
  if (password !== undefined) checkPasswordPolicy(password);
  const user = org.add<UserEntity>({
    kind: 'USER',
    id: newGuid(),
    seq: org.nextSeq(),
    name,
    displayName,
    state: 'DISABLED',
    aliases: [],
    hidden,
    role,
    firstName: firstName || undefined,
    lastName: lastName || undefined,
    attributes: {},
    identityProviderUserId,
    password: password === undefined ? undefined : hashPassword(password),
  });
  return { UserId: user.id };
};

export const DescribeUser: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const userId = requiredString(body, 'UserId', ENTITY_IDENTIFIER);
  const org = activeOrganization(ctx, orgId);
  const u = asUser(resolveEntity(org, userId, USER, 'id-name-or-email'));
  return {
    UserId: u.id,
    Name: u.name,
    Email: u.email,
    DisplayName: u.displayName,
    State: u.state,
    UserRole: u.role,
    EnabledDate: seconds(u.enabledDate),
    DisabledDate: seconds(u.disabledDate),
    MailboxProvisionedDate: seconds(u.mailboxProvisionedDate),
    MailboxDeprovisionedDate: seconds(u.mailboxDeprovisionedDate),
    FirstName: u.firstName,
    LastName: u.lastName,
    HiddenFromGlobalAddressList: u.hidden,
    ...u.attributes,
    IdentityProviderUserId: u.identityProviderUserId,
  };
};

/** Absent members are left alone; an empty string clears an attribute. */
export const UpdateUser: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const userId = requiredString(body, 'UserId', ENTITY_IDENTIFIER);
  const role = assignableRole(body);
  const displayName = optionalString(body, 'DisplayName', USER_ATTRIBUTE);
  const firstName = optionalString(body, 'FirstName', USER_ATTRIBUTE);
  const lastName = optionalString(body, 'LastName', USER_ATTRIBUTE);
  const hidden = optionalBoolean(body, 'HiddenFromGlobalAddressList');
  const attributes = DIRECTORY_ATTRIBUTES.map((member) => [member, optionalString(body, member, USER_ATTRIBUTE)] as const);
  const identityProviderUserId = optionalString(body, 'IdentityProviderUserId', IDENTITY_PROVIDER_USER_ID_FOR_UPDATE);
  const org = activeOrganization(ctx, orgId);
  const user = asUser(resolveEntity(org, userId, USER, 'id-name-or-email'));
  requireNotDeleted(user);
  if (role !== undefined) user.role = role;
  if (displayName !== undefined) user.displayName = displayName;
  if (firstName !== undefined) user.firstName = firstName || undefined;
  if (lastName !== undefined) user.lastName = lastName || undefined;
  if (hidden !== undefined) user.hidden = hidden;
  for (const [member, value] of attributes) {
    if (value === undefined) continue;
    if (value === '') delete user.attributes[member];
    else user.attributes[member] = value;
  }
  if (identityProviderUserId !== undefined) user.identityProviderUserId = identityProviderUserId || undefined;
  return {};
};

export const ResetPassword: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const userId = requiredString(body, 'UserId', WORKMAIL_IDENTIFIER);
  const password = requiredString(body, 'Password', PASSWORD);
  const org = activeOrganization(ctx, orgId);
  const user = asUser(resolveEntity(org, userId, USER, 'id'));
  requireNotDeleted(user);
  checkPasswordPolicy(password);
  user.password = hashPassword(password);
  return {};
};

export const DeleteUser: Operation = deleteOperation('UserId', USER);

export const ListUsers: Operation = (ctx: OperationContext, body) => {
  const orgId = organizationId(body);
  const page = pageRequest(body);
  const filters = singleFilter(body, ['UsernamePrefix', 'DisplayNamePrefix', 'PrimaryEmailPrefix', 'State', 'IdentityProviderUserIdPrefix']);
  const usernamePrefix = optionalString(filters, 'UsernamePrefix', FILTER_STRING, 'Filters.UsernamePrefix');
  const displayNamePrefix = optionalString(filters, 'DisplayNamePrefix', USER_ATTRIBUTE, 'Filters.DisplayNamePrefix');
  const emailPrefix = optionalString(filters, 'PrimaryEmailPrefix', FILTER_STRING, 'Filters.PrimaryEmailPrefix');
  const state = optionalEnum(filters, 'State', ENTITY_STATES, 'Filters.State');
  const idpPrefix = optionalString(filters, 'IdentityProviderUserIdPrefix', IDENTITY_PROVIDER_USER_ID_PREFIX, 'Filters.IdentityProviderUserIdPrefix');
  const org = activeOrganization(ctx, orgId);
  const users = (org.all(USER) as UserEntity[]).filter((u) => listed(ctx, u) && prefixMatch(u.name, usernamePrefix)
    && prefixMatch(u.displayName, displayNamePrefix)
    && prefixMatch(u.email, emailPrefix)
    && (state === undefined || u.state === state)
    && prefixMatch(u.identityProviderUserId, idpPrefix));
  const scope = JSON.stringify(['ListUsers', orgId, usernamePrefix, displayNamePrefix, emailPrefix, state, idpPrefix]);
  const result = ctx.paginator.page(users, (u) => u.seq, page, scope);
  return {
    Users: result.items.map((u) => ({
      Id: u.id,
      Email: u.email,
      Name: u.name,
      DisplayName: u.displayName,
      State: u.state,
      UserRole: u.role,
      EnabledDate: seconds(u.enabledDate),
      DisabledDate: seconds(u.disabledDate),
      IdentityProviderUserId: u.identityProviderUserId,
    })),
    NextToken: result.nextToken,
  };
};
