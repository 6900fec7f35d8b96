/**
 * Shell words for values read from WorkMail, so that nothing in a name is ever run by bash: inside
 * single quotes every character is literal (no `$(...)`, backticks, `;`, `"`), and a single quote itself
 * is written as '\'' (end the string, an escaped quote, start again).
 */
import { hasControlCharacters } from '../vendor-common';

/**
 * `value` as one single-quoted shell word. Line breaks and control characters are refused: callers make
 * free text one line first (`oneLine`), so that one command stays one line.
 */
export function shQuote(value: string): string {
  if (hasControlCharacters(value)) {
    throw new Error(`cannot write ${JSON.stringify(value)} as a shell word: it holds a line break or control character`);
  }
  return `'${value.replace(/'/g, "'\\''")}'`;
}
