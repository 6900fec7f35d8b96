import { WorkMailClient } from '@aws-sdk/client-workmail';
import { EmulatorOptions, EmulatorSeed, RunningEmulator, startEmulator } from '../../local/emulator';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const ORG = 'm-0123456789abcdef0123456789abcdef';
export const DOMAIN = 'acme.example.com';
export const OTHER_DOMAIN = 'other.example.com';
/** A domain of ORG that is not verified: addresses in it answer MailDomainStateException. */
export const UNVERIFIED_DOMAIN = 'pending.example.com';
export const INACTIVE_ORG = 'm-fedcba9876543210fedcba9876543210';
export const MISSING_ORG = 'm-00000000000000000000000000000000';
export const GOOD_PASSWORD = 'Corr3ct-Horse';

export const SEED: EmulatorSeed = {
  organizations: [
    { id: ORG, alias: 'acme', defaultMailDomain: DOMAIN, domains: [DOMAIN, OTHER_DOMAIN], unverifiedDomains: [UNVERIFIED_DOMAIN] },
    { id: INACTIVE_ORG, alias: 'old', defaultMailDomain: 'old.example.com', domains: ['old.example.com'], state: 'Impaired' },
  ],
};

export function client(endpoint: string, maxAttempts = 1): WorkMailClient {
  return new WorkMailClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
  });
}

export interface Harness {
  readonly emulator: RunningEmulator;
  readonly wm: WorkMailClient;
}

/** Starts one emulator for a test file; `get()` is valid inside tests. */
export function useEmulator(options: EmulatorOptions = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    const emulator = await startEmulator({ seed: SEED, ...options });
    harness = { emulator, wm: client(emulator.endpoint) };
  });
  afterAll(async () => {
    harness?.wm.destroy();
    await harness?.emulator.close();
  });
  return () => {
    if (!harness) throw new Error('emulator not started');
    return harness;
  };
}

/** Awaits a rejection and checks the SDK's error name. */
export async function expectError(promise: Promise<unknown>, name: string): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).name).toBe(name);
  return caught as Error;
}

let counter = 0;
/** A name unique within the test run (names are unique per organization). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
}
