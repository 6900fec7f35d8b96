/** The WorkMail client of `export` and `drift`: the SDK's default chain, a profile or region, or a local endpoint. */
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { Flags, optionalString, Parsed, UsageError } from './args';

/** Attempts per call, retries included: enough to ride out throttling, bounded so a broken endpoint fails. */
export const MAX_ATTEMPTS = 8;

export const CONNECTION_FLAGS: Flags = {
  region: { type: 'string', value: '<region>', description: 'AWS region of the organization (default: the SDK\'s, e.g. AWS_REGION or the profile\'s)' },
  profile: { type: 'string', value: '<name>', description: 'named profile of the shared AWS config and credentials files' },
  endpoint: {
    type: 'string',
    value: '<url>',
    description: 'a WorkMail endpoint such as the emulator\'s (dummy credentials; region us-east-1 unless --region)',
  },
};

export interface Connection {
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
}

export function connectionOf(parsed: Parsed): Connection {
  const endpoint = optionalString(parsed, 'endpoint');
  const profile = optionalString(parsed, 'profile');
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) throw new UsageError(`--endpoint must be an http(s) URL, got '${endpoint}'`);
  if (endpoint !== undefined && profile !== undefined) throw new UsageError('--endpoint and --profile exclude each other (the endpoint uses dummy credentials)');
  return { region: optionalString(parsed, 'region'), profile, endpoint };
}

/** Adaptive retries (client-side rate limiting on throttling), at most MAX_ATTEMPTS attempts per call. */
export function workmailClient(connection: Connection): WorkMailClient {
  const common = { retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS };
  if (connection.endpoint !== undefined) {
    return new WorkMailClient({
      ...common,
      endpoint: connection.endpoint,
      region: connection.region ?? 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }
  return new WorkMailClient({
    ...common,
    ...(connection.region === undefined ? {} : { region: connection.region }),
    ...(connection.profile === undefined ? {} : { profile: connection.profile }),
  });
}
