import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import https from 'https';
import * as path from 'path';
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { FIXTURE_HANDLER_DIR, summary, synthFixture, takeEvents, workdir } from './helpers';
import { deploy, LocalDeployError, LocalRunnerOptions } from '../../local/runner';
import { selfSignedCertificate } from '../../local/runner/certificate';
import { loadFramework, locateFramework, TESTED_AWS_CDK_LIB_VERSION } from '../../local/runner/framework-runtime';

/** How the runner hosts the framework and the handler: versions, bundles, process state, Lambda's limits. */
const w = workdir('plumbing');
const eventsFile = path.join(w.dir, 'events.jsonl');

afterAll(() => w.cleanup());
beforeEach(() => takeEvents(eventsFile));

function options(cloudAssemblyDir: string, name: string): LocalRunnerOptions {
  return { cloudAssemblyDir, stateFile: path.join(w.dir, `${name}.json`), workmailEndpoint: 'http://127.0.0.1:4599' };
}

test('the installed aws-cdk-lib is the version the framework runtime path was tested with', () => {
  const location = locateFramework();
  expect(location.version).toBe(TESTED_AWS_CDK_LIB_VERSION);
  expect(fs.existsSync(location.file)).toBe(true);
});

test('a framework runtime that moved fails with the tested version and the path', () => {
  expect(() => loadFramework({ file: path.join(w.dir, 'nowhere', 'framework.js'), version: '2.999.0' })).toThrow(
    /provider framework runtime is not at .*nowhere.*framework\.js in aws-cdk-lib 2\.999\.0; the local runner was tested with aws-cdk-lib 2\.276\.0/,
  );
});

test('the self-signed certificate names the host and is signed by its own key', () => {
  const { cert } = selfSignedCertificate('cloudformation-custom-resource-response-euwest1.s3.amazonaws.com');
  const x509 = new X509Certificate(cert);
  expect(x509.subjectAltName).toBe('DNS:cloudformation-custom-resource-response-euwest1.s3.amazonaws.com');
  expect(x509.verify(x509.publicKey)).toBe(true);
  expect(x509.checkHost('cloudformation-custom-resource-response-euwest1.s3.amazonaws.com')).toBeDefined();
});

test('process state is restored after a run, the handler\'s output goes to functionLog, its bundle is loaded fresh each run', async () => {
  const app = synthFixture(path.join(w.dir, 'fresh'), eventsFile, s => s.resource('A', { Name: 'a', Version: '1', Say: 'via console', SayRaw: 'via stdout' }));
  const envBefore = { ...process.env };
  const agentBefore = https.globalAgent;
  const logBefore = console.log;
  const writeBefore = process.stdout.write;
  const functionLines: string[] = [];
  await deploy({ ...options(app, 'fresh'), functionLog: line => functionLines.push(line) });
  expect(process.env).toEqual(envBefore);
  expect(https.globalAgent).toBe(agentBefore);
  expect(console.log).toBe(logBefore);
  expect(process.stdout.write).toBe(writeBefore);
  expect(functionLines).toEqual(expect.arrayContaining(['via console', 'via stdout']));

  // Edit the staged bundle and the template in place: the next run of the same cdk.out must run the new code.
  const assetDir = fs.readdirSync(app).map(d => path.join(app, d)).find(d => fs.existsSync(path.join(d, 'index.js')) &&
    fs.readFileSync(path.join(d, 'index.js'), 'utf8').includes('EVENTS_FILE'))!;
  const bundle = path.join(assetDir, 'index.js');
  fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').replace('Upper: String(props.Name).toUpperCase()', "Upper: 'edited bundle'"));
  const templateFile = path.join(app, 'RunnerTest.template.json');
  fs.writeFileSync(templateFile, fs.readFileSync(templateFile, 'utf8').replace('"Version": "1"', '"Version": "2"'));
  const result = await deploy(options(app, 'fresh'));
  expect(result.outcomes.find(o => o.logicalId === 'A')).toMatchObject({ action: 'UPDATE', data: { Upper: 'edited bundle' } });
});

test('a missing handler bundle fails before any event with the build hint', async () => {
  const app = synthFixture(path.join(w.dir, 'unbundled'), eventsFile, s => s.resource('A', { Name: 'a' }));
  for (const dir of fs.readdirSync(app)) {
    const file = path.join(app, dir, 'index.js');
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('EVENTS_FILE')) fs.rmSync(file);
  }
  await expect(deploy(options(app, 'unbundled'))).rejects.toThrow(/index\.js is missing from its code asset: run npx projen bundle \/ synth first/);
  expect(fs.existsSync(path.join(w.dir, 'unbundled.json'))).toBe(false);
  expect(takeEvents(eventsFile)).toEqual([]);
});

test('the handler function\'s Timeout applies, as Lambda\'s does', async () => {
  const app = synthFixture(path.join(w.dir, 'timeout'), eventsFile, (s) => {
    const slow = new lambda.Function(s.stack, 'SlowHandler', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(FIXTURE_HANDLER_DIR),
      timeout: Duration.seconds(1),
      environment: { EVENTS_FILE: eventsFile },
    });
    const provider = new cr.Provider(s.stack, 'SlowProvider', { onEventHandler: slow });
    new CustomResource(s.stack, 'Slow', {
      serviceToken: provider.serviceToken, resourceType: 'Custom::WorkMailSlow', properties: { Name: 'slow', SleepMs: 1500 },
    });
  });
  const error = await deploy(options(app, 'timeout')).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(LocalDeployError);
  expect((error as LocalDeployError).reason).toMatch(/Task timed out after 1\.00 seconds/);
  expect(summary(takeEvents(eventsFile))).toEqual(['Create Slow']);
});
