/**
 * Passwords appear nowhere. Users with known, distinctive passwords (imported secrets, a JSON field of
 * a shared secret, and a generated one) are deployed through the local runner against an emulator that
 * throttles, fails with 5xx and loses responses; a deployment fails (a password WorkMail refuses as too
 * weak) and rolls back; another changes passwords; then the stack is destroyed. Everything is logged
 * verbosely, the provider framework included (its log holds the events and the responses it sent to
 * CloudFormation). Then every byte is scanned for each password, raw and in its JSON-escaped,
 * base64 and URL-encoded forms: the handler's and the framework's logs, the runner's lines, results and
 * errors, the state file, the synthesized templates, and the emulator's call log and state dump.
 *
 * Where a password may be: Secrets Manager (the runner's secrets file, and for a generated one the
 * runner's state file, which stands in for Secrets Manager and is written 0600), and WorkMail, which
 * holds a salted hash the emulator never exposes. The emulator's call log records operations, never
 * bodies. The runner masks known secrets in what it prints: a mask ('*****') anywhere means something
 * tried to print a password, so it fails the test too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { useEmulatorAndWorkdir } from './emulated';
import { deploy, DeployResult, destroy, LocalDeployError, readState } from '../../local/runner';
import { WorkMailOrganization, WorkMailUser } from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = 'm-5ec12e75ec12e75ec12e75ec12e75ec1';
const DOMAIN = 'secrets.example.com';
// Distinctive, and with characters that JSON, base64 and URLs each write differently.
const ANN_FIRST = 'Ann-"Quoted"\\Back-9x7Q';
const ANN_SECOND = 'Ann-Zwëi-Pa$$-4tW£';
const BEN_FIRST = 'Ben-Field/One+Plus=7k';
const BEN_SECOND = 'Ben-Field-Two\'Apos-3mZ';
const SHARED_OTHER = 'Nobody-Uses-This-5qR!';
/** Refused by the emulator's policy (one character class): CreateUser answers InvalidPasswordException. */
const WEAK = 'zzweakpasswordqq';

const file = useEmulatorAndWorkdir('secrets', {
  seed: { organizations: [{ id: ORG, alias: 'secrets', defaultMailDomain: DOMAIN, domains: [DOMAIN] }] },
  faults: { throttleRate: 0.05, seed: 7 },
});

interface Version {
  readonly annSecret: string;
  readonly benField: string;
  /** A user whose password WorkMail refuses: the deployment fails and rolls back. */
  readonly withWeak?: boolean;
}

function synth(name: string, version: Version): string {
  const outdir = path.join(file.workdir, name);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Secrets');
  const organization = WorkMailOrganization.fromOrganizationAttributes(stack, 'Org', { organizationId: ORG, mailDomains: [DOMAIN] });
  const destroyed = { organization, removalPolicy: RemovalPolicy.DESTROY };
  new WorkMailUser(stack, 'Ann', {
    ...destroyed, name: 'ann', email: `ann@${DOMAIN}`, passwordSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'AnnPassword', version.annSecret),
  });
  new WorkMailUser(stack, 'Ben', {
    ...destroyed,
    name: 'ben',
    email: `ben@${DOMAIN}`,
    passwordSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'SharedPasswords', 'shared-passwords'),
    passwordSecretField: version.benField,
  });
  new WorkMailUser(stack, 'Cy', { ...destroyed, name: 'cy', email: `cy@${DOMAIN}`, generatePassword: true });
  if (version.withWeak) {
    new WorkMailUser(stack, 'Dee', {
      ...destroyed, name: 'dee', email: `dee@${DOMAIN}`, passwordSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'DeePassword', 'dee-password'),
    });
  }
  // Verbose: the provider framework logs every event and the response it sends to CloudFormation.
  for (const child of stack.node.findAll()) {
    if (child instanceof CfnResource && child.cfnResourceType === 'AWS::Lambda::Function') {
      child.addPropertyOverride('LoggingConfig.ApplicationLogLevel', 'DEBUG');
      child.addPropertyOverride('LoggingConfig.LogFormat', 'JSON');
    }
  }
  app.synth();
  return outdir;
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return [`${full}\n${fs.readFileSync(full).toString('latin1')}\n${fs.readFileSync(full, 'utf8')}`];
  });
}

