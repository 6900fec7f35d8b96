/**
 * Before any event: the secrets the custom resources name that the runner does
 * not create (imported by ARN or name, e.g. a user's `PasswordSecretArn`) must
 * be in the secrets file, or the deploy would fail half-way, after creating
 * other resources. One error lists each missing secret and who needs it.
 */
import { IntrinsicError } from './intrinsics';
import type { StackContext } from './stack-context';

const SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:.+/;
/** Properties that name a secret even when the value is a plain name. */
const SECRET_PROPERTY = /Secret(Arn|Id|Name)$/;
const USER_TYPE = 'Custom::WorkMailUser';

/** Throws when a resource of `ids` names a secret the runner neither creates nor was given. */
export function checkImportedSecrets(ctx: StackContext, ids: readonly string[]): void {
  const missing = new Map<string, string[]>();
  for (const id of ids) {
    const resource = ctx.model.resource(id)!;
    for (const secretId of secretIds(ctx, resource.Properties ?? {}, `${id} (${resource.Type})`)) {
      if (ctx.secrets.find(secretId)) continue;
      const name = resource.Type === USER_TYPE && typeof resource.Properties?.Name === 'string' ? ` (user ${resource.Properties.Name})` : '';
      const needers = missing.get(secretId) ?? [];
      if (!needers.includes(id + name)) needers.push(id + name);
      missing.set(secretId, needers);
    }
  }
  if (missing.size === 0) return;
  const file = ctx.options.secretsFile ? `the secrets file ${ctx.options.secretsFile}` : 'a secrets file (none was given)';
  throw new Error(`the app reads ${missing.size} secret(s) that the local runner does not create; give their values in ${file}, ` +
    `as { "<arn or name>": "<secret string>" }:\n${[...missing].map(([secret, needers]) => `  ${secret}: needed by ${needers.join(', ')}`).join('\n')}`);
}

/**
 * The secret ids in a resource's properties: every value that resolves to a Secrets Manager
 * ARN, and the value of every `...SecretArn/Id/Name` property. Values that cannot be resolved
 * yet (a reference to a resource this deploy creates, such as the template's own secrets) are
 * skipped: the runner makes those itself.
 */
function secretIds(ctx: StackContext, value: unknown, where: string, key = ''): string[] {
  let resolved: unknown;
  try {
    resolved = ctx.resolver.resolve(value, where);
  } catch (e) {
    if (!(e instanceof IntrinsicError)) throw e;
    if (value === null || typeof value !== 'object' || isIntrinsic(value)) return [];
    // Resolve the parts one by one: one unresolvable part does not hide the others.
    return Object.entries(value).flatMap(([k, v]) => secretIds(ctx, v, where, Array.isArray(value) ? key : k));
  }
  return strings(resolved, key).filter(([k, v]) => SECRET_ARN.test(v) || (SECRET_PROPERTY.test(k) && v !== '')).map(([, v]) => v);
}

/** Every string in a resolved value, with the name of the property that holds it. */
function strings(value: unknown, key: string): Array<[string, string]> {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.flatMap(v => strings(v, key));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
