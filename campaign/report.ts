/** What the campaign prints: a line per scenario, the replay command and diff of a failure, the figures. */
import type { ScenarioCounts, ScenarioResult } from './scenario';

export interface CampaignFigures extends ScenarioCounts {
  readonly scenarios: number;
  readonly mismatches: number;
  readonly leaks: number;
  readonly failedScenarios: number;
  readonly seconds: number;
}

export function scenarioLine(seed: number, r: ScenarioResult): string {
  const head = `scenario ${r.scenario} (seed ${r.scenarioSeed}): ${r.steps} steps, ${r.deploys} deploys ` +
    `(${r.failedOnPurpose} made to fail${r.exhausted ? `, ${r.exhausted} out of retries` : ''}), ${r.faults} faults, ${r.retries} retries, ${(r.ms / 1000).toFixed(1)} s`;
  if (r.problems.length === 0) return `${head}: ok`;
  return [
    `${head}: FAILED`,
    ...r.problems.flatMap((p) => [
      `  step ${p.step}: ${p.what}`,
      ...p.details,
      `  replay: npm run campaign -- --seed ${seed} --scenario ${r.scenario} --steps ${r.steps}`,
    ]),
  ].join('\n');
}

export function figuresOf(results: readonly ScenarioResult[], seconds: number): CampaignFigures {
  const sum = (f: (r: ScenarioResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return {
    scenarios: results.length,
    steps: sum((r) => r.steps),
    deploys: sum((r) => r.deploys),
    failedOnPurpose: sum((r) => r.failedOnPurpose),
    exhausted: sum((r) => r.exhausted),
    faults: sum((r) => r.faults),
    retryableAnswers: sum((r) => r.retryableAnswers),
    retries: sum((r) => r.retries),
    mismatches: sum((r) => r.problems.reduce((n, p) => n + p.mismatches, 0)),
    leaks: sum((r) => r.problems.reduce((n, p) => n + p.leaks, 0)),
    failedScenarios: results.filter((r) => r.problems.length > 0).length,
    seconds,
  };
}

export function figuresTable(f: CampaignFigures): string {
  return [
    `scenarios ${f.scenarios} (${f.failedScenarios} failed), steps ${f.steps}, deploys ${f.deploys} (destroys included; ` +
      `${f.failedOnPurpose} made to fail, ${f.exhausted} out of retries, all rolled back)`,
    `faults injected ${f.faults} (${f.retryableAnswers} retryable answers in the calls log), SDK retries seen ${f.retries}, state mismatches ${f.mismatches}, leaks ${f.leaks}, ${Math.round(f.seconds)} s`,
  ].join('\n');
}
