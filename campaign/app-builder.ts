/** A campaign step's declaration as a CDK app, synthesized in process with the library's constructs. */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AppDeclaration, Declaration } from './declaration';
import {
  BookableResourceType, IWorkMailEntity, IWorkMailOrganization, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser,
} from '../src';

export const CAMPAIGN_STACK = 'WorkMailCampaign';

const removalPolicy = (decl: Declaration) => (decl.removal === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);

/** Synthesizes `app` into `outdir` (a cloud assembly) and returns `outdir`. */
export function synthesizeApp(app: AppDeclaration, organizationId: string, outdir: string): string {
  const cdkApp = new App({ outdir });
  const stack = new Stack(cdkApp, CAMPAIGN_STACK);
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Organization', organizationId);
  const made = new Map<string, IWorkMailEntity>();
  const refs = (keys: readonly string[]) => keys.map((key) => {
    const entity = made.get(key);
    if (!entity) throw new Error(`campaign bug: ${key} is referenced before it is declared`);
    return entity;
  });
  for (const decl of app.entities) made.set(decl.key, declare(stack, organization, decl, refs));
  cdkApp.synth();
  return outdir;
}

function declare(
  stack: Stack, organization: IWorkMailOrganization, decl: Declaration, refs: (keys: readonly string[]) => IWorkMailEntity[],
): IWorkMailEntity {
  const common = {
    organization,
    name: decl.name,
    email: decl.email,
    enabled: decl.enabled,
    hiddenFromAddressList: decl.hidden,
    removalPolicy: removalPolicy(decl),
    adoptExisting: decl.adopt,
  };
  let entity: WorkMailUser | WorkMailGroup | WorkMailResource;
  switch (decl.kind) {
    case 'user':
      entity = new WorkMailUser(stack, decl.key, {
        ...common,
        ...decl.attributes,
        displayName: decl.displayName,
        passwordSecret: decl.passwordSecretName === undefined
          ? undefined
          : secretsmanager.Secret.fromSecretNameV2(stack, `${decl.key}Password`, decl.passwordSecretName),
      });
      break;
    case 'group':
      entity = new WorkMailGroup(stack, decl.key, { ...common, members: refs(decl.members), exclusiveMembers: decl.exclusive });
      break;
    case 'resource':
      entity = new WorkMailResource(stack, decl.key, {
        ...common,
        type: decl.type === 'ROOM' ? BookableResourceType.ROOM : BookableResourceType.EQUIPMENT,
        description: decl.description,
        bookingOptions: decl.booking,
        delegates: refs(decl.delegates),
        exclusiveDelegates: decl.exclusive,
      });
      break;
  }
  for (const alias of decl.aliases) entity.addAlias(alias);
  return entity;
}
