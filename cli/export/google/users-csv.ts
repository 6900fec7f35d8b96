/**
 * `users.csv` for the Google Workspace admin console's bulk upload (Directory > Users > Bulk update users),
 * with the header row its template writes, and `users.README.txt` saying what to fill in before uploading:
 * a CSV file has no place for comments.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import type { SeedUser } from '../../../local/emulator';
import { oneLine, postalAddress, truncate, writeCsvFile } from '../vendor-common';

/** The template's header row, exactly. */
export const GOOGLE_USERS_HEADER = [
  'First Name [Required]', 'Last Name [Required]', 'Email Address [Required]', 'Password [Required]', 'Password Hash Function [UPLOAD ONLY]',
  'Org Unit Path [Required]', 'New Primary Email [UPLOAD ONLY]', 'Recovery Email', 'Home Secondary Email', 'Work Secondary Email',
  'Recovery Phone [MUST BE IN THE E.164 FORMAT]', 'Work Phone', 'Home Phone', 'Mobile Phone', 'Work Address', 'Home Address', 'Employee ID',
  'Employee Type', 'Employee Title', 'Manager Email', 'Department', 'Cost Center', 'Building ID', 'Floor Name', 'Floor Section',
  'Change Password at Next Sign-In', 'New Status [UPLOAD ONLY]', 'New Licenses [UPLOAD ONLY]', 'Advanced Protection Program enrollment',
] as const;

export const GOOGLE_USERS_FILE = 'users.csv';
export const GOOGLE_USERS_README = 'users.README.txt';

/** First and last name; Google requires both. Missing ones come from the display name (first word, the rest), else the user name. */
export function googleNames(user: SeedUser): { first: string; last: string; derived: boolean } {
  const words = (user.displayName ?? user.name).trim().split(/\s+/).filter(Boolean);
  const fallback = words.length > 0 ? words : [user.name];
  const first = user.firstName || fallback[0];
  const last = user.lastName || (fallback.length > 1 ? fallback.slice(1).join(' ') : fallback[0]);
  return { first, last, derived: !user.firstName || !user.lastName };
}

/** Users per file and characters per first or last name that the admin console takes (Google's "Add or update multiple users"). */
export const GOOGLE_USERS_PER_FILE = 150_000;
export const GOOGLE_NAME_MAX = 60;

/**
 * Google's username rules ("Username and group name guidelines"): letters, digits, - _ ' and periods, at most 64
 * characters, no two periods in a row, none at either end; accented letters and & = < > + , ! are refused or
 * limited. An address is never changed here: one Google refuses is reported, for the administrator to decide.
 */
