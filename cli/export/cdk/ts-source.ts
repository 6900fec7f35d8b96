/** Pieces of TypeScript source: string literals and object-literal properties. */

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\', '\'': '\\\'', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v',
};

/**
 * A single-quoted TypeScript string literal: quotes and backslashes escaped, control characters,
 * line and paragraph separators and lone surrogates as `\x`/`\u` escapes; any other character,
 * non-ASCII included, kept as it is (the files are UTF-8).
 */
export function tsString(value: string): string {
  let out = '\'';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    const code = value.charCodeAt(i);
    if (NAMED_ESCAPES[char]) {
      out += NAMED_ESCAPES[char];
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${hex(code, 2)}`;
    } else if (code === 0x2028 || code === 0x2029) {
      out += `\\u${hex(code, 4)}`;
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += value.slice(i, i + 2);
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `\\u${hex(code, 4)}`;
    } else {
      out += char;
    }
  }
  return out + '\'';
}

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, '0');
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** `[a, b]` for references (variables), `['x', 'y']` for strings. */
export const tsStringArray = (values: readonly string[]) => `[${values.map(tsString).join(', ')}]`;

/** One property of an object literal per line, in the order given, undefined values left out, `key: key` as `key`. */
export function objectLiteral(properties: ReadonlyArray<readonly [string, string | undefined]>, indent: string): string {
  const lines = properties.filter(([, value]) => value !== undefined).map(([key, value]) => `${indent}  ${key === value ? key : `${key}: ${value}`},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Text for inside a `/** ... *\/` comment: it cannot end the comment early. */
export const commentText = (text: string) => text.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]+/g, ' ');
