/**
 * Local Secrets Manager secrets: the `AWS::SecretsManager::Secret` resources of
 * the template (created by the runner, their generated values kept in the state
 * file so that a second run keeps them) and secrets imported by ARN or name,
 * given in a secrets file.
 *
 * Secret values never leave this module except through the local Secrets
 * Manager endpoint and the state file; `values()` feeds the redactor.
 */
import { randomInt, randomUUID } from 'crypto';
import * as fs from 'fs';

export interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  readonly secretString: string;
  /** Changes whenever the value does, like Secrets Manager's version id. */
  readonly versionId: string;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** The punctuation Secrets Manager draws from (and ExcludePunctuation removes). */
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SUFFIX_CHARS = LOWER + UPPER + DIGITS;

/** `GenerateSecretString` of an `AWS::SecretsManager::Secret`, as in the template. */
export interface GenerateSecretStringSpec {
  readonly PasswordLength?: unknown;
  readonly ExcludeCharacters?: unknown;
  readonly ExcludeLowercase?: unknown;
  readonly ExcludeUppercase?: unknown;
  readonly ExcludeNumbers?: unknown;
  readonly ExcludePunctuation?: unknown;
  readonly IncludeSpace?: unknown;
  readonly RequireEachIncludedType?: unknown;
  readonly SecretStringTemplate?: unknown;
  readonly GenerateStringKey?: unknown;
}

/** Generates a secret string as Secrets Manager's GetRandomPassword would, with `crypto.randomInt`. */
export function generateSecretString(spec: GenerateSecretStringSpec, where: string): string {
  const flag = (v: unknown, dflt: boolean) => (v === undefined ? dflt : v === true || v === 'true');
  const length = spec.PasswordLength === undefined ? 32 : Number(spec.PasswordLength);
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new Error(`${where}: GenerateSecretString.PasswordLength must be an integer from 1 to 4096`);
  }
  const excluded = new Set(typeof spec.ExcludeCharacters === 'string' ? spec.ExcludeCharacters : '');
  const keep = (chars: string) => [...chars].filter(c => !excluded.has(c)).join('');
  const types = [
    flag(spec.ExcludeLowercase, false) ? '' : keep(LOWER),
    flag(spec.ExcludeUppercase, false) ? '' : keep(UPPER),
    flag(spec.ExcludeNumbers, false) ? '' : keep(DIGITS),
    flag(spec.ExcludePunctuation, false) ? '' : keep(PUNCTUATION),
    flag(spec.IncludeSpace, false) ? keep(' ') : '',
  ].filter(t => t.length > 0);
  const all = types.join('');
  if (all.length === 0) throw new Error(`${where}: GenerateSecretString excludes every character`);

  const chars: string[] = [];
  if (flag(spec.RequireEachIncludedType, true)) {
    if (types.length > length) {
      throw new Error(`${where}: GenerateSecretString.PasswordLength ${length} is shorter than the ${types.length} character types it must include`);
    }
    types.forEach(t => chars.push(t[randomInt(t.length)]));
  }
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  // Fisher-Yates, so that the required characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const password = chars.join('');

  const template = spec.SecretStringTemplate;
  const key = spec.GenerateStringKey;
  if (template === undefined && key === undefined) return password;
  if (typeof template !== 'string' || typeof key !== 'string') {
    throw new Error(`${where}: GenerateSecretString needs both SecretStringTemplate and GenerateStringKey, or neither`);
  }
  let object: unknown;
  try {
    object = JSON.parse(template);
  } catch {
    throw new Error(`${where}: GenerateSecretString.SecretStringTemplate is not a JSON object`);
  }
  if (!object || typeof object !== 'object' || Array.isArray(object)) {
    throw new Error(`${where}: GenerateSecretString.SecretStringTemplate is not a JSON object`);
  }
  return JSON.stringify({ ...(object as object), [key]: password });
}

