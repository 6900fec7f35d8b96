import * as fs from 'fs';
import * as path from 'path';
import { bundleSize, startTime } from './bundle';
import { measureLifecycle } from './lifecycle';
import { loadSeedFile, startEmulator } from '../local/emulator';

/**
 * The benchmark: what the handler costs to ship, to start, and in WorkMail API calls per lifecycle.
 * Prints a report and writes bench/results/latest.json. Never run by the tests.
 */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const size = bundleSize();
  console.log(`Handler bundle: ${(size.bytes / 1024).toFixed(0)} KiB (${(size.gzipBytes / 1024).toFixed(0)} KiB gzipped)`);

  const start = startTime();
  console.log(`Start (median of ${start.runs} fresh processes): bare node ${start.bareNodeMs} ms, node + handler module ${start.handlerLoadMs} ms (+${(start.handlerLoadMs - start.bareNodeMs).toFixed(1)} ms)`);

  const emulator = await startEmulator({ seed: loadSeedFile(path.join(__dirname, '..', 'example', 'seed.json')) });
  try {
    const lifecycle = await measureLifecycle(emulator);
    console.log('\nWorkMail API calls per lifecycle step of one user:');
    for (const { step, calls, total } of lifecycle) {
      const detail = Object.entries(calls).map(([operation, count]) => `${operation}${count > 1 ? ` x${count}` : ''}`).join(', ');
      console.log(`  ${step.padEnd(28)} ${String(total).padStart(2)}  ${detail}`);
    }
    const resultsDir = path.join(__dirname, 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, size, start, lifecycle }, null, 2));
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
