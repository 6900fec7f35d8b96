/**
 * The WorkMail API's input constraints (the current service model's patterns and
 * lengths), shared by the provider's handler, which checks a declaration before
 * any call, and the local emulator, which answers them as the service does.
 * The model's patterns are unanchored; the service matches whole values, so
 * these are anchored. Lengths count Unicode code points, as the service does.
 *
 * Internal: not exported from the package's index.
 */

export interface StringShape {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** The pattern in words, for messages that a person reads. */
  readonly rule?: string;
}

export const ORGANIZATION_ID: StringShape = {
  min: 34, max: 34, pattern: /^m-[0-9a-f]{32}$/, rule: "'m-' followed by 32 lowercase hex digits",
};
/** An id, a name or an email, where the model takes any of them. */
export const ENTITY_IDENTIFIER: StringShape = {
  min: 1, max: 256, pattern: /^[a-zA-Z0-9._%+@-]+$/, rule: "letters, digits and '._%+@-' only",
};
/** An id only (CreateAlias, DeleteAlias, ListAliases, ResetPassword): the model gives no pattern. */
export const WORKMAIL_IDENTIFIER: StringShape = { min: 12, max: 256 };
export const EMAIL_ADDRESS: StringShape = {
  min: 1, max: 254, pattern: /^[a-zA-Z0-9._%+-]{1,64}@[a-zA-Z0-9.-]+\.[a-zA-Z-]{2,}$/, rule: 'an email address (local@domain.tld)',
};
export const USER_NAME: StringShape = {
  min: 1,
  max: 64,
  pattern: /^[\w\-.]+(@[a-zA-Z0-9.-]+\.[a-zA-Z0-9-]{2,})?$/,
  rule: "letters, digits, '_', '-' and '.', optionally followed by '@domain'",
};
export const RESOURCE_NAME: StringShape = { ...USER_NAME, max: 20 };
export const GROUP_NAME: StringShape = { min: 1, max: 256, pattern: /^[\u0020-\u00FF]+$/, rule: 'Latin-1 characters (U+0020 to U+00FF)' };
/** DisplayName and the directory attributes (UserAttribute): no pattern. */
export const USER_ATTRIBUTE: StringShape = { max: 256 };
export const PASSWORD: StringShape = { max: 256, pattern: /^[\u0020-\u00FF]+$/, rule: 'Latin-1 characters (U+0020 to U+00FF)' };
export const RESOURCE_DESCRIPTION: StringShape = { min: 1, max: 64 };
export const NEW_RESOURCE_DESCRIPTION: StringShape = { min: 0, max: 64 };
export const ORGANIZATION_ALIAS: StringShape = {
  min: 1, max: 62, pattern: /^(?!d-)([\da-zA-Z]+)([-][\da-zA-Z]+)*$/, rule: "letters, digits and inner hyphens, not starting with 'd-'",
};

/**
 * The booking options a new resource starts with (DescribeResource of a resource just made, as the
 * AWS CLI reference's example shows it). A flag that leaves a declaration goes back to this value.
 */
export const NEW_RESOURCE_BOOKING_OPTIONS = {
  AutoAcceptRequests: true,
  AutoDeclineRecurringRequests: false,
  AutoDeclineConflictingRequests: true,
} as const;

/** The model's length constraints count Unicode code points, not UTF-16 code units. */
export function codePoints(value: string): number {
  return [...value].length;
}
