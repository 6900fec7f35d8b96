/**
 * The randomized lifecycle campaign: scenarios of random app changes deployed through the local runner
 * into a faulty emulator, each step checked against the expected-state model. Deterministic by seed,
 * bounded in scenarios, steps and time.
 */
import { CampaignFigures, figuresOf, scenarioLine } from './report';
import { runScenario, ScenarioOptions, ScenarioResult } from './scenario';

export type { CampaignFigures } from './report';
export type { ScenarioResult, Problem } from './scenario';

export interface CampaignOptions {
  readonly seed: number;
  readonly scenarios: number;
  readonly steps: number;
  /** Replay one scenario (1-based) instead of all. */
  readonly only?: number;
  /** Run only the scenarios whose number is `index` modulo `count` (1-based index), so that several processes share a run. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** No new scenario starts after this. */
  readonly maxMinutes?: number;
  /** Default 0.2. */
  readonly failureRate?: number;
  /** Default: throttling 30%, HTTP 5xx 5%, lost responses 3%, 2 ms latency. */
  readonly faults?: ScenarioOptions['faults'];
  readonly concurrency?: number;
  /** Per scenario: its line (and diff); with `verbose`, each step's changes. */
  readonly print?: (line: string) => void;
  readonly verbose?: boolean;
  /** The emulator's answers where the service is undocumented (`--behaviour <file>`); default its defaults. */
  readonly behaviour?: ScenarioOptions['behaviour'];
}

export const DEFAULT_FAULTS: ScenarioOptions['faults'] = { throttleRate: 0.3, serverErrorRate: 0.05, lostResponseRate: 0.03, latencyMs: 2 };

export interface CampaignResult {
  readonly results: ScenarioResult[];
  readonly figures: CampaignFigures;
  /** Scenarios not run because time ran out. */
  readonly skipped: number;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const deadline = options.maxMinutes === undefined ? Infinity : started + options.maxMinutes * 60_000;
  const all = Array.from({ length: options.scenarios }, (_, i) => i + 1);
  const shard = options.shard;
  const numbers = options.only !== undefined ? [options.only]
    : shard === undefined ? all : all.filter((n) => (n - 1) % shard.count === shard.index - 1);
  const print = options.print ?? (() => undefined);
  const results: ScenarioResult[] = [];
  for (const scenario of numbers) {
    if (Date.now() >= deadline) break;
    const result = await runScenario({
      seed: options.seed,
      scenario,
      steps: options.steps,
      failureRate: options.failureRate ?? 0.2,
      faults: options.faults ?? DEFAULT_FAULTS,
      concurrency: options.concurrency,
      log: options.verbose ? print : undefined,
      verbose: options.verbose,
      behaviour: options.behaviour,
    });
    results.push(result);
    print(scenarioLine(options.seed, result));
  }
  return { results, figures: figuresOf(results, (Date.now() - started) / 1000), skipped: numbers.length - results.length };
}
