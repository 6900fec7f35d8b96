/**
 * Reads a user's password from Secrets Manager at deploy time: passwords never
 * travel as resource properties (the provider framework logs those). Messages
 * name the secret and what is wrong with it, never its value: not even a JSON
 * parse error, whose text quotes the input.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretReadError } from './errors';

/** Returns the password held by the secret (or by one JSON field of it). */
export type ReadPassword = (secretArn: string, field?: string) => Promise<string>;

export function createSecretsManagerClient(): SecretsManagerClient {
  // Endpoint and region from the environment (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_REGION).
  return new SecretsManagerClient({ maxAttempts: 5 });
}

/**
 * `client` may be a factory: the client is then made on the first read, so an event that
 * reads no password (most do not) never builds it.
 */
export function createPasswordReader(client: SecretsManagerClient | (() => SecretsManagerClient)): ReadPassword {
  let made = typeof client === 'function' ? undefined : client;
  return async (secretArn, field) => {
    let secretString: string | undefined;
    try {
      made ??= (client as () => SecretsManagerClient)();
      const output = await made.send(new GetSecretValueCommand({ SecretId: secretArn }));
      secretString = output.SecretString;
    } catch (err) {
      const shape = (err ?? {}) as { name?: string; code?: string; message?: string };
      // Network errors are plain Errors whose code says more than their name.
      const name = (!shape.name || shape.name === 'Error') && shape.code ? shape.code : shape.name ?? 'UnknownError';
      if (name === 'ResourceNotFoundException') {
        throw new SecretReadError(`Password secret ${secretArn} was not found (GetSecretValue: ResourceNotFoundException)`);
      }
      const message = shape.message ?? '';
      throw new SecretReadError(`Reading password secret ${secretArn} failed (GetSecretValue): ${name}: ${message}`);
    }
    if (secretString === undefined) {
      throw new SecretReadError(`Password secret ${secretArn} holds no string value (binary secrets are not supported)`);
    }
    return passwordFromSecretString(secretString, secretArn, field);
  };
}

/** The password in a secret's string: the whole string, or one field of a JSON object. */
export function passwordFromSecretString(secretString: string, secretArn: string, field?: string): string {
  if (field === undefined) return nonEmpty(secretString, `Password secret ${secretArn} is empty`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new SecretReadError(`Password secret ${secretArn} is not JSON, so its field '${field}' cannot be read`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SecretReadError(`Password secret ${secretArn} is not a JSON object, so its field '${field}' cannot be read`);
  }
  if (!(field in parsed)) {
    throw new SecretReadError(`Password secret ${secretArn} has no field '${field}'`);
  }
  const value = (parsed as Record<string, unknown>)[field];
  if (typeof value !== 'string') {
    throw new SecretReadError(`Field '${field}' of password secret ${secretArn} is not a string`);
  }
  return nonEmpty(value, `Field '${field}' of password secret ${secretArn} is empty`);
}

function nonEmpty(value: string, message: string): string {
  if (value.length === 0) throw new SecretReadError(message);
  return value;
}
