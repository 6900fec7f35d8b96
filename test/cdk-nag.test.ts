import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildExampleApp } from '../example/app';

test('the example stack passes cdk-nag AwsSolutions with only the findings the library acknowledges, each with a reason', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-nag-'));
  try {
    const app = buildExampleApp(outdir);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // A finding that is not acknowledged interrupts synthesis with the report.
    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const [awsSolutions] = report.pluginReports;
    expect(awsSolutions.pluginName).toBe('AwsSolutions');
    expect(awsSolutions.violations).toEqual([]);
    const suppressed = awsSolutions.suppressedViolations.map((v: any) => v.ruleName.replace(/\[.*/, ''));
    expect(new Set(suppressed)).toEqual(new Set(['AwsSolutions-SMG4', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5']));
    for (const violation of awsSolutions.suppressedViolations) {
      expect(violation.reason.length).toBeGreaterThan(20);
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
