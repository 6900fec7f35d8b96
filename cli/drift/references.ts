/**
 * Values that only a deployed stack knows (`Ref` and `Fn::GetAtt` of another resource) stand in the
 * resolved properties as markers: strings that survive `Fn::Join` and `Fn::Sub` and name what they
 * stand for, so that the check can later fill in those it can learn from the live organization (an
 * organization looked up by alias) or read as a reference to a declared entity (a member's UserId),
 * and report the rest as unchecked instead of comparing them.
 */

/** A `Ref` (no attribute) or `Fn::GetAtt` of a resource of a stack of the app. */
export interface Reference {
  readonly stack: string;
  readonly logicalId: string;
  readonly attribute?: string;
}

const OPEN = '\u0001';
const CLOSE = '\u0002';
const MARKER = /\u0001([^\u0001\u0002]*)\u0002/g;

export function referenceMarker(ref: Reference): string {
  return OPEN + JSON.stringify([ref.stack, ref.logicalId, ref.attribute ?? null]) + CLOSE;
}

function decode(body: string): Reference | undefined {
  try {
    const [stack, logicalId, attribute] = JSON.parse(body) as [string, string, string | null];
    return { stack, logicalId, attribute: attribute ?? undefined };
  } catch {
    return undefined;
  }
}

/** The reference a value is exactly, or undefined. */
export function asReference(value: unknown): Reference | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\u0001([^\u0001\u0002]*)\u0002$/.exec(value);
  return match ? decode(match[1]) : undefined;
}

/** Whether a value holds any marker (or a piece of one), anywhere. */
export function hasReference(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(OPEN) || value.includes(CLOSE);
  if (Array.isArray(value)) return value.some(hasReference);
  if (value && typeof value === 'object') return Object.values(value).some(hasReference);
  return false;
}

/** The references a value holds (first one first), for messages. */
export function referencesIn(value: unknown): Reference[] {
  const found: Reference[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(MARKER)) {
        const ref = decode(m[1]);
        if (ref) found.push(ref);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return found;
}

/** Replaces every marker whose value `known` gives, recursively. */
export function fillIn(value: unknown, known: (ref: Reference) => string | undefined): unknown {
  if (typeof value === 'string') {
    return value.replace(MARKER, (whole, body: string) => {
      const ref = decode(body);
      return (ref && known(ref)) ?? whole;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillIn(v, known));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillIn(v, known)]));
  }
  return value;
}

export function describeReference(ref: Reference): string {
  return ref.attribute === undefined ? `Ref ${ref.logicalId}` : `Fn::GetAtt ${ref.logicalId}.${ref.attribute}`;
}

/** Why a value that still holds a marker cannot be compared. */
export function unknownReason(value: unknown): string {
  const refs = referencesIn(value);
  const first = refs[0];
  if (!first) return 'the value is not known without a deployed stack';
  return `${describeReference(first)} is known only to a deployed stack`;
}
