/**
 * npm run campaign -- --seed N --steps M [--scenarios K] [--scenario S] [--max-minutes T] [--concurrency C] [--shard I/N]
 *   [--behaviour FILE] [--verbose]
 * (--shard I/N: this process runs scenarios I, I+N, I+2N...; N processes together make the run. --behaviour: the
 * emulator's answers where the service is undocumented, JSON {"<question>": "<answer>"}.)
 * Exit 0 when every scenario held, 1 when one failed (its seed and step are printed), 2 on a usage error.
 */
import { parseArgs } from 'util';
import { runCampaign } from '.';
import { figuresTable } from './report';
import { loadBehaviourFile } from '../local/emulator';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const USAGE = 'usage: npm run campaign -- --seed <n> --steps <m> [--scenarios <k>] [--scenario <s>] [--max-minutes <t>] ' +
  '[--failure-rate <0..1>] [--concurrency <c>] [--shard <i>/<n>] [--behaviour <file>] [--verbose]';

function positiveInt(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (name === 'seed' ? 0 : 1)) throw new Error(`--${name} must be a ${name === 'seed' ? 'non-negative' : 'positive'} integer`);
  return n;
}

async function main(): Promise<number> {
  let args;
  try {
    const { values } = parseArgs({
      options: {
        'seed': { type: 'string' },
        'steps': { type: 'string' },
        'scenarios': { type: 'string' },
        'scenario': { type: 'string' },
        'max-minutes': { type: 'string' },
        'failure-rate': { type: 'string' },
        'concurrency': { type: 'string' },
        'shard': { type: 'string' },
        'behaviour': { type: 'string' },
        'verbose': { type: 'boolean' },
      },
    });
    const failureRate = values['failure-rate'] === undefined ? undefined : Number(values['failure-rate']);
    if (failureRate !== undefined && !(failureRate >= 0 && failureRate <= 1)) throw new Error('--failure-rate must be from 0 to 1');
    const maxMinutes = values['max-minutes'] === undefined ? undefined : Number(values['max-minutes']);
    if (maxMinutes !== undefined && !(maxMinutes > 0)) throw new Error('--max-minutes must be a positive number');
    const shardMatch = values.shard === undefined ? undefined : /^(\d+)\/(\d+)$/.exec(values.shard);
    if (values.shard !== undefined && (!shardMatch || Number(shardMatch[1]) < 1 || Number(shardMatch[1]) > Number(shardMatch[2]))) {
      throw new Error('--shard must be <i>/<n> with 1 <= i <= n');
    }
    args = {
      shard: shardMatch ? { index: Number(shardMatch[1]), count: Number(shardMatch[2]) } : undefined,
      seed: positiveInt('seed', values.seed, 1)!,
      steps: positiveInt('steps', values.steps, 6)!,
      scenarios: positiveInt('scenarios', values.scenarios, 10)!,
      only: positiveInt('scenario', values.scenario),
      maxMinutes,
      failureRate,
      concurrency: positiveInt('concurrency', values.concurrency),
      verbose: values.verbose ?? false,
      // An unknown question or answer is a usage error naming it.
      behaviour: values.behaviour === undefined ? undefined : loadBehaviourFile(values.behaviour),
    };
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { figures, skipped } = await runCampaign({ ...args, print: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${figuresTable(figures)}${skipped > 0 ? `\n${skipped} scenarios not run: --max-minutes reached` : ''}\n`);
  return figures.failedScenarios === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`campaign failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
