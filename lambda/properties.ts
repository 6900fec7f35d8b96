/**
 * CloudFormation hands every custom resource property to the handler as a
 * string ('true', '42'); this is the one place that turns them back into
 * values. Real booleans are accepted too (a local runner or a test may send
 * them). Errors name the property and the resource.
 */
import { InvalidPropertyError } from './errors';

export type RawProperties = Readonly<Record<string, unknown>>;

/** Names the resource in messages, e.g. `Custom::WorkMailUser 'Alice'`. */
export interface ResourceLabel {
  readonly resourceType: string;
  readonly logicalId: string;
}

function where(label: ResourceLabel): string {
  return `${label.resourceType} '${label.logicalId}'`;
}

export function optionalString(props: RawProperties, name: string, label: ResourceLabel): string | undefined {
  const value = props[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new InvalidPropertyError(`Property '${name}' of ${where(label)} must be a string, got ${typeof value}`);
  }
  return value;
}

export function requiredString(props: RawProperties, name: string, label: ResourceLabel): string {
  const value = optionalString(props, name, label);
  if (value === undefined) {
    throw new InvalidPropertyError(`Property '${name}' of ${where(label)} is required`);
  }
  return value;
}

/** 'true' / 'false' (or a real boolean), or undefined when absent. */
export function optionalBoolean(props: RawProperties, name: string, label: ResourceLabel): boolean | undefined {
  const value = props[name];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === undefined || value === null || value === '') return undefined;
  throw new InvalidPropertyError(`Property '${name}' of ${where(label)} must be 'true' or 'false', got '${String(value)}'`);
}

export function booleanProperty(props: RawProperties, name: string, label: ResourceLabel, defaultValue?: boolean): boolean {
  const value = optionalBoolean(props, name, label) ?? defaultValue;
  if (value === undefined) {
    throw new InvalidPropertyError(`Property '${name}' of ${where(label)} is required ('true' or 'false')`);
  }
  return value;
}

/**
 * A property as an earlier deployment stored it (OldResourceProperties, or the
 * properties of a resource being deleted): read leniently, never throws, and
 * an empty string counts as absent.
 */
export function oldString(props: RawProperties, name: string): string | undefined {
  const value = props[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
