import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { startEmulator, loadSeedFile } from './emulator';
import { formatReport, readOrganization } from './organization-report';
import { deploy } from './runner';
import { buildExampleApp, EXAMPLE_ORGANIZATION_ID } from '../example/app';

/**
 * The README's main command: start the WorkMail emulator, synthesize the example app,
 * deploy it through the bundled handler and print what the organization now holds.
 */
async function main(): Promise<void> {
  // The SDK warns about Node 20 on every run; this demo runs wherever the tests run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const seed = loadSeedFile(path.join(__dirname, '..', 'example', 'seed.json'));
  const emulator = await startEmulator({ seed });
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-demo-'));
  try {
    console.log(`WorkMail emulator listening on ${emulator.endpoint}`);

    const cloudAssemblyDir = path.join(workdir, 'cdk.out');
    buildExampleApp(cloudAssemblyDir).synth();
    console.log('Synthesized the example app (example/app.ts): stack WorkMailExample\n');

    console.log('Deploying WorkMailExample through the provider framework and the bundled handler:');
    await deploy({
      cloudAssemblyDir,
      stateFile: path.join(workdir, 'state.json'),
      workmailEndpoint: emulator.endpoint,
      log: (line) => console.log(`  ${line}`),
    });

    const deployCalls = emulator.calls.length;
    const client = new WorkMailClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const report = await readOrganization(client, EXAMPLE_ORGANIZATION_ID);
    console.log(`\nOrganization ${report.alias} (${report.organizationId}) now holds:\n`);
    console.log(formatReport(report));
    console.log(`\nThe deployment made ${deployCalls} WorkMail API calls; the table above was read back through the API.`);
  } finally {
    await emulator.close();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