/** The ARN Secrets Manager gives a new secret: its name plus a 6-character random suffix. */
export function newSecretArn(region: string, account: string, partition: string, name: string): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += SUFFIX_CHARS[randomInt(SUFFIX_CHARS.length)];
  return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}-${suffix}`;
}

export function newVersionId(): string {
  return randomUUID();
}

/** The secret name and the ARN without its random suffix, for matching partial ARNs and names. */
function identities(id: string): string[] {
  const m = /^(arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:)(.+)$/.exec(id);
  if (!m) return [id];
  const [, prefix, nameWithSuffix] = m;
  const withoutSuffix = /^(.+)-[A-Za-z0-9]{6}$/.exec(nameWithSuffix)?.[1];
  return withoutSuffix
    ? [id, prefix + withoutSuffix, withoutSuffix, nameWithSuffix]
    : [id, nameWithSuffix];
}

/**
 * The secrets the local Secrets Manager endpoint serves. Lookups accept the
 * full ARN, the ARN without its random suffix, or the name, as Secrets Manager does.
 */
export class SecretStore {
  private readonly created = new Map<string, StoredSecret>();
  private readonly imported = new Map<string, StoredSecret>();

  /** `created`: the runner's own secrets (persisted); `imported`: the secrets file (never persisted). */
  constructor(created: Iterable<StoredSecret> = [], imported: Iterable<StoredSecret> = []) {
    for (const s of created) this.created.set(s.arn, s);
    for (const s of imported) this.imported.set(s.arn, s);
  }

  public put(secret: StoredSecret): void {
    this.created.set(secret.arn, secret);
  }

  public remove(arn: string): void {
    this.created.delete(arn);
  }

  public get(arn: string): StoredSecret | undefined {
    return this.created.get(arn);
  }

  public find(secretId: string): StoredSecret | undefined {
    const wanted = new Set(identities(secretId));
    for (const secret of [...this.created.values(), ...this.imported.values()]) {
      if (identities(secret.arn).some(i => wanted.has(i)) || wanted.has(secret.name)) return secret;
    }
    return undefined;
  }

  /** The runner's own secrets, for the state file. */
  public persisted(): StoredSecret[] {
    return [...this.created.values()];
  }

  /** Every secret string, and every string field of a JSON secret, for redaction. */
  public values(): string[] {
    const result: string[] = [];
    for (const s of [...this.created.values(), ...this.imported.values()]) {
      result.push(s.secretString);
      try {
        const parsed = JSON.parse(s.secretString) as unknown;
        if (parsed && typeof parsed === 'object') {
          Object.values(parsed).forEach(v => typeof v === 'string' && result.push(v));
        }
      } catch {
        // not JSON: the whole string is the secret
      }
    }
    return result;
  }
}

/**
 * Reads a secrets file: `{ "<arn or name>": "<SecretString>" }` (an object value
 * is stored as its JSON). Errors never quote the file's content.
 */
export function readSecretsFile(file: string, region: string, account: string, partition: string): StoredSecret[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `secrets file ${file} does not exist` : `secrets file ${file} cannot be read (${code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the parser's message: it may quote the content.
    throw new Error(`secrets file ${file} is not valid JSON (expected { "<arn or name>": "<secret string>" })`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`secrets file ${file} must be a JSON object of "<arn or name>": "<secret string>"`);
  }
  return Object.entries(parsed as Record<string, unknown>).map(([id, value]) => {
    if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) {
      throw new Error(`secrets file ${file}: the value of "${id}" must be a string or a JSON object`);
    }
    const secretString = typeof value === 'string' ? value : JSON.stringify(value);
    const isArn = id.startsWith('arn:');
    const name = isArn ? identities(id).slice(-1)[0].replace(/-[A-Za-z0-9]{6}$/, '') : id;
    const arn = isArn ? id : `arn:${partition}:secretsmanager:${region}:${account}:secret:${id}`;
    return { arn, name, secretString, versionId: newVersionId() };
  });
}
