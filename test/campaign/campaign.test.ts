import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCampaign } from '../../campaign';
import { EMPTY_APP } from '../../campaign/declaration';
import { NameSource, nextStep, scenarioOrganization } from '../../campaign/generator';
import { stateOfSeed } from '../../campaign/org-state';
import { Random } from '../../campaign/random';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * A short run of the randomized lifecycle campaign (the long one is `npm run campaign`): a few scenarios of a
 * few steps, deployed through the local runner (IAM enforced) into an emulator injecting throttling, 5xx,
 * lost responses and latency, some steps made to fail on purpose; every step checked entity by entity.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

test('the same seed plans the same steps', () => {
  const plan = (seed: number) => {
    const random = new Random(seed);
    const org = stateOfSeed(scenarioOrganization(random, 1));
    const names = new NameSource();
    let previous = EMPTY_APP;
    const steps = [];
    for (let i = 0; i < 5; i++) {
      const step = nextStep({ random, names, previous, org, bound: new Set(), failureRate: 0.3 });
      steps.push(step);
      if (!step.failure) previous = step.app;
    }
    return steps;
  };
  expect(plan(42)).toEqual(plan(42));
  expect(plan(42)).not.toEqual(plan(43));
});

test('short campaign: every step equals its declaration, failed steps roll back, destroy leaves only what it should', async () => {
  const lines: string[] = [];
  const { figures } = await runCampaign({ seed: 11, scenarios: 2, steps: 3, failureRate: 0.4, print: (line) => lines.push(line) });

  expect(lines.join('\n')).not.toMatch(/FAILED/);
  expect(figures).toMatchObject({ scenarios: 2, steps: 6, deploys: 8, failedScenarios: 0, mismatches: 0, leaks: 0 });
  // The faults really happened, the SDK retried them, and at least one step failed on purpose and rolled back.
  expect(figures.faults).toBeGreaterThan(0);
  expect(figures.retryableAnswers).toBe(figures.faults);
  expect(figures.retries).toBeGreaterThan(0);
  expect(figures.failedOnPurpose).toBeGreaterThanOrEqual(1);
}, DEPLOY_TEST_TIMEOUT_MS);

test('--behaviour naming an unknown question or answer exits 2 naming it, before any scenario', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-behaviour-'));
  const file = path.join(dir, 'behaviour.json');
  fs.writeFileSync(file, JSON.stringify({ 'delete-missing-entity': 'explode' }));
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [tsNode, '--transpile-only', '--project', path.join('test', 'tsconfig.json'), path.join('campaign', 'cli.ts'), '--behaviour', file],
      { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }));
  });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr.split('\n')[0]).toBe(`behaviour file ${file}: unknown answer "explode" to delete-missing-entity (answers: success, entity-not-found)`);
}, 30_000);
