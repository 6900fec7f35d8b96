/**
 * Input checks of the current service model. Every failure is an InvalidParameterException naming
 * the member; values are never echoed, since some members (passwords, display names) are sensitive.
 */
import { invalidParameter } from './errors';

export type Body = Readonly<Record<string, unknown>>;

export interface StringShape {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

// Patterns are anchored: the model means the whole value.
export const ORGANIZATION_ID: StringShape = { min: 34, max: 34, pattern: /^m-[0-9a-f]{32}$/ };
export const ENTITY_IDENTIFIER: StringShape = { min: 1, max: 256, pattern: /^[a-zA-Z0-9._%+@-]+$/ };
export const WORKMAIL_IDENTIFIER: StringShape = { min: 12, max: 256 };
export const EMAIL_ADDRESS: StringShape = { min: 1, max: 254, pattern: /^[a-zA-Z0-9._%+-]{1,64}@[a-zA-Z0-9.-]+\.[a-zA-Z-]{2,}$/ };
export const USER_NAME: StringShape = { min: 1, max: 64, pattern: /^[\w\-.]+(@[a-zA-Z0-9.-]+\.[a-zA-Z0-9-]{2,})?$/ };
export const RESOURCE_NAME: StringShape = { ...USER_NAME, max: 20 };
export const GROUP_NAME: StringShape = { min: 1, max: 256, pattern: /^[\u0020-\u00FF]+$/ };
export const USER_ATTRIBUTE: StringShape = { max: 256 };
export const PASSWORD: StringShape = { max: 256, pattern: /^[\u0020-\u00FF]+$/ };
export const RESOURCE_DESCRIPTION: StringShape = { min: 1, max: 64 };
export const NEW_RESOURCE_DESCRIPTION: StringShape = { min: 0, max: 64 };
export const NEXT_TOKEN: StringShape = { min: 1, max: 1024 };
export const FILTER_STRING: StringShape = { max: 256 };
const IDP_USER_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
export const IDENTITY_PROVIDER_USER_ID: StringShape = { min: 1, max: 47, pattern: IDP_USER_ID };
export const IDENTITY_PROVIDER_USER_ID_FOR_UPDATE: StringShape = { min: 0, max: 47, pattern: /^$|^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/ };
export const IDENTITY_PROVIDER_USER_ID_PREFIX: StringShape = { min: 1, max: 47, pattern: /^[A-Fa-f0-9-]+$/ };

// Mailbox export jobs.
export const CLIENT_TOKEN: StringShape = { min: 1, max: 128, pattern: /^[\x21-\x7e]+$/ };
export const EXPORT_DESCRIPTION: StringShape = { min: 0, max: 1023 };
export const ROLE_ARN: StringShape = { min: 20, max: 2048, pattern: /^arn:aws:iam:[a-z0-9-]*:[a-z0-9-]+:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$/ };
export const KMS_KEY_ARN: StringShape = { min: 20, max: 2048, pattern: /^arn:aws:kms:[a-z0-9-]*:[a-z0-9-]+:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$/ };
export const S3_BUCKET_NAME: StringShape = { min: 1, max: 63, pattern: /^[A-Za-z0-9.-]+$/ };
export const S3_OBJECT_KEY: StringShape = { min: 1, max: 1023, pattern: /^[A-Za-z0-9!_.*'()/-]+$/ };
export const MAILBOX_EXPORT_JOB_ID: StringShape = { min: 1, max: 63, pattern: /^[A-Za-z0-9-]+$/ };

export const ENTITY_STATES = ['ENABLED', 'DISABLED', 'DELETED'] as const;
export const USER_ROLES = ['USER', 'RESOURCE', 'SYSTEM_USER', 'REMOTE_USER'] as const;
export const RESOURCE_TYPES = ['ROOM', 'EQUIPMENT'] as const;

/** The service model's length constraints count Unicode code points, not UTF-16 code units. */
const codePoints = (value: string): number => [...value].length;

/** What is wrong with a string under `shape` (e.g. "must be at most 20 characters long"), or undefined when it fits. */
export function shapeViolation(value: string, shape: StringShape): string | undefined {
  const length = shape.min === undefined && shape.max === undefined ? 0 : codePoints(value);
  if (shape.min !== undefined && length < shape.min) return `must be at least ${shape.min} characters long`;
  if (shape.max !== undefined && length > shape.max) return `must be at most ${shape.max} characters long`;
  if (shape.pattern && !shape.pattern.test(value)) return `must satisfy the pattern ${shape.pattern.source}`;
  return undefined;
}

function checkString(value: unknown, member: string, shape: StringShape): string {
  if (typeof value !== 'string') throw invalidParameter(`${member} must be a string`);
  const violation = shapeViolation(value, shape);
  if (violation !== undefined) throw invalidParameter(`${member} ${violation}`);
  return value;
}

export function requiredString(body: Body, member: string, shape: StringShape, path: string = member): string {
  const value = body[member];
  if (value === undefined || value === null) throw invalidParameter(`${path} is required`);
  return checkString(value, path, shape);
}

export function optionalString(body: Body, member: string, shape: StringShape, path: string = member): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  return checkString(value, path, shape);
}

export function optionalBoolean(body: Body, member: string, path: string = member): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`${path} must be a boolean`);
  return value;
}

export function optionalEnum<T extends string>(body: Body, member: string, values: readonly T[], path: string = member): T | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw invalidParameter(`${path} must be one of ${values.join(', ')}`);
  }
  return value as T;
}

export function requiredEnum<T extends string>(body: Body, member: string, values: readonly T[]): T {
  const value = optionalEnum(body, member, values);
  if (value === undefined) throw invalidParameter(`${member} is required`);
  return value;
}

export function optionalObject(body: Body, member: string): Body | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(`${member} must be an object`);
  return value as Body;
}

/**
 * The `Filters` member of ListUsers, ListGroups and ListResources: an optional object of which, as the
 * model documents, only one member may be used per request.
 */
export function singleFilter(body: Body, members: readonly string[]): Body {
  const filters = optionalObject(body, 'Filters') ?? {};
  const given = members.filter((key) => filters[key] !== undefined && filters[key] !== null);
  if (given.length > 1) {
    throw invalidParameter(`Filters accepts only one filter per request (got ${given.map((key) => `Filters.${key}`).join(', ')})`);
  }
  return filters;
}

export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** MaxResults (1-100; the SDK does not check it) and NextToken (1-1024, opaque). */
export function pageRequest(body: Body): PageRequest {
  const raw = body.MaxResults;
  let maxResults: number | undefined;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) throw invalidParameter('MaxResults must be an integer');
    if (raw < 1 || raw > 100) throw invalidParameter('MaxResults must be between 1 and 100');
    maxResults = raw;
  }
  return { maxResults, nextToken: optionalString(body, 'NextToken', NEXT_TOKEN) };
}

export function organizationId(body: Body): string {
  return requiredString(body, 'OrganizationId', ORGANIZATION_ID);
}
