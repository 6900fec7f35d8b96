/**
 * CloudFormation's limits on one template, checked at synth for the nested stacks a
 * spread makes, so that an organization that outgrows them fails before any deployment.
 */
import { Stack } from 'aws-cdk-lib';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html */
export const STACK_LIMITS = {
  resources: 500,
  parameters: 200,
  outputs: 200,
  /** A nested stack's template is read from S3: 1 MB. */
  templateBytes: 1_000_000,
} as const;

export interface TemplateSize {
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
  readonly templateBytes: number;
}

/** The size of `stack`'s template as it will be synthesized (undefined if this CDK version cannot render it here). */
export function templateSize(stack: Stack): TemplateSize | undefined {
  // Stack renders its template with an internal method; validation runs after references are resolved,
  // so the template seen here is the one synthesized.
  const render = (stack as unknown as { _toCloudFormation?: () => Record<string, Record<string, unknown> | undefined> })._toCloudFormation;
  if (typeof render !== 'function') return undefined;
  const template = render.call(stack);
  return {
    resources: Object.keys(template.Resources ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    templateBytes: Buffer.byteLength(JSON.stringify(template)),
  };
}

/** One message per limit `size` exceeds. */
export function limitViolations(size: TemplateSize): string[] {
  const over: string[] = [];
  if (size.resources > STACK_LIMITS.resources) over.push(`${size.resources} resources (CloudFormation allows ${STACK_LIMITS.resources})`);
  if (size.parameters > STACK_LIMITS.parameters) over.push(`${size.parameters} parameters (CloudFormation allows ${STACK_LIMITS.parameters})`);
  if (size.outputs > STACK_LIMITS.outputs) over.push(`${size.outputs} outputs (CloudFormation allows ${STACK_LIMITS.outputs})`);
  if (size.templateBytes > STACK_LIMITS.templateBytes) {
    over.push(`a template of ${size.templateBytes} bytes (CloudFormation reads at most ${STACK_LIMITS.templateBytes} from S3)`);
  }
  return over;
}
