/**
 * CloudFormation hands every custom resource property to the handler as a
 * string ('true', '42'); this is the one place that turns them back into
 * values and checks them against the WorkMail API's own constraints, so that
 * bad input fails before any WorkMail call. Real booleans are accepted too (a
 * local runner or a test may send them). Property names are typed by the
 * shared `*ResourceProperties` interfaces, so construct and handler cannot
 * drift apart. Errors name the property and the resource; they quote a value
 * only where it cannot be secret, shortened and with invisible characters
 * escaped, so a message stays one readable line.
 */
import { InvalidPropertyError } from './errors';
import { StringShape, codePoints } from '../src/provider/api-shapes';

export type RawProperties = Readonly<Record<string, unknown>>;

/** Names the resource in messages, e.g. `Custom::WorkMailUser 'Alice'`. */
export interface ResourceLabel {
  readonly resourceType: string;
  readonly logicalId: string;
  /**
   * The declaration was stored by an earlier deployment (OldResourceProperties, a Delete's properties):
   * properties this handler does not know are ignored rather than refused, so that a property a later
   * version dropped never blocks an update or a delete.
   */
  readonly stored?: boolean;
  /**
   * Values may hold stand-ins for what only a deployed stack knows (a tool that reads a synthesized
   * template): types are checked, the text of strings is not.
   */
  readonly unresolvedValues?: boolean;
}

export function describeResource(label: ResourceLabel): string {
  return `${label.resourceType} '${label.logicalId}'`;
}

/**
 * Every property a resource type takes, checked by the compiler against its properties interface: a
 * nested object lists its own. Anything else in a new declaration is refused (a typo would otherwise
 * be silently ignored).
 */
export type PropertyNames<P> = {
  readonly [K in keyof Required<P>]-?: Required<P>[K] extends readonly unknown[]
    ? true
    : Required<P>[K] extends object ? PropertyNames<Required<P>[K]> : true;
};

/** Reads the properties of one resource, by the names its properties interface `P` declares. */
export interface PropertyReader<P> {
  /** A string that fits `shape` (when given); absent, null and '' are missing. */
  requiredString(name: keyof P & string, shape?: StringShape): string;
  /** Absent, null and '' are undefined. */
  optionalString(name: keyof P & string, shape?: StringShape): string | undefined;
  /** 'true' / 'false' (or a real boolean), or undefined when absent. */
  optionalBoolean(name: keyof P & string): boolean | undefined;
  /** Like optionalBoolean, with a default for an absent value. */
  boolean(name: keyof P & string, defaultValue: boolean): boolean;
  /** A list of non-empty strings, each fitting `itemShape` (when given), or undefined when absent. */
  optionalStringList(name: keyof P & string, itemShape?: StringShape): string[] | undefined;
  /** A nested object's reader, or undefined when absent. */
  optionalObject<N>(name: keyof P & string): PropertyReader<N> | undefined;
  /** A reader for each object of a list of objects whose properties are `itemNames`, or undefined when absent. */
  optionalObjectList<N>(name: keyof P & string, itemNames: PropertyNames<N>): Array<PropertyReader<N>> | undefined;
}

/** How a value that is not what was expected is named in a message. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}

/** Characters a declaration never needs: C0 and C1 controls (NUL, CR, LF, ...). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** Half of a surrogate pair without the other half: not text, and not encodable as UTF-8. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
/** Invisible or unprintable in a message: controls, format characters (bidi marks), unpaired surrogates. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\u2028\u2029]/gu;
const QUOTED_LENGTH = 40;

/** `value` with invisible characters escaped (`\u202e`) and cut after `max` characters (marked '…'), for a message. */
export function printable(value: string, max = QUOTED_LENGTH): string {
  const points = [...value];
  const shown = points.slice(0, max).join('').replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return points.length > max ? `${shown}…` : shown;
}

/** `value` in quotes, printable, with its length when it was cut. */
export function quoted(value: string): string {
  const length = codePoints(value);
  return length > QUOTED_LENGTH ? `'${printable(value)}' (${length} characters)` : `'${printable(value)}'`;
}

