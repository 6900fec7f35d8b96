/**
 * Custom::WorkMailUser as a mail entity: CreateUser with what it takes (name,
 * display name, first and last name, hidden, the password from its secret),
 * the other directory attributes right after with one UpdateUser, and on
 * update one UpdateUser with only the fields that differ. A password is set at
 * create and reset only when the declared secret changes; an adopted or
 * taken-back user's password is never touched.
 */
import {
  CreateUserCommand, DeleteUserCommand, DescribeUserCommand, DescribeUserCommandOutput, ResetPasswordCommand, UpdateUserCommand,
  UpdateUserRequest, User, paginateListUsers,
} from '@aws-sdk/client-workmail';
import { logDecision } from './decisions';
import { LiveEntityRef } from './entity-lifecycle';
import {
  MAIL_ENTITY_PROPERTIES, MailEntityDeclaration, MailEntityKind, describeOrUndefined, listedPages, managedValue, mailEntityReconciler,
  parseMailEntity, requireId,
} from './mail-entity';
import { HandlerDeps } from './reconciler';
import { StringShape, USER_ATTRIBUTE, USER_NAME } from '../../src/provider/api-shapes';
import { USER_DIRECTORY_ATTRIBUTES, UserDirectoryAttributes, UserResourceProperties } from '../../src/provider/resource-properties';
import { EntityRef, InvalidPropertyError } from '../errors';
import { PropertyNames, RawProperties, ResourceLabel, describeResource, propertyReader } from '../properties';

/** The declaration, parsed. */
export interface DesiredUser extends MailEntityDeclaration {
  readonly displayName: string;
  /** Undefined when no attribute is declared. */
  readonly attributes?: UserDirectoryAttributes;
  /** Undefined: the stack sets no password (an adopted or directory-integrated user). */
  readonly passwordSecretArn?: string;
  readonly passwordSecretField?: string;
}

const USER_PROPERTIES: PropertyNames<UserResourceProperties> = {
  ...MAIL_ENTITY_PROPERTIES,
  DisplayName: true,
  PasswordSecretArn: true,
  PasswordSecretField: true,
  FirstName: true,
  LastName: true,
  Initials: true,
  JobTitle: true,
  Department: true,
  Company: true,
  Office: true,
  Street: true,
  City: true,
  ZipCode: true,
  Country: true,
  Telephone: true,
};
/** Secrets Manager's SecretId: an ARN or a name, printable ASCII. */
const SECRET_ID: StringShape = { min: 1, max: 2048, pattern: /^[\x21-\x7e]+$/, rule: 'a Secrets Manager secret ARN or name' };
/** A JSON key of the secret; bounded so that a message naming it stays short. */
const SECRET_FIELD: StringShape = { max: 256 };

export function parseUser(props: RawProperties, label: ResourceLabel): DesiredUser {
  const read = propertyReader<UserResourceProperties>(props, label, USER_PROPERTIES);
  const mailEntity = parseMailEntity(read, label, 'user', USER_NAME);
  const declared = USER_DIRECTORY_ATTRIBUTES.flatMap((name) => {
    const value = read.optionalString(name, USER_ATTRIBUTE);
    return value === undefined ? [] : [[name, value] as const];
  });
  const desired: DesiredUser = {
    ...mailEntity,
    displayName: read.requiredString('DisplayName', USER_ATTRIBUTE),
    attributes: declared.length === 0 ? undefined : Object.fromEntries(declared),
    passwordSecretArn: read.optionalString('PasswordSecretArn', SECRET_ID),
    passwordSecretField: read.optionalString('PasswordSecretField', SECRET_FIELD),
  };
  if (desired.passwordSecretField !== undefined && desired.passwordSecretArn === undefined) {
    throw new InvalidPropertyError(`Property 'PasswordSecretField' of ${describeResource(label)} is given without 'PasswordSecretArn'`);
  }
  return desired;
}

/** The UpdateUser members the stack manages, as DescribeUser answers them. */
type UserFields = Pick<DescribeUserCommandOutput, 'DisplayName' | 'HiddenFromGlobalAddressList' | keyof UserDirectoryAttributes>;
type UserChanges = Omit<UpdateUserRequest, 'OrganizationId' | 'UserId'>;

/**
 * The members of one UpdateUser that bring `live` to the declaration: a field
 * the declaration does not carry is left as it is, one the previous
 * declaration carried and this one does not is cleared ('' or not hidden).
 */
