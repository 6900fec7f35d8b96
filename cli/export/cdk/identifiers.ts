/**
 * TypeScript identifiers for the entities of an exported app: a PascalCase construct id and a
 * camelCase variable per entity, derived from its name only (never from its id or from the order the
 * API listed it in), so that re-exporting the same organization gives the same code.
 */

/** Letters that Unicode does not decompose into a base letter and a mark. */
const TRANSLITERATIONS = new Map<string, string>([
  ['ß', 'ss'], ['ẞ', 'SS'], ['æ', 'ae'], ['Æ', 'AE'], ['œ', 'oe'], ['Œ', 'OE'], ['ø', 'o'], ['Ø', 'O'], ['ł', 'l'], ['Ł', 'L'],
  ['đ', 'd'], ['Đ', 'D'], ['ð', 'd'], ['Ð', 'D'], ['þ', 'th'], ['Þ', 'Th'], ['ı', 'i'], ['ħ', 'h'], ['Ħ', 'H'],
]);

/** Apostrophes join the letters around them (`O'Brien` → `OBrien`) instead of splitting words. */
const APOSTROPHES = /['\u2018\u2019\u201B\u02BC`\u00B4]/g;

/**
 * Words a generated variable must never be: the language's reserved words, and the names the
 * generated stack files declare themselves (imports, `organization`, constructor parameters).
 */
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'as',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await',
  'any', 'boolean', 'constructor', 'declare', 'get', 'module', 'require', 'number', 'set', 'string', 'symbol',
  'type', 'from', 'of', 'undefined', 'arguments', 'eval', 'async', 'object', 'never', 'unknown',
  'organization', 'scope', 'id', 'props', 'app', 'stack',
]);

/** The words of a name in ASCII letters and digits: accents dropped, other scripts left out. */
export function asciiWords(name: string): string[] {
  const ascii = [...name.replace(APOSTROPHES, '')]
    .map((char) => TRANSLITERATIONS.get(char) ?? char)
    .join('')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  return ascii.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
}

/** `engineering team` → `EngineeringTeam`; the letters after the first of each word keep their case. */
export function pascalCase(words: readonly string[]): string {
  return words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}

/** `OBriensFans` → `oBriensFans`, `HTTPProxy` → `httpProxy`, `ALL` → `all`, `AB3` → `ab3`. */
export function camelCase(pascal: string): string {
  const capitals = (/^[A-Z]+/.exec(pascal)?.[0] ?? '').length;
  // In a run of capitals followed by a lower-case letter (`HTTPProxy`), the last one starts the next word: it keeps its case.
  const lowered = capitals > 1 && /[a-z]/.test(pascal.charAt(capitals)) ? capitals - 1 : capitals;
  return pascal.slice(0, lowered).toLowerCase() + pascal.slice(lowered);
}

export interface NamedEntity {
  /** The entity's WorkMail name: unique in its organization, ignoring case. */
  readonly name: string;
  /** `User`, `Group`, `Room`, `Equipment`: prefixes a name that has no usable letters or starts with a digit. */
  readonly kindWord: string;
}

export interface EntityIdentifier {
  /** The construct id, e.g. `OBriensFans`. */
  readonly constructId: string;
  /** The variable, e.g. `oBriensFans`. */
  readonly variable: string;
}

/**
 * One identifier per entity of the organization, unique ignoring case (so that construct ids and
 * variables are both unique). Entities whose names give the same identifier are numbered in the
 * order of their names (`AB`, `AB2`, ...), so the result depends on the set of names only.
 */
export function entityIdentifiers(entities: readonly NamedEntity[]): Map<string, EntityIdentifier> {
  const base = (entity: NamedEntity) => {
    const pascal = pascalCase(asciiWords(entity.name));
    if (pascal === '' || /^[0-9]/.test(pascal)) return entity.kindWord + pascal;
    return RESERVED.has(camelCase(pascal).toLowerCase()) ? pascal + entity.kindWord : pascal;
  };
  const byName = [...entities].sort((a, b) => compareNames(a.name, b.name));
  const bases = new Map(byName.map((entity) => [entity.name, base(entity)]));
  // Every plain identifier is taken first, so that a numbered one never steals another entity's.
  const taken = new Set([...bases.values()].map((id) => id.toLowerCase()));
  const seen = new Set<string>();
  const result = new Map<string, EntityIdentifier>();
  for (const entity of byName) {
    const wanted = bases.get(entity.name)!;
    let constructId = wanted;
    if (seen.has(wanted.toLowerCase())) {
      let n = 2;
      while (taken.has(`${wanted}${n}`.toLowerCase())) n++;
      constructId = `${wanted}${n}`;
      taken.add(constructId.toLowerCase());
    }
    seen.add(constructId.toLowerCase());
    result.set(entity.name.toLowerCase(), { constructId, variable: camelCase(constructId) });
  }
  return result;
}

/** Code-point order: the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