/** What is wrong with a string in a declaration, or undefined when nothing is. */
function stringViolation(value: string, shape: StringShape | undefined): string | undefined {
  const control = CONTROL.exec(value);
  if (control) {
    return `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${control.index}`;
  }
  if (UNPAIRED_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode text)';
  if (shape === undefined) return undefined;
  const length = shape.min === undefined && shape.max === undefined ? 0 : codePoints(value);
  if (shape.min !== undefined && length < shape.min) return `must be at least ${shape.min} characters long (it has ${length})`;
  if (shape.max !== undefined && length > shape.max) return `must be at most ${shape.max} characters long (it has ${length})`;
  if (shape.pattern && !shape.pattern.test(value)) {
    return `must be ${shape.rule ?? `a value matching ${shape.pattern.source}`}, got ${quoted(value)}`;
  }
  return undefined;
}

export function propertyReader<P>(
  props: unknown, label: ResourceLabel, known: PropertyNames<P>, prefix = '',
): PropertyReader<P> {
  const fail = (name: string, problem: string): never => {
    throw new InvalidPropertyError(`Property '${prefix}${name}' of ${describeResource(label)} ${problem}`);
  };
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw new InvalidPropertyError(`The properties of ${describeResource(label)} must be an object, got ${describeKind(props)}`);
  }
  const values = props as RawProperties;
  if (!label.stored) {
    const unknown = Object.keys(values).filter((key) => !Object.prototype.hasOwnProperty.call(known, key) && !(prefix === '' && key === 'ServiceToken'));
    if (unknown.length > 0) {
      const names = unknown.slice(0, 5).map((key) => `'${prefix}${printable(key)}'`).join(', ');
      throw new InvalidPropertyError(`${describeResource(label)} has no propert${unknown.length === 1 ? 'y' : 'ies'} ${names}` +
        `${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}: it takes ${Object.keys(known).map((k) => `${prefix}${k}`).join(', ')}`);
    }
  }
  const present = (name: string): unknown => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return value === null || value === '' ? undefined : value;
  };
  const checked = (name: string, value: string, shape: StringShape | undefined): string => {
    const violation = label.unresolvedValues ? undefined : stringViolation(value, shape);
    return violation === undefined ? value : fail(name, violation);
  };
  const optionalString = (name: string, shape?: StringShape): string | undefined => {
    const value = present(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return fail(name, `must be a string, got ${describeKind(value)}`);
    return checked(name, value, shape);
  };
  const optionalBoolean = (name: string): boolean | undefined => {
    const value = present(name);
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return fail(name, `must be 'true' or 'false', got ${typeof value === 'string' ? quoted(value) : describeKind(value)}`);
  };
  return {
    requiredString: (name, shape) => optionalString(name, shape) ?? fail(name, 'is required'),
    optionalString,
    optionalBoolean,
    boolean: (name, defaultValue) => optionalBoolean(name) ?? defaultValue,
    optionalStringList: (name, itemShape) => {
      const value = present(name);
      if (value === undefined) return undefined;
      if (!Array.isArray(value)) return fail(name, `must be a list of strings, got ${describeKind(value)}`);
      return value.map((item: unknown, index) => (typeof item === 'string' && item !== ''
        ? checked(`${name}[${index}]`, item, itemShape)
        : fail(`${name}[${index}]`, `must be a non-empty string, got ${typeof item === 'string' ? 'an empty string' : describeKind(item)}`)));
    },
    optionalObject: <N>(name: string) => {
      const value = present(name);
      if (value === undefined) return undefined;
      if (typeof value !== 'object' || Array.isArray(value)) return fail(name, `must be an object, got ${describeKind(value)}`);
      return propertyReader<N>(value, label, (known as Record<string, unknown>)[name] as PropertyNames<N>, `${prefix}${name}.`);
    },
    optionalObjectList: <N>(name: string, itemNames: PropertyNames<N>) => {
      const value = present(name);
      if (value === undefined) return undefined;
      if (!Array.isArray(value)) return fail(name, `must be a list of objects, got ${describeKind(value)}`);
      return value.map((item: unknown, index) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(`${name}[${index}]`, `must be an object, got ${describeKind(item)}`);
        return propertyReader<N>(item, label, itemNames, `${prefix}${name}[${index}].`);
      });
    },
  };
}
