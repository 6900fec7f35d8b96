/**
 * Where the comparisons put what they find: differences and unchecked fields of one declaration,
 * and the one order every report is given in.
 */
import type { Declaration } from './declarations';
import { hasReference, unknownReason } from './references';
import type { DriftDifference, DriftEntity, UncheckedField } from './types';

const PROPERTY_FIELDS: Readonly<Record<string, string>> = {
  HiddenFromGlobalAddressList: 'hiddenFromAddressList',
  OrganizationId: 'organization',
  EntityId: 'entity',
};

/** The construct property a CloudFormation property (or list item `Name[3]`) carries, e.g. `Members[2]` → `members`. */
export function fieldOf(property: string): string {
  const name = property.replace(/\[\d+\]$/, '');
  return PROPERTY_FIELDS[name] ?? name.charAt(0).toLowerCase() + name.slice(1);
}

export class Findings {
  public readonly differences: DriftDifference[] = [];
  public readonly unchecked: UncheckedField[] = [];

  /** What one declaration reports, about one entity. */
  public about(declaration: Declaration, entity: DriftEntity): EntityFindings {
    return new EntityFindings(this, declaration, entity);
  }
}

export class EntityFindings {
  constructor(private readonly findings: Findings, private readonly declaration: Declaration, public readonly entity: DriftEntity) {}

  public difference(field: string, declared: string | undefined, live: string | undefined): void {
    const { stack, logicalId } = this.declaration;
    this.findings.differences.push({ stack, logicalId, entity: this.entity, field, declared, live: live === '' ? undefined : live });
  }

  public unchecked(field: string, reason: string): void {
    const { stack, logicalId } = this.declaration;
    this.findings.unchecked.push({ stack, logicalId, entity: this.entity, field, reason });
  }

  /** The properties (or `Name[index]` list items) the resolver could not resolve. */
  public unresolvableProperties(): Iterable<string> {
    return this.declaration.unresolvable.keys();
  }

  /** Every property (or list item) the resolver could not resolve, as unchecked fields. */
  public uncheckedUnresolvable(): void {
    for (const [property, reason] of this.declaration.unresolvable) this.unchecked(fieldOf(property), reason);
  }

  /**
   * Compares a declared value with the live one: not declared (undefined) is not compared, a value
   * known only to a deployed stack is unchecked. `same` defaults to exact equality; a live value
   * that is absent compares as ''.
   */
  public compare(field: string, declared: string | undefined, live: string | undefined,
    same: (a: string, b: string) => boolean = (a, b) => a === b): void {
    if (declared === undefined) return;
    if (hasReference(declared)) {
      this.unchecked(field, unknownReason(declared));
      return;
    }
    if (!same(declared, live ?? '')) this.difference(field, declared, live);
  }
}

const KIND_ORDER = ['organization', 'user', 'group', 'resource'];

function key(row: { stack: string; logicalId: string; entity: DriftEntity; field: string }): string[] {
  return [row.stack, String(KIND_ORDER.indexOf(row.entity.kind)), row.entity.name.toLowerCase(), row.entity.name, row.field, row.logicalId];
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** The report's order: stack, entity kind, entity name, field, logical id, then the values. */
export function sortDifferences(rows: DriftDifference[]): DriftDifference[] {
  return [...rows].sort((a, b) => compareKeys([...key(a), a.declared ?? '', a.live ?? ''], [...key(b), b.declared ?? '', b.live ?? '']));
}

export function sortUnchecked(rows: UncheckedField[]): UncheckedField[] {
  return [...rows].sort((a, b) => compareKeys([...key(a), a.reason], [...key(b), b.reason]));
}
