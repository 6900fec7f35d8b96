/**
 * What an export job writes: a zip of the mailbox's items as MIME (`.eml`) and calendar items (`.ics`), and the
 * job's log, shaped like the service's example log (every value a string). The items are generated, the same for
 * the same mailbox and message count, so the archive's bytes and hash are reproducible.
 */
import { createHash } from 'crypto';
import { strToU8, zipSync, Zippable } from 'fflate';

export interface MailboxDescription {
  /** Primary address of the mailbox. */
  readonly email: string;
  readonly name: string;
  /** Messages to generate. */
  readonly messages: number;
}

/** The service's log, as its example shows it: values are strings; times are epoch seconds. */
export interface ExportLog {
  readonly totalNonExportableItems: string;
  readonly totalMessages: string;
  readonly sha384Hash: string;
  readonly totalBytes: string;
  readonly totalFolders: string;
  readonly startTime: string;
  readonly endTime: string;
}

export interface ExportArchive {
  readonly zip: Uint8Array;
  /** Names of the files in the zip. */
  readonly files: string[];
  readonly messages: number;
  readonly calendarItems: number;
  readonly folders: number;
}

/** A fixed date for generated items and zip entries: the same input gives the same bytes. */
const ITEM_EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);
const ZIP_MTIME = new Date(ITEM_EPOCH);

function message(mailbox: MailboxDescription, index: number): string {
  const date = new Date(ITEM_EPOCH + index * 3_600_000).toUTCString().replace('GMT', '+0000');
  const domain = mailbox.email.slice(mailbox.email.indexOf('@') + 1);
  return [
    `From: Sender ${index} <sender${index}@example.org>`,
    `To: ${mailbox.name} <${mailbox.email}>`,
    `Subject: Message ${index} for ${mailbox.name}`,
    `Date: ${date}`,
    `Message-ID: <${index}.${mailbox.name}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    `Message ${index} of ${mailbox.messages} in the mailbox of ${mailbox.email}.`,
    '',
  ].join('\r\n');
}

function calendarItem(mailbox: MailboxDescription): string {
  const stamp = new Date(ITEM_EPOCH).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//cdk-workmail//emulator//EN',
    'BEGIN:VEVENT',
    `UID:meeting-1-${mailbox.email}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${stamp}`,
    'DURATION:PT1H',
    `SUMMARY:Meeting of ${mailbox.name}`,
    `ORGANIZER:mailto:${mailbox.email}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** The archive of one mailbox: `Inbox/<n>.eml` for each message, `Calendar/1.ics`. */
export function buildArchive(mailbox: MailboxDescription): ExportArchive {
  const entries: Zippable = {};
  const files: string[] = [];
  for (let i = 1; i <= mailbox.messages; i++) {
    const name = `Inbox/${i}.eml`;
    entries[name] = [strToU8(message(mailbox, i)), { mtime: ZIP_MTIME }];
    files.push(name);
  }
  entries['Calendar/1.ics'] = [strToU8(calendarItem(mailbox)), { mtime: ZIP_MTIME }];
  files.push('Calendar/1.ics');
  return { zip: zipSync(entries, { level: 6 }), files, messages: mailbox.messages, calendarItems: 1, folders: 2 };
}

export function sha384Hex(bytes: Uint8Array): string {
  return createHash('sha384').update(bytes).digest('hex');
}

/** `startMs`/`endMs`: epoch milliseconds; the log holds epoch seconds. */
export function exportLog(archive: ExportArchive, startMs: number, endMs: number): ExportLog {
  return {
    totalNonExportableItems: '0',
    totalMessages: String(archive.messages),
    sha384Hash: sha384Hex(archive.zip),
    totalBytes: String(archive.zip.length),
    totalFolders: String(archive.folders),
    startTime: String(Math.floor(startMs / 1000)),
    endTime: String(Math.floor(endMs / 1000)),
  };
}