function userChanges(desired: DesiredUser, previous: DesiredUser | undefined, live: UserFields): UserChanges {
  const changes: Record<string, string | boolean> = {};
  if ((live.DisplayName ?? '') !== desired.displayName) changes.DisplayName = desired.displayName;
  for (const name of USER_DIRECTORY_ATTRIBUTES) {
    const target = managedValue(desired.attributes?.[name], previous?.attributes?.[name], '');
    if (target !== undefined && (live[name] ?? '') !== target) changes[name] = target;
  }
  const hidden = managedValue(desired.hidden, previous?.hidden, false);
  if (hidden !== undefined && (live.HiddenFromGlobalAddressList ?? false) !== hidden) changes.HiddenFromGlobalAddressList = hidden;
  return changes;
}

async function updateUser(deps: HandlerDeps, ref: LiveEntityRef, changes: UserChanges): Promise<void> {
  const fields = Object.keys(changes);
  if (fields.length === 0) return;
  logDecision(deps, 'update-user', ref, { fields: fields.join(',') });
  await deps.workmail.send(new UpdateUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id, ...changes }), ref);
}

async function readPassword(deps: HandlerDeps, desired: DesiredUser): Promise<string | undefined> {
  return desired.passwordSecretArn === undefined ? undefined : deps.readPassword(desired.passwordSecretArn, desired.passwordSecretField);
}

export const userKind: MailEntityKind<DesiredUser, DescribeUserCommandOutput, User> = {
  kind: 'user',
  construct: 'WorkMailUser',
  idAttribute: 'UserId',
  describeOperation: 'DescribeUser',
  listOperation: 'ListUsers',
  recreateHint: 'rename it in the stack to create a new one, or remove it from the stack',
  renamesInPlace: false,
  parse: parseUser,

  async create(deps: HandlerDeps, desired: DesiredUser, ref: EntityRef): Promise<string> {
    // Read the password first: a bad secret must fail before anything is made.
    const password = await readPassword(deps, desired);
    const output = await deps.workmail.send(new CreateUserCommand({
      OrganizationId: desired.organizationId,
      Name: desired.name,
      DisplayName: desired.displayName,
      Password: password,
      FirstName: desired.attributes?.FirstName,
      LastName: desired.attributes?.LastName,
      HiddenFromGlobalAddressList: desired.hidden,
    }), { ...ref, redact: password === undefined ? [] : [password] });
    return requireId(output.UserId, 'CreateUser', ref);
  },
  describe: (deps, ref) => describeOrUndefined(deps, ref, new DescribeUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id })),
  deleteCommand: (ref) => new DeleteUserCommand({ OrganizationId: ref.organizationId, UserId: ref.id }),
  listPages: (deps, organizationId, name, prefixOnly) => listedPages(deps, paginateListUsers,
    { OrganizationId: organizationId, Filters: prefixOnly ? { UsernamePrefix: name } : undefined }, (page) => page.Users,
    { kind: 'user', organizationId, name }),
  looksCreatedFor: (listed, desired) => listed.DisplayName === undefined || listed.DisplayName === desired.displayName,

  async initialize(deps, ref, desired) {
    // CreateUser set the display name, first and last name and hidden; the rest comes now.
    await updateUser(deps, ref, userChanges(desired, undefined, {
      DisplayName: desired.displayName,
      FirstName: desired.attributes?.FirstName,
      LastName: desired.attributes?.LastName,
      HiddenFromGlobalAddressList: desired.hidden ?? false,
    }));
  },

  async converge(deps, { ref, desired, actual, previous, takeOver, applyMailChange }) {
    // A password can be reset, never unset: only a new secret (or field) resets it,
    // and it is read before any change, so a bad secret changes nothing.
    const passwordChanged = !takeOver && desired.passwordSecretArn !== undefined
      && (previous?.passwordSecretArn !== desired.passwordSecretArn || previous?.passwordSecretField !== desired.passwordSecretField);
    const newPassword = passwordChanged ? await readPassword(deps, desired) : undefined;
    await updateUser(deps, ref, userChanges(desired, previous, actual));
    await applyMailChange();
    if (newPassword !== undefined) {
      logDecision(deps, 'reset-password', ref, { reason: 'password secret changed' });
      await deps.workmail.send(
        new ResetPasswordCommand({ OrganizationId: ref.organizationId, UserId: ref.id, Password: newPassword }),
        { ...ref, redact: [newPassword] },
      );
    }
  },
};

export const userReconciler = mailEntityReconciler(userKind);
