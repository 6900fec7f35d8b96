import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// Patterns and lengths of the WorkMail API's own input shapes (current service model),
// so that a typo fails at synth instead of half-way through a deployment.
const ORGANIZATION_ID = /^m-[0-9a-f]{32}$/;
const EMAIL_ADDRESS = /^[a-zA-Z0-9._%+-]{1,64}@[a-zA-Z0-9.-]+\.[a-zA-Z-]{2,}$/;
const EMAIL_MAX_LENGTH = 254;
const USER_NAME = /^[\w\-.]+(@[a-zA-Z0-9.\-]+\.[a-zA-Z0-9-]{2,})?$/;
const USER_NAME_MAX_LENGTH = 64;
const DISPLAY_NAME_MAX_LENGTH = 256;
const RESOURCE_NAME_MAX_LENGTH = 20;
const GROUP_NAME = /^[\u0020-\u00FF]+$/;
const GROUP_NAME_MAX_LENGTH = 256;
const ATTRIBUTE_MAX_LENGTH = 256;
const DESCRIPTION_MAX_LENGTH = 64;
const ORGANIZATION_ALIAS = /^(?!d-)([\da-zA-Z]+)([-][\da-zA-Z]+)*$/;
const ORGANIZATION_ALIAS_MAX_LENGTH = 62;

/** Throws an error that names the construct path and the broken rule. */
export function fail(scope: IConstruct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

/** Unresolved tokens are only known at deploy time: the handler validates those. */
function known(value: string | undefined): value is string {
  return value !== undefined && !Token.isUnresolved(value);
}

export function validateOrganizationId(scope: IConstruct, organizationId: string): void {
  if (known(organizationId) && !ORGANIZATION_ID.test(organizationId)) {
    fail(scope, `organization id '${organizationId}' is not a WorkMail organization id (expected 'm-' followed by 32 lowercase hex digits)`);
  }
}

export function validateEmail(scope: IConstruct, property: string, email: string | undefined): void {
  if (!known(email)) return;
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_ADDRESS.test(email)) {
    fail(scope, `${property} '${email}' is not a valid email address (WorkMail accepts up to ${EMAIL_MAX_LENGTH} characters matching ${EMAIL_ADDRESS.source})`);
  }
}

export function validateUserName(scope: IConstruct, name: string, maxLength = USER_NAME_MAX_LENGTH): void {
  if (!known(name)) return;
  if (name.length < 1 || name.length > maxLength) {
    fail(scope, `name '${name}' must be 1 to ${maxLength} characters long (it has ${name.length})`);
  }
  if (!USER_NAME.test(name)) {
    fail(scope, `name '${name}' may contain only letters, digits, '_', '-' and '.', optionally followed by '@domain'`);
  }
}

export function validateDisplayName(scope: IConstruct, displayName: string): void {
  if (!known(displayName)) return;
  if (displayName.trim().length === 0) {
    fail(scope, 'displayName must not be empty');
  }
  // The service counts characters (code points), not UTF-16 units.
  const length = [...displayName].length;
  if (length > DISPLAY_NAME_MAX_LENGTH) {
    fail(scope, `displayName must be at most ${DISPLAY_NAME_MAX_LENGTH} characters long (it has ${length})`);
  }
}

/** Resource names follow the user name pattern, at most 20 characters. */
export function validateResourceName(scope: IConstruct, name: string): void {
  validateUserName(scope, name, RESOURCE_NAME_MAX_LENGTH);
}

export function validateGroupName(scope: IConstruct, name: string): void {
  if (!known(name)) return;
  const length = [...name].length;
  if (length < 1 || length > GROUP_NAME_MAX_LENGTH) {
    fail(scope, `name '${name}' must be 1 to ${GROUP_NAME_MAX_LENGTH} characters long (it has ${length})`);
  }
  if (!GROUP_NAME.test(name)) {
    fail(scope, `name '${name}' may contain only Latin-1 characters (U+0020 to U+00FF)`);
  }
}

/** Directory attributes and descriptions: at most `max` characters (code points); `minOne`: not empty. */
export function validateText(scope: IConstruct, property: string, value: string | undefined, max = ATTRIBUTE_MAX_LENGTH): void {
  if (!known(value)) return;
  const length = [...value].length;
  if (length > max) fail(scope, `${property} must be at most ${max} characters long (it has ${length})`);
}

export function validateDescription(scope: IConstruct, description: string | undefined): void {
  if (!known(description)) return;
  if (description.length === 0) fail(scope, 'description must not be empty (leave it out instead)');
  validateText(scope, 'description', description, DESCRIPTION_MAX_LENGTH);
}

export function validateOrganizationAlias(scope: IConstruct, alias: string): void {
  if (!known(alias)) return;
  if (alias.length > ORGANIZATION_ALIAS_MAX_LENGTH || !ORGANIZATION_ALIAS.test(alias)) {
    fail(scope, `organization alias '${alias}' is not a WorkMail alias (1 to ${ORGANIZATION_ALIAS_MAX_LENGTH} letters, digits and inner hyphens, not starting with 'd-')`);
  }
}

/** When the organization's domains are known, an address must be in one of them (case-insensitive). */
export function validateAddressDomain(
  scope: IConstruct, property: string, address: string | undefined, domains: readonly string[] | undefined,
): void {
  if (!known(address) || domains === undefined || domains.some((d) => Token.isUnresolved(d))) return;
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (!domains.some((d) => d.toLowerCase() === domain)) {
    fail(scope, `${property} '${address}' is not in a mail domain of the organization (${domains.join(', ')})`);
  }
}
