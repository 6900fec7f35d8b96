/**
 * The deployed stack as CloudFormation holds it, read-only: its current template (GetTemplate, stage
 * Original) resolved with its resources' physical ids (DescribeStackResources). A `Ref` is the physical
 * id; an entity's id attribute (`UserId`, `GroupId`, `ResourceId`, a lookup's `OrganizationId`) is the id
 * the physical id names; any other attribute is left as a reference (known only to the deployed stack).
 */
import { CloudFormationClient, DescribeStackResourcesCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { DeployedResource, DeployedStack } from './deployed';
import { parsePhysicalId } from '../../lambda/reconcilers/mail-entity/declaration';
import type { CfnTemplate } from '../../local/runner';
import { templateDeclarations } from '../drift/declarations';
import { referenceMarker } from '../drift/references';

const ID_ATTRIBUTES = ['UserId', 'GroupId', 'ResourceId', 'OrganizationId'];

/** CloudFormation's answer for a stack that does not exist (never deployed, or deleted). */
function isMissingStack(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  return e?.name === 'ValidationError' && /does not exist/.test(e.message ?? '');
}

/** `arn:aws:cloudformation:<region>:<account>:stack/…` → its region and account. */
function environmentOf(stackId: string | undefined): { region?: string; account?: string } {
  const [, , , region, account] = (stackId ?? '').split(':');
  return { region: region || undefined, account: account || undefined };
}

function parseTemplate(stackName: string, body: string | undefined): CfnTemplate {
  try {
    return JSON.parse(body ?? '') as CfnTemplate;
  } catch {
    throw new Error(`the deployed template of stack ${stackName} is not JSON (a YAML template cannot be planned against)`);
  }
}

/** The deployed stack, or undefined when CloudFormation has no such stack. */
export async function deployedFromCloudFormation(client: CloudFormationClient, stackName: string): Promise<DeployedStack | undefined> {
  let body: string | undefined;
  let listed;
  try {
    body = (await client.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))).TemplateBody;
    listed = (await client.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
  } catch (err) {
    if (isMissingStack(err)) return undefined;
    throw new Error(`reading stack ${stackName} from CloudFormation failed: ${(err as Error).name}: ${(err as Error).message}`);
  }
  const physical = new Map(listed.flatMap((r) => (r.LogicalResourceId && r.PhysicalResourceId ? [[r.LogicalResourceId, r.PhysicalResourceId]] : [])));
  const declarations = templateDeclarations({ stackName, template: parseTemplate(stackName, body), ...environmentOf(listed[0]?.StackId) }, {
    ref: (logicalId) => physical.get(logicalId) ?? referenceMarker({ stack: stackName, logicalId }),
    getAtt: (logicalId, attribute) => {
      const id = physical.get(logicalId);
      if (id !== undefined && ID_ATTRIBUTES.includes(attribute)) return parsePhysicalId(id).id;
      return referenceMarker({ stack: stackName, logicalId, attribute });
    },
  });
  const resources = new Map<string, DeployedResource>();
  for (const declaration of declarations) {
    const physicalId = physical.get(declaration.logicalId);
    // In the template but not (or no longer) in the stack: nothing of it is deployed.
    if (physicalId !== undefined) resources.set(declaration.logicalId, { physicalId, declaration });
  }
  return { stackName, resources, physicalIds: physical };
}
