/**
 * The stack's `Outputs`, resolved as CloudFormation would after a deploy (Ref and Fn::GetAtt of deployed
 * resources, placeholders for the resources the runner does not deploy), so that tools reading a stack's
 * outputs (DescribeStacks) can be tried against a local deploy. An output whose Condition is false is left out.
 */
import type { CfnTemplate } from './assembly';
import type { Resolver } from './intrinsics';

export interface LocalStackOutput {
  readonly key: string;
  readonly value: string;
  readonly description?: string;
  readonly exportName?: string;
}

interface CfnOutputDefinition {
  readonly Value: unknown;
  readonly Description?: unknown;
  readonly Condition?: string;
  readonly Export?: { readonly Name?: unknown };
}

export function resolveStackOutputs(template: CfnTemplate, resolver: Resolver): LocalStackOutput[] {
  const outputs = (template as { Outputs?: Record<string, CfnOutputDefinition> }).Outputs ?? {};
  const resolved: LocalStackOutput[] = [];
  for (const [key, output] of Object.entries(outputs)) {
    if (output.Condition !== undefined && !resolver.condition(output.Condition)) continue;
    const where = `output ${key}`;
    const text = (value: unknown): string => {
      const v = resolver.resolve(value, where);
      return typeof v === 'string' ? v : JSON.stringify(v);
    };
    resolved.push({
      key,
      value: text(output.Value),
      ...(output.Description === undefined ? {} : { description: text(output.Description) }),
      ...(output.Export?.Name === undefined ? {} : { exportName: text(output.Export.Name) }),
    });
  }
  return resolved;
}
