/**
 * The part of IAM's evaluation of identity-based policies that decides
 * whether a WorkMail call is allowed: an explicit Deny wins, then any Allow,
 * else the call is implicitly denied.
 *
 * - `Action` / `NotAction`: `service:Name` patterns with `*` and `?`, compared
 *   ignoring case, as IAM does;
 * - `Resource` / `NotResource`: ARN patterns with `*` and `?` (case-sensitive);
 * - a statement with a `Condition` is not evaluated: it never matches (an
 *   Allow with a condition allows nothing, a Deny with one denies nothing);
 * - policy variables (`${aws:username}`) are not substituted.
 */

export type IamDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

export interface IamRequest {
  /** e.g. `workmail:CreateUser`. */
  readonly action: string;
  /** e.g. `arn:aws:workmail:us-east-1:123456789012:organization/m-...`, or `*`. */
  readonly resource: string;
}

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/** Decides `request` against the given policy documents (`{ Statement: [...] }`, already resolved). */
export function evaluate(documents: readonly unknown[], request: IamRequest): IamDecision {
  const matching = documents.flatMap(statementsOf).filter(s => matches(s, request));
  if (matching.some(s => s.Effect === 'Deny')) return 'explicit-deny';
  return matching.some(s => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

function statementsOf(document: unknown): Statement[] {
  const statement = (document as { Statement?: unknown } | undefined)?.Statement;
  if (Array.isArray(statement)) return statement.filter(isObject);
  return isObject(statement) ? [statement] : [];
}

function matches(statement: Statement, request: IamRequest): boolean {
  if (statement.Condition !== undefined) return false;
  const action = either(statement.Action, statement.NotAction, pattern => wildcard(pattern, request.action, true));
  const resource = either(statement.Resource, statement.NotResource, pattern => wildcard(pattern, request.resource, false));
  return action && resource;
}

/** `positive` lists patterns that must match; `negative` (the Not* form) patterns that must not. */
function either(positive: unknown, negative: unknown, test: (pattern: string) => boolean): boolean {
  if (positive !== undefined) return list(positive).some(test);
  if (negative !== undefined) return !list(negative).some(test);
  return false;
}

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** IAM's StringLike: `*` any run of characters, `?` any one character, the rest literal. */
export function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function isObject(value: unknown): value is Statement {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
