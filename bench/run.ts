import * as fs from 'fs';
import * as path from 'path';
import { bundleContents, bundleSize } from './bundle';
import { formatCalls, measureLifecycle } from './lifecycle';
import { measureScaleDeploy, measureScaleSynth, printScaleDeploy, printScaleSynth } from './scale';
import { FULL_SIZE, SMALL_SIZE } from './scale-organization';
import { measureScan } from './scan';
import { measureStart } from './start';
import { loadSeedFile, startEmulator } from '../local/emulator';
import { HANDLER_NODE_VERSION, nodeBinary } from '../projenrc/handler-node';

/**
 * The benchmark: what the handler costs to ship, to start, and in WorkMail API calls per lifecycle; and what
 * the command's scan of a 2,000-entity organization costs in calls and time; what an organization of thousands
 * of mailboxes costs to synthesize (beside AwsCustomResource) and to deploy under a 10 requests/s throttle.
 * The organization is a tenth of the full size (2,000 users) unless `BENCH_SCALE=full` (or `--scale`):
 * the full-size deploy takes about half an hour at 10 requests/s.
 * Prints a report and writes bench/results/latest.json. Never run by the tests.
 */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const size = bundleSize();
  console.log(`Handler bundle: ${(size.bytes / 1024).toFixed(0)} KiB (${(size.gzipBytes / 1024).toFixed(0)} KiB gzipped)`);

  const contents = bundleContents();
  console.log(`  one copy of each package: ${contents.duplicated.length === 0 ? 'yes' : `NO, more than one of ${contents.duplicated.join(', ')}`}; largest:`);
  for (const { name, version, bytes } of contents.packages.slice(0, 8)) {
    console.log(`  ${`${name}${version ? `@${version}` : ''}`.padEnd(44)} ${(bytes / 1024).toFixed(0).padStart(4)} KiB`);
  }
  // The handler deploys on Node 24; the machine's own Node is measured too, beside it.
  const nodes: Array<[string, string]> = [[`Node ${process.version} (this machine's)`, process.execPath]];
  if (!process.version.startsWith(`v${HANDLER_NODE_VERSION}`)) {
    nodes.push([`Node v${HANDLER_NODE_VERSION} (the handler's runtime)`, nodeBinary(HANDLER_NODE_VERSION)]);
  }
  const start: Record<string, ReturnType<typeof measureStart>> = {};
  for (const [label, node] of nodes) {
    const measured = measureStart(15, undefined, node);
    start[label] = measured;
    console.log(`Handler start on ${label}, node -e "require(<bundle>)" vs a bare node -e "" (goal <= ${measured.goalRatio}x):`);
    console.log(measured.instructions
      ? `  instructions (callgrind): ${(measured.instructions.handlerLoad / 1e6).toFixed(0)} M vs ${(measured.instructions.bareNode / 1e6).toFixed(0)} M = ${measured.instructions.ratio}x; `
        + `vs ${(measured.instructions.builtIns / 1e6).toFixed(0)} M for the built-ins any SDK call loads = ${measured.instructions.ratioToBuiltIns}x`
      : '  instructions: valgrind is not installed (apt-get install -y valgrind), so wall time only');
    console.log(`  wall time (median of ${measured.runs} fresh processes): ${measured.handlerLoadMs} ms vs ${measured.bareNodeMs} ms = ${measured.wallRatio}x`);
  }

  const emulator = await startEmulator({ seed: loadSeedFile(path.join(__dirname, '..', 'example', 'seed.json')) });
  try {
    const lifecycle = await measureLifecycle(emulator);
    console.log('\nWorkMail API calls per lifecycle step (goal: the API\'s minimum + at most one read); per operation made/minimum:');
    console.log(`  ${'kind'.padEnd(20)} ${'step'.padEnd(38)} made  min  verdict  calls`);
    for (const step of lifecycle) {
      console.log(`  ${step.kind.padEnd(20)} ${step.step.padEnd(38)} ${String(step.total).padStart(4)} ${String(step.minimumTotal).padStart(4)}  `
        + `${step.verdict.padEnd(7)}  ${formatCalls(step)}`);
    }
    const over = lifecycle.filter((step) => step.verdict !== 'ok');
    console.log(`  ${lifecycle.length - over.length} of ${lifecycle.length} steps at the minimum + at most one read.`);
    for (const step of over) console.log(`  note, ${step.kind} ${step.step}: ${step.limit ?? 'no reason recorded: a regression to look at'}`);
    const scan = await measureScan();
    console.log(`\nScan of a ${scan.entities.toLocaleString('en-US')}-entity organization (concurrency ${scan.concurrency}): `
      + `${scan.total.toLocaleString('en-US')} calls (minimum ${scan.minimum.toLocaleString('en-US')}) in ${(scan.wallMs / 1000).toFixed(2)} s`);
    for (const [operation, [made, minimum]] of Object.entries(scan.calls)) {
      console.log(`  ${operation.padEnd(28)} ${String(made).padStart(5)}  (minimum ${minimum})`);
    }
    const fullScale = process.env.BENCH_SCALE === 'full' || process.argv.includes('--scale');
    const scaleSize = fullScale ? FULL_SIZE : SMALL_SIZE;
    if (!fullScale) console.log('\n(organization at a tenth of full size; BENCH_SCALE=full npm run bench for 2,000 users, about half an hour)');
    const scaleSynth = measureScaleSynth(scaleSize);
    printScaleSynth(scaleSynth);
    const scaleDeploy = await measureScaleDeploy(scaleSize);
    printScaleDeploy(scaleDeploy);
    const resultsDir = path.join(__dirname, 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, size, start, lifecycle, scan, scaleSynth, scaleDeploy }, null, 2));
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
