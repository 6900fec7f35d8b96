/**
 * PowerShell string literals for values read from WorkMail, so that nothing in a name is ever run.
 *
 * A single-quoted string is literal: no `$(...)`, no `$variable`, no backtick escapes. Its only special
 * character is the quote itself, written twice to stand for one; and PowerShell's tokenizer takes the
 * typographic single quotes U+2018, U+2019, U+201A and U+201B for quotes too (CharTraits IsSingleQuote),
 * so `O’Brien` inside '...' would end the string at its `’` unless that is doubled as well. Double quotes,
 * the typographic U+201C, U+201D and U+201E included (CharTraits IsDoubleQuote), are plain characters inside
 * a single-quoted string: the tokenizer looks only for single quotes there, so they need nothing.
 */
import { hasControlCharacters } from '../vendor-common';

/** Every character PowerShell reads as a single quote. */
const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/**
 * `value` as a single-quoted PowerShell string. Line breaks and control characters are refused: a
 * recipient name cannot hold them, and callers make free text one line first (`oneLine`).
 */
export function psQuote(value: string): string {
  if (hasControlCharacters(value)) {
    throw new Error(`cannot write ${JSON.stringify(value)} as a PowerShell string: it holds a line break or control character`);
  }
  return `'${value.replace(SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

/** Several values as a PowerShell array argument: 'a','b'. */
export function psList(values: readonly string[]): string {
  return values.map(psQuote).join(',');
}
