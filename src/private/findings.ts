import { AspectPriority, Aspects, CfnResource, IAspect, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A policy checker's finding on what a construct creates, reviewed, with why it stands. */
export interface ReviewedFinding {
  /** The AwsSolutions rule, e.g. `IAM5`. */
  readonly rule: string;
  /** Which finding of the rule (cdk-nag's bracketed part, e.g. `Resource::*`); none: every finding of the rule. */
  readonly finding?: string;
  readonly reason: string;
}

/** cdk-nag's own metadata entry, which cdk-nag 2 (run as an Aspect) reads from each resource. */
interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: string[];
}

const PACK = 'AwsSolutions';

/** The resource types each acknowledged rule checks: the metadata goes only where its finding can be. */
const RULE_RESOURCE_TYPES: Record<string, string[]> = {
  IAM4: ['AWS::IAM::Role'],
  IAM5: ['AWS::IAM::Role', 'AWS::IAM::Policy'],
  S1: ['AWS::S3::Bucket'],
  SMG4: ['AWS::SecretsManager::Secret'],
};

/**
 * Acknowledges the findings on everything below `scope`, in the two ways checkers read:
 * aws-cdk-lib's acknowledgements (cdk-nag 3, a validation plugin) and cdk-nag's resource
 * metadata (cdk-nag 2, an Aspect). The metadata is written by an Aspect that runs before
 * cdk-nag's own, so resources created after this call (the provider's lazy policies) get it too.
 */
export function acknowledgeFindings(scope: IConstruct, ...findings: ReviewedFinding[]): void {
  Validations.of(scope).acknowledge(...findings.map((f) => ({
    id: `${PACK}::${PACK}-${f.rule}${f.finding === undefined ? '' : `[${f.finding}]`}`,
    reason: f.reason,
  })));
  Aspects.of(scope).add(new NagMetadata(findings), { priority: AspectPriority.MUTATING });
}

class NagMetadata implements IAspect {
  constructor(private readonly findings: ReviewedFinding[]) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const present: NagSuppression[] = node.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    const seen = new Set(present.map((s) => JSON.stringify(s)));
    const added = this.findings
      .filter((f) => RULE_RESOURCE_TYPES[f.rule]?.includes(node.cfnResourceType) ?? true)
      .map((f): NagSuppression => ({
        id: `${PACK}-${f.rule}`,
        reason: f.reason,
        ...(f.finding === undefined ? {} : { applies_to: [f.finding] }),
      }))
      .filter((s) => !seen.has(JSON.stringify(s)));
    if (added.length > 0) node.addMetadata('cdk_nag', { rules_to_suppress: [...present, ...added] });
  }
}

/** A template value as findings name it: `<LogicalId.Attr>` for GetAtt, `<Name>` for Ref, joins joined. */
export function findingText(stack: Stack, value: string): string {
  const render = (v: any): string => {
    if (typeof v === 'string') return v;
    if (v.Ref !== undefined) return `<${v.Ref}>`;
    if (v['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'].join('.')}>`;
    if (v['Fn::Join'] !== undefined) return v['Fn::Join'][1].map(render).join(v['Fn::Join'][0]);
    return JSON.stringify(v);
  };
  return render(stack.resolve(value));
}