export function googleUsernameProblem(address: string): string | undefined {
  const local = address.slice(0, Math.max(address.lastIndexOf('@'), 0));
  if (local.length > 64) return 'its local part has more than 64 characters';
  if (!/^[a-z0-9\-_'.]+$/i.test(local)) return 'its local part holds characters other than letters, digits, - _ \' and periods';
  if (/\.\.|^\.|\.$/.test(local)) return 'its local part has two periods in a row or one at an end';
  return undefined;
}

/** Text without the angle brackets Google refuses in first and last names and in group names (and = in group names). */
export function withoutRefused(value: string, refused: RegExp, what: string, notMapped: string[]): string {
  const cleaned = value.replace(refused, '');
  if (cleaned !== value) notMapped.push(`${what} holds characters Google refuses there (${[...new Set(value.match(refused))].join(' ')}): they are left out.`);
  return cleaned;
}

export function googleUserRow(user: SeedUser & { email: string }, notMapped: string[]): string[] {
  const text = (value: string | undefined, what: string) => (value ? oneLine(value, `user “${user.name}”: ${what}`, notMapped) : '');
  const name = (value: string, what: string) => {
    const whole = withoutRefused(text(value, what), /[<>]/g, `User “${user.name}”: the ${what}`, notMapped);
    const short = truncate(whole, GOOGLE_NAME_MAX);
    if (short !== whole) notMapped.push(`User “${user.name}”: the ${what} has more than ${GOOGLE_NAME_MAX} characters, Google's limit: it is shortened to “${short}”.`);
    return short;
  };
  const names = googleNames(user);
  if (names.derived) {
    notMapped.push(`User “${user.name}” has no ${!user.firstName && !user.lastName ? 'first or last name' : !user.firstName ? 'first name' : 'last name'} `
      + `in WorkMail; Google requires both: users.csv has “${names.first}” / “${names.last}”, taken from the display name. Check them.`);
  }
  const problem = googleUsernameProblem(user.email);
  if (problem) notMapped.push(`User “${user.name}”: Google may refuse ${user.email} as a username: ${problem}.`);
  const row: Partial<Record<(typeof GOOGLE_USERS_HEADER)[number], string>> = {
    'First Name [Required]': name(names.first, 'first name'),
    'Last Name [Required]': name(names.last, 'last name'),
    'Email Address [Required]': user.email,
    'Password [Required]': '',
    'Org Unit Path [Required]': '/',
    'Work Phone': text(user.telephone, 'telephone'),
    'Work Address': text(postalAddress(user), 'address'),
    'Employee Title': text(user.jobTitle, 'job title'),
    'Department': text(user.department, 'department'),
    'Change Password at Next Sign-In': 'TRUE',
  };
  return GOOGLE_USERS_HEADER.map((column) => row[column] ?? '');
}

const README = (count: number) => `users.csv: ${count} ${count === 1 ? 'user' : 'users'} for the Google Workspace admin console
(Directory > Users > Bulk update users > attach users.csv), read from WorkMail by cdk-workmail.

Before you upload it:

1. Fill in the "Password [Required]" column: it is empty because WorkMail never gives passwords out.
   Each password needs 8 characters or more (or your organization's rule). "Change Password at Next
   Sign-In" is TRUE, so each user picks their own password at first sign-in.
2. Send each user their password yourself: Google sends no welcome email to users added from a CSV file.
3. Keep the first row (the column headings) as it is, and keep the file UTF-8: it starts with a byte
   order mark so that Excel reads the accents and other non-ASCII characters right.

Every user is placed in the top organizational unit ("/"); change "Org Unit Path [Required]" to place
them elsewhere. First and last names that WorkMail did not have were taken from the display name:
MIGRATION.md lists them. Run gam.sh after the upload.
`;

/** Writes users.csv and users.README.txt; returns the files written. */
export function writeGoogleUsers(outDir: string, users: readonly SeedUser[], notMapped: string[]): string[] {
  const withMailbox = users.filter((u): u is SeedUser & { email: string } => !!u.email);
  for (const user of users.filter((u) => !u.email)) {
    notMapped.push(`User “${user.name}” has no mailbox (it is not registered to WorkMail): left out of users.csv.`);
  }
  for (const [attribute, label] of [['initials', 'Initials'], ['company', 'Company'], ['office', 'Office']] as const) {
    const holders = withMailbox.filter((u) => u[attribute]).map((u) => u.name);
    if (holders.length > 0) notMapped.push(`${label} (${holders.join(', ')}): the admin console's CSV has no column for it.`);
  }
  const rows = withMailbox.map((user) => googleUserRow(user, notMapped));
  const files: string[] = [];
  for (let start = 0, part = 1; start < rows.length || part === 1; start += GOOGLE_USERS_PER_FILE, part++) {
    const file = part === 1 ? GOOGLE_USERS_FILE : `users-${part}.csv`;
    writeCsvFile(outDir, file, GOOGLE_USERS_HEADER, rows.slice(start, start + GOOGLE_USERS_PER_FILE));
    files.push(file);
  }
  if (files.length > 1) {
    notMapped.push(`${rows.length} users are more than the ${GOOGLE_USERS_PER_FILE} the admin console takes from one file: `
      + `they are split over ${files.join(', ')}; upload each.`);
  }
  writeFileSync(join(outDir, GOOGLE_USERS_README), README(withMailbox.length), 'utf8');
  return [...files, GOOGLE_USERS_README];
}
