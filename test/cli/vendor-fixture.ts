/**
 * For the m365 and google export tests: the tricky organization as a scan, a CSV reader, and a reader of
 * PowerShell single-quoted strings that follows PowerShell's tokenizer.
 */
import { join } from 'path';
import { scanFromEmulator } from './scan-fixture';
import { OrganizationScan } from '../../cli/model';
import { loadSeedFile, startEmulator } from '../../local/emulator';

export const TRICKY_ORG = 'm-0123456789abcdef0123456789abcdef';

/** The organization of fixtures/tricky-seed.json, read back from an emulator seeded with it. */
export async function trickyScan(): Promise<OrganizationScan> {
  const emulator = await startEmulator({ seed: loadSeedFile(join(__dirname, 'fixtures', 'tricky-seed.json')) });
  try {
    return scanFromEmulator(emulator, TRICKY_ORG);
  } finally {
    await emulator.close();
  }
}

/** RFC 4180 records: fields quoted with ", a doubled " inside a quoted field, CRLF or LF record ends. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** What PowerShell takes for a single quote (CharTraits IsSingleQuote). */
const isSingleQuote = (c: string | undefined) => c !== undefined && "'\u2018\u2019\u201a\u201b".includes(c);

/**
 * One line of PowerShell split as its tokenizer reads single-quoted strings: `code` is the line with each
 * string replaced by `<S>`, `strings` their values. Inside a string, two quote characters in a row stand
 * for one (the second is kept); one alone ends the string; a # outside a string starts a comment. An
 * unterminated string throws.
 */
export function psStrings(line: string): { code: string; strings: string[] } {
  const strings: string[] = [];
  let code = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '#') break; // a comment runs to the end of the line
    if (!isSingleQuote(line[i])) {
      code += line[i];
      continue;
    }
    let value = '';
    for (i++; ; i++) {
      if (i >= line.length) throw new Error(`unterminated string in: ${line}`);
      if (isSingleQuote(line[i])) {
        if (!isSingleQuote(line[i + 1])) break;
        i++;
      }
      value += line[i];
    }
    strings.push(value);
    code += '<S>';
  }
  return { code, strings };
}
