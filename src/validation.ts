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

export function validateUserName(scope: IConstruct, name: string): void {
  if (!known(name)) return;
  if (name.length < 1 || name.length > USER_NAME_MAX_LENGTH) {
    fail(scope, `name '${name}' must be 1 to ${USER_NAME_MAX_LENGTH} characters long (it has ${name.length})`);
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