/** A deploy's result as text, less the generated secrets its state carries (the state file's, checked apart). */
function withoutSecrets(result: DeployResult): string {
  return JSON.stringify({ ...result, state: { ...result.state, secrets: undefined } });
}

/** The forms in which a value may leak. */
function forms(secret: string): string[] {
  return [...new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(1, -1),
    Buffer.from(secret, 'utf8').toString('base64'),
    Buffer.from(secret, 'utf8').toString('base64url'),
    encodeURIComponent(secret),
    Buffer.from(secret, 'utf8').toString('latin1'),
  ])];
}

test('no password appears in any log, result, error, template, state or emulator record', async () => {
  const stateFile = path.join(file.workdir, 'state.json');
  const secretsFile = path.join(file.workdir, 'secrets.json');
  const writeSecrets = () => fs.writeFileSync(secretsFile, JSON.stringify({
    'ann-password': ANN_FIRST,
    'ann-password-2': ANN_SECOND,
    'shared-passwords': { ben: BEN_FIRST, ben2: BEN_SECOND, other: SHARED_OTHER },
    'dee-password': WEAK,
  }));
  writeSecrets();
  const lines: string[] = [];
  const functionLog: string[] = [];
  const results: string[] = [];
  const options = (cloudAssemblyDir: string) => ({
    cloudAssemblyDir,
    stateFile,
    secretsFile,
    workmailEndpoint: file.emulator.endpoint,
    log: (line: string) => lines.push(line),
    functionLog: (line: string) => functionLog.push(line),
  });
  const stateFiles: string[] = [];
  const emulatorRecords: string[] = [];
  const recordEmulator = async () => {
    for (const hook of ['calls', 'state']) emulatorRecords.push(await (await fetch(`${file.emulator.endpoint}/_emulator/${hook}`)).text());
    emulatorRecords.push(JSON.stringify(file.emulator.snapshot()), JSON.stringify(file.emulator.calls));
  };
  const userId = (name: string) => file.emulator.snapshot().organizations[0].users.find((u) => u.name === name && u.state !== 'DELETED')?.id;

  // Faults on the calls that carry a password, besides the background throttling: a throttled and a lost
  // CreateUser (the retry finds the user made), a ResetPassword that fails with a 5xx then succeeds.
  file.emulator.failNext('CreateUser', 'ThrottlingException');
  file.emulator.loseNextResponse('CreateUser');
  file.emulator.failNext('ResetPassword', 'InternalFailure');

  // 1. Deploy: three users, each password from another kind of secret.
  results.push(withoutSecrets(await deploy(options(synth('v1', { annSecret: 'ann-password', benField: 'ben' })))));
  stateFiles.push(fs.readFileSync(stateFile, 'utf8'));
  const generated = readState(options(path.join(file.workdir, 'v1')))!.secrets.map((s) => s.secretString);
  expect(generated).toHaveLength(1);
  expect(file.emulator.checkPassword(ORG, userId('ann')!, ANN_FIRST)).toBe(true);
  expect(file.emulator.checkPassword(ORG, userId('ben')!, BEN_FIRST)).toBe(true);
  expect(file.emulator.checkPassword(ORG, userId('cy')!, generated[0])).toBe(true);
  await recordEmulator();

  // 2. A deployment that changes passwords and adds a user whose password WorkMail refuses: it rolls back.
  const failed = await deploy(options(synth('v2', { annSecret: 'ann-password-2', benField: 'ben2', withWeak: true }))).then(
    () => undefined, (err: unknown) => err as LocalDeployError);
  expect(failed).toBeInstanceOf(LocalDeployError);
  expect(failed!.reason).toContain('InvalidPasswordException');
  expect(failed!.rolledBack).toBe(true);
  results.push(failed!.message, failed!.reason, ...failed!.rollbackFailures, String(failed!.stack));
  expect(userId('dee')).toBeUndefined();
  expect(file.emulator.checkPassword(ORG, userId('ann')!, ANN_FIRST)).toBe(true);
  stateFiles.push(fs.readFileSync(stateFile, 'utf8'));
  await recordEmulator();

  // 3. The password changes alone: reset from the new secret and field.
  results.push(withoutSecrets(await deploy(options(synth('v3', { annSecret: 'ann-password-2', benField: 'ben2' })))));
  expect(file.emulator.checkPassword(ORG, userId('ann')!, ANN_SECOND)).toBe(true);
  expect(file.emulator.checkPassword(ORG, userId('ben')!, BEN_SECOND)).toBe(true);
  stateFiles.push(fs.readFileSync(stateFile, 'utf8'));
  await recordEmulator();

  // 4. Destroy.
  results.push(JSON.stringify(await destroy(options(path.join(file.workdir, 'v3')))));
  expect(file.emulator.snapshot().organizations[0].users.filter((u) => u.state !== 'DELETED')).toEqual([]);
  await recordEmulator();

  // Faults did happen, and the handler and the framework did log verbosely.
  const calls = file.emulator.calls;
  expect(calls.some((c) => c.errorName === 'ThrottlingException')).toBe(true);
  expect(calls.some((c) => c.status >= 500)).toBe(true);
  expect(calls.filter((c) => c.operation === 'ResetPassword' && c.status === 200).length).toBeGreaterThanOrEqual(2);
  expect(functionLog.some((l) => l.includes('"message":"workmail call"'))).toBe(true);
  expect(functionLog.some((l) => /submit response to cloudformation/i.test(l))).toBe(true);
  expect(functionLog.some((l) => l.includes('PasswordSecretArn'))).toBe(true);

  // The state file holds the generated password (it stands in for Secrets Manager) under `secrets` only.
  const statesWithoutSecrets = stateFiles.map((text) => JSON.stringify({ ...JSON.parse(text), secrets: undefined }));
  expect(stateFiles.every((text) => text.includes(JSON.stringify(generated[0]).slice(1, -1)))).toBe(true);

  const haystacks: Record<string, string[]> = {
    'runner lines': lines,
    'function logs (handler and framework)': functionLog,
    'results and errors': results,
    'state file (without its secrets)': statesWithoutSecrets,
    'synthesized templates': ['v1', 'v2', 'v3'].flatMap((v) => filesUnder(path.join(file.workdir, v))),
    'file.emulator calls and state': emulatorRecords,
  };
  const passwords = [ANN_FIRST, ANN_SECOND, BEN_FIRST, BEN_SECOND, SHARED_OTHER, WEAK, ...generated];
  const leaks: string[] = [];
  for (const [where, texts] of Object.entries(haystacks)) {
    const all = texts.join('\n');
    passwords.forEach((password, index) => {
      for (const form of forms(password)) if (all.includes(form)) leaks.push(`password #${index} in ${where} as ${JSON.stringify(form)}`);
    });
  }
  // The imported passwords are in no state file at all.
  for (const [index, password] of [ANN_FIRST, ANN_SECOND, BEN_FIRST, BEN_SECOND, SHARED_OTHER, WEAK].entries()) {
    if (stateFiles.some((text) => forms(password).some((form) => text.includes(form)))) leaks.push(`imported password #${index} in the state file`);
  }
  // Nothing even tried to print one: the runner's mask appears nowhere.
  for (const [where, texts] of Object.entries({ 'runner lines': lines, 'function logs': functionLog, 'errors': results })) {
    if (texts.some((t) => t.includes('*****'))) leaks.push(`a masked secret in ${where}`);
  }
  expect(leaks).toEqual([]);
}, DEPLOY_TEST_TIMEOUT_MS);
