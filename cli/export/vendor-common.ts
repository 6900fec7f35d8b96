/**
 * What the Microsoft 365 and Google Workspace exports share: looking entities up by name, expanding a
 * group to the mailboxes in it, keeping free text on one line, and writing a CSV file.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'csv-stringify/sync';
import type { SeedGroup, SeedResource, SeedUser } from '../../local/emulator';
import type { OrganizationScan } from '../model';

export type DirectoryEntry =
  | { readonly kind: 'user'; readonly entity: SeedUser }
  | { readonly kind: 'group'; readonly entity: SeedGroup }
  | { readonly kind: 'resource'; readonly entity: SeedResource };

/** The scanned organization's entities by name (WorkMail names are unique across kinds, ignoring case). */
export class Directory {
  private readonly byName = new Map<string, DirectoryEntry>();

  constructor(scan: OrganizationScan) {
    const { users, groups, resources } = scan.organization;
    for (const entity of users) this.byName.set(entity.name.toLowerCase(), { kind: 'user', entity });
    for (const entity of groups) this.byName.set(entity.name.toLowerCase(), { kind: 'group', entity });
    for (const entity of resources) this.byName.set(entity.name.toLowerCase(), { kind: 'resource', entity });
  }

  entry(name: string): DirectoryEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The primary address of the entity named so, if it has one (an entity without one is not registered to WorkMail). */
  emailOf(name: string): string | undefined {
    return this.entry(name)?.entity.email;
  }

  /**
   * The users in a group and in the groups nested in it, at any depth, that have a mailbox: their primary
   * addresses, sorted, each once. Users without a mailbox are returned apart. A cycle of groups ends the walk.
   */
  mailboxesIn(groupName: string): { readonly mailboxes: string[]; readonly withoutMailbox: string[] } {
    const mailboxes = new Set<string>();
    const withoutMailbox = new Set<string>();
    const seen = new Set<string>();
    const walk = (name: string): void => {
      const found = this.entry(name);
      if (!found || seen.has(found.entity.name)) return;
      seen.add(found.entity.name);
      if (found.kind === 'group') {
        for (const member of found.entity.members ?? []) walk(member);
      } else if (found.entity.email) {
        mailboxes.add(found.entity.email);
      } else {
        withoutMailbox.add(found.entity.name);
      }
    };
    walk(groupName);
    return { mailboxes: [...mailboxes].sort(), withoutMailbox: [...withoutMailbox].sort() };
  }
}

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_RUNS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/**
 * Free text (names, descriptions) for a target that takes one line: every run of control characters
 * becomes one space, and the change is reported (names cannot hold them; a line break in a description
 * would end a command).
 */
export function oneLine(value: string, what: string, notMapped: string[]): string {
  if (!hasControlCharacters(value)) return value;
  notMapped.push(`${what} holds line breaks or control characters: each run of them was replaced by a space.`);
  return value.replace(CONTROL_RUNS, ' ');
}

/** At most `max` UTF-16 units (the length .NET and JavaScript count), never half of a surrogate pair, no trailing space. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return (/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut).trimEnd();
}

/** Byte order mark: spreadsheet programs (Excel) read a CSV file as UTF-8 only when it starts with one. */
export const UTF8_BOM = '\ufeff';

/** Writes a CSV file (UTF-8 with a byte order mark, CRLF line ends as RFC 4180 has them, quoted where needed). */
export function writeCsvFile(outDir: string, file: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const text = stringify([header as string[], ...(rows as string[][])], { record_delimiter: 'windows' });
  writeFileSync(join(outDir, file), UTF8_BOM + text, 'utf8');
}

/** A user's address attributes in one line, "street, city, zip code, country" (empty ones left out). */
export function postalAddress(user: SeedUser): string {
  return [user.street, user.city, user.zipCode, user.country].filter(Boolean).join(', ');
}
