/**
 * A minimal Secrets Manager endpoint (awsJson1_1): GetSecretValue only, which
 * is all the handler calls, answered from the runner's secret store.
 */
import type { Route } from './local-endpoints';
import type { SecretStore } from './secrets';

const TARGET_PREFIX = 'secretsmanager.';

export function secretsManagerRoute(store: SecretStore): Route {
  return async (request) => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) return undefined;
    const operation = target.slice(TARGET_PREFIX.length);
    if (operation !== 'GetSecretValue') {
      return error('UnknownOperationException', `the local Secrets Manager endpoint only serves GetSecretValue, not ${operation}`);
    }
    let input: { SecretId?: unknown };
    try {
      input = JSON.parse(request.body || '{}') as { SecretId?: unknown };
    } catch {
      return error('InvalidRequestException', 'the request body is not JSON');
    }
    if (typeof input.SecretId !== 'string' || input.SecretId === '') {
      return error('InvalidParameterException', 'SecretId is required');
    }
    const secret = store.find(input.SecretId);
    if (!secret) {
      return error('ResourceNotFoundException', `Secrets Manager can't find the specified secret (${input.SecretId}). ` +
        'Locally, secrets come from the template or from the secrets file.');
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({
        ARN: secret.arn,
        Name: secret.name,
        SecretString: secret.secretString,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Math.floor(Date.now() / 1000),
      }),
    };
  };
}

function error(type: string, message: string) {
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ __type: type, message }),
  };
}
