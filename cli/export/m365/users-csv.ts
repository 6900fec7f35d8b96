/**
 * `users.csv` for the Microsoft 365 admin center's "Add multiple users" (Users > Active users): the
 * template's header row, one row per WorkMail user that has a mailbox.
 */
import type { SeedUser } from '../../../local/emulator';
import { oneLine, truncate, writeCsvFile } from '../vendor-common';

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

/**
 * The longest value Entra ID keeps in each column's user property (Microsoft Graph's user resource: givenName,
 * surname 64, displayName 256, jobTitle 128, department 64, streetAddress 1024, city 128, postalCode 40,
 * country 128); Office Number and Office Phone have none documented.
 */
export const M365_COLUMN_MAX: Partial<Record<(typeof M365_USERS_HEADER)[number], number>> = {
  'First Name': 64,
  'Last Name': 64,
  'Display Name': 256,
  'Job Title': 128,
  'Department': 64,
  'Address': 1024,
  'City': 128,
  'ZIP or Postal Code': 40,
  'Country or Region': 128,
};

/** The characters Entra ID allows in a user principal name's local part (the User Name column). */
const UPN_LOCAL = /^[A-Za-z0-9'.\-_!#^~]+$/;

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
  const local = user.email.slice(0, user.email.lastIndexOf('@'));
  if (!UPN_LOCAL.test(local)) {
    notMapped.push(`User “${user.name}”: ${user.email} holds characters that Entra ID does not allow in a user name (it allows A-Z, a-z, 0-9 `
      + 'and \' . - _ ! # ^ ~, no accents): the admin center refuses that row; give the user another user name and add this address to it.');
  }
  return M365_USERS_HEADER.map((column) => {
    const max = M365_COLUMN_MAX[column];
    const value = max ? truncate(row[column], max) : row[column];
    if (value !== row[column]) {
      notMapped.push(`User “${user.name}”: ${column} has more than the ${max} characters Entra ID keeps: it is shortened to “${value}”.`);
    }
    return value;
  });
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
