/**
 * CloudFormation hands every custom resource property to the handler as a
 * string ('true', '42'); this is the one place that turns them back into
 * values. Real booleans are accepted too (a local runner or a test may send
 * them). Property names are typed by the shared `*ResourceProperties`
 * interfaces, so construct and handler cannot drift apart. Errors name the
 * property and the resource, never the value of anything but a boolean.
 */
import { InvalidPropertyError } from './errors';

export type RawProperties = Readonly<Record<string, unknown>>;

/** Names the resource in messages, e.g. `Custom::WorkMailUser 'Alice'`. */
export interface ResourceLabel {
  readonly resourceType: string;
  readonly logicalId: string;
}

export function describeResource(label: ResourceLabel): string {
  return `${label.resourceType} '${label.logicalId}'`;
}

/** Reads the properties of one resource, by the names its properties interface `P` declares. */
export interface PropertyReader<P> {
  requiredString(name: keyof P & string): string;
  /** Absent, null and '' are undefined. */
  optionalString(name: keyof P & string): string | undefined;
  /** 'true' / 'false' (or a real boolean), or undefined when absent. */
  optionalBoolean(name: keyof P & string): boolean | undefined;
  /** Like optionalBoolean, with a default for an absent value. */
  boolean(name: keyof P & string, defaultValue: boolean): boolean;
  /** A list of non-empty strings, or undefined when absent. */
  optionalStringList(name: keyof P & string): string[] | undefined;
  /** A nested object's reader, or undefined when absent. */
  optionalObject<N>(name: keyof P & string): PropertyReader<N> | undefined;
}

export function propertyReader<P>(props: RawProperties, label: ResourceLabel, prefix = ''): PropertyReader<P> {
  const fail = (name: string, problem: string): never => {
    throw new InvalidPropertyError(`Property '${prefix}${name}' of ${describeResource(label)} ${problem}`);
  };
  const optionalString = (name: string): string | undefined => {
    const value = props[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return fail(name, `must be a string, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    return value;
  };
  const optionalBoolean = (name: string): boolean | undefined => {
    const value = props[name];
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (value === undefined || value === null || value === '') return undefined;
    return fail(name, `must be 'true' or 'false', got ${typeof value === 'string' ? `'${value.slice(0, 20)}'` : typeof value}`);
  };
  return {
    requiredString: (name) => optionalString(name) ?? fail(name, 'is required'),
    optionalString,
    optionalBoolean,
    boolean: (name, defaultValue) => optionalBoolean(name) ?? defaultValue,
    optionalStringList: (name) => {
      const value = props[name];
      if (value === undefined || value === null || value === '') return undefined;
      if (!Array.isArray(value)) return fail(name, `must be a list of strings, got ${typeof value}`);
      return value.map((item, index) => (typeof item === 'string' && item !== ''
        ? item
        : fail(`${name}[${index}]`, `must be a non-empty string, got ${typeof item === 'string' ? 'an empty string' : typeof item}`)));
    },
    optionalObject: <N>(name: string) => {
      const value = props[name];
      if (value === undefined || value === null || value === '') return undefined;
      if (typeof value !== 'object' || Array.isArray(value)) return fail(name, `must be an object, got ${Array.isArray(value) ? 'a list' : typeof value}`);
      return propertyReader<N>(value as RawProperties, label, `${prefix}${name}.`);
    },
  };
}
