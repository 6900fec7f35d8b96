/**
 * `users.csv` for the Microsoft 365 admin center's "Add multiple users" (Users > Active users): the
 * template's header row, one row per WorkMail user that has a mailbox.
 */
import type { SeedUser } from '../../../local/emulator';
import { oneLine, writeCsvFile } from '../vendor-common';

/** The template's header row, exactly (the admin center matches the column headings). */
export const M365_USERS_HEADER = [
  'User Name', 'First Name', 'Last Name', 'Display Name', 'Job Title', 'Department', 'Office Number', 'Office Phone', 'Mobile Phone',
  'Fax', 'Alternate email address', 'Address', 'City', 'State or Province', 'ZIP or Postal Code', 'Country or Region',
] as const;

/**
 * Users per file: the admin center takes at most 249 users from one CSV file (a larger directory is
 * written as users.csv, users-2.csv, ...).
 */
export const M365_USERS_PER_FILE = 249;

/** Directory attributes the template has no column for. */
const UNMAPPED_ATTRIBUTES: ReadonlyArray<[keyof SeedUser, string]> = [['initials', 'Initials'], ['company', 'Company']];

export function m365UserRow(user: SeedUser & { email: string }, notMapped: string[]): string[] {
  const text = (value: string | undefined, what: string) => (value ? oneLine(value, `user “${user.name}”: ${what}`, notMapped) : '');
  const row: Record<(typeof M365_USERS_HEADER)[number], string> = {
    'User Name': user.email,
    'First Name': text(user.firstName, 'first name'),
    'Last Name': text(user.lastName, 'last name'),
    'Display Name': text(user.displayName ?? user.name, 'display name'),
    'Job Title': text(user.jobTitle, 'job title'),
    'Department': text(user.department, 'department'),
    'Office Number': text(user.office, 'office'),
    'Office Phone': text(user.telephone, 'telephone'),
    'Mobile Phone': '',
    'Fax': '',
    'Alternate email address': '',
    'Address': text(user.street, 'street'),
    'City': text(user.city, 'city'),
    'State or Province': '',
    'ZIP or Postal Code': text(user.zipCode, 'zip code'),
    'Country or Region': text(user.country, 'country'),
  };
  return M365_USERS_HEADER.map((column) => row[column]);
}

/** Writes the users with a mailbox; returns the files written. */
export function writeM365Users(outDir: string, users: readonly SeedUser[], notMapped: string[]): string[] {
  const withMailbox = users.filter((u): u is SeedUser & { email: string } => !!u.email);
  for (const user of users.filter((u) => !u.email)) {
    notMapped.push(`User “${user.name}” has no mailbox (it is not registered to WorkMail): left out of users.csv.`);
  }
  for (const [attribute, label] of UNMAPPED_ATTRIBUTES) {
    const holders = withMailbox.filter((u) => u[attribute]).map((u) => u.name);
    if (holders.length > 0) {
      notMapped.push(`${label} (${holders.join(', ')}): the admin center's CSV has no column for it; set it in the admin center or Entra ID.`);
    }
  }
  const rows = withMailbox.map((user) => m365UserRow(user, notMapped));
  const files: string[] = [];
  for (let start = 0, part = 1; start < rows.length || part === 1; start += M365_USERS_PER_FILE, part++) {
    const file = part === 1 ? 'users.csv' : `users-${part}.csv`;
    writeCsvFile(outDir, file, M365_USERS_HEADER, rows.slice(start, start + M365_USERS_PER_FILE));
    files.push(file);
  }
  return files;
}
