import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { defaultProvider } from '../../lambda/credentials';

const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
beforeEach(() => KEYS.forEach((k) => delete process.env[k]));
afterAll(() => KEYS.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]))));

test('the execution role\'s keys from the environment, as Lambda sets them', async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
  const credentials = await defaultProvider()();
  expect(credentials).toMatchObject({ accessKeyId: 'AKIDENV', secretAccessKey: 'secret', sessionToken: 'token' });
});

test('without keys in the environment: the container credentials endpoint, with its authorization token, asked once', async () => {
  const requests: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      AccessKeyId: 'AKIDCONTAINER', SecretAccessKey: 'secret', Token: 'token', Expiration: new Date(Date.now() + 3_600_000).toISOString(),
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials`;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = 'auth-token';
    const provider = defaultProvider();
    expect(await provider()).toMatchObject({ accessKeyId: 'AKIDCONTAINER', sessionToken: 'token' });
    // Kept until close to its expiration, as the SDK's default chain keeps it.
    expect(await provider()).toMatchObject({ accessKeyId: 'AKIDCONTAINER' });
    expect(requests).toEqual(['auth-token']);
  } finally {
    server.close();
  }
});

test('with neither: a clear error naming what Lambda would have set', async () => {
  await expect(defaultProvider()()).rejects.toThrow(/AWS_CONTAINER_CREDENTIALS_FULL_URI/);
});

test('the bundled handler carries this chain, not the SDK\'s default one with its SSO and STS clients', () => {
  const bundle = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'lambda', 'workmail-provider.lambda', 'index.js'), 'utf8');
  expect(bundle).toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
  for (const defaultChainOnly of ['AssumeRoleWithWebIdentity', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'credential_process', 'sso_start_url']) {
    expect(bundle).not.toContain(defaultChainOnly);
  }
});
