/**
 * The `cdk` export: a live organization as a TypeScript CDK app that adopts every entity as it is, so
 * that its first deploy changes nothing and from then on the organization changes through reviewed code.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import {
  AppIdentity, EntryStack, GITIGNORE, appNameOf, cdkJson, entryPoint, organizationModule, packageJson, readme, tsconfigJson,
} from './app-files';
import { NamedEntity, asciiWords, camelCase, entityIdentifiers, pascalCase } from './identifiers';
import { PlannedStack, StackPart, planStacks } from './plan';
import { AppModel, AppStack, stackSource } from './stack-source';
import type { OrganizationScan } from '../../model';

import type { ExportContext, ExportResult } from '../types';

export { MAX_RESOURCES_PER_STACK, MAX_TEMPLATE_BYTES_PER_STACK } from './plan';

/** Writes the app into `outDir` (created if missing; files of the same names are replaced). */
export async function writeCdkExport(scan: OrganizationScan, outDir: string, context: ExportContext): Promise<ExportResult> {
  const organization = scan.organization;
  const app: AppIdentity = {
    organizationId: organization.id,
    organizationAlias: organization.alias,
    defaultMailDomain: organization.defaultMailDomain,
    domains: organization.domains,
    appName: appNameOf(organization.alias),
    toolVersion: context.toolVersion,
  };
  const plans = planStacks(scan);
  const model = appModel(scan, plans);
  const sources = model.stacks.map((_, index) => stackSource(model, index));

  const entry: EntryStack[] = model.stacks.map((stack, index) => ({
    className: stack.className,
    moduleName: stack.moduleName,
    stackName: stack.stackName,
    variable: stackVariable(stack.plan),
    // Only on stacks of a kind declared before: groups of two group stacks may contain each other.
    after: sources[index].references
      .filter((other) => PART_ORDER.indexOf(model.stacks[other].plan.part) < PART_ORDER.indexOf(stack.plan.part))
      .map((other) => stackVariable(model.stacks[other].plan)),
  }));
  const files = new Map<string, string>([
    ['package.json', packageJson(app)],
    ['cdk.json', cdkJson(app)],
    ['tsconfig.json', tsconfigJson()],
    ['.gitignore', GITIGNORE],
    ['README.md', readme(app, entry, plans.length > 1)],
    [`bin/${app.appName}.ts`, entryPoint(entry)],
    ['lib/organization.ts', organizationModule(app)],
    ...model.stacks.map((stack, index): [string, string] => [`lib/${stack.moduleName}.ts`, sources[index].text]),
  ]);
  for (const [file, content] of files) {
    const target = path.join(outDir, ...file.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, 'utf8');
  }

  const counts = {
    users: organization.users.length,
    groups: organization.groups.length,
    resources: organization.resources.length,
    aliases: [...organization.users, ...organization.groups, ...organization.resources].reduce((n, e) => n + (e.aliases ?? []).length, 0),
    stacks: model.stacks.length,
  };
  for (const stack of model.stacks) {
    context.log(`cdk: ${stack.stackName}: ${stack.plan.users.length} users, ${stack.plan.groups.length} groups, `
      + `${stack.plan.resources.length} resources (${stack.plan.entityResources} CloudFormation resources besides the provider's)`);
  }
  return {
    files: [...files.keys()].sort(),
    counts,
    notMapped: [...notMappedAlways(scan), ...sources.flatMap((source) => source.notMapped)],
    steps: [
      'npm install (in the app\'s folder)',
      'npx cdk synth: compiles and synthesizes the app; review the code in lib/ and commit it to a repository',
      'npx cdk bootstrap, once per account and region, in the organization\'s region (the provider\'s function code is an asset)',
      'npx cdk diff, then npx cdk deploy --all: the first deploy only adopts (it reads every entity and changes nothing)',
      'from then on, change the organization through pull requests to the app, and deploy after review',
    ],
  };
}

const PART_ORDER: readonly StackPart[] = ['WorkMail', 'Users', 'Groups', 'Resources'];

function appModel(scan: OrganizationScan, plans: readonly PlannedStack[]): AppModel {
  const organization = scan.organization;
  const aliasWords = pascalCase(asciiWords(organization.alias));
  const prefix = /^[A-Za-z]/.test(aliasWords) ? aliasWords : `Organization${aliasWords}`;
  const stacks: AppStack[] = plans.map((plan) => {
    const suffix = plan.bucket === undefined ? '' : String(plan.bucket);
    return {
      plan,
      stackName: `${prefix}${plan.part}${suffix}`,
      className: `${plan.part}${suffix}Stack`,
      moduleName: `${plan.part.toLowerCase()}${suffix ? `-${suffix}` : ''}-stack`,
    };
  });
  const stackOf = new Map<string, number>();
  plans.forEach((plan, index) => {
    for (const entity of [...plan.users, ...plan.groups, ...plan.resources]) stackOf.set(entity.name.toLowerCase(), index);
  });
  const named: NamedEntity[] = [
    ...organization.users.map((user) => ({ name: user.name, kindWord: 'User' })),
    ...organization.groups.map((group) => ({ name: group.name, kindWord: 'Group' })),
    ...organization.resources.map((resource) => ({ name: resource.name, kindWord: resource.type === 'ROOM' ? 'Room' : 'Equipment' })),
  ];
  return {
    organizationId: organization.id,
    organizationAlias: organization.alias,
    identifiers: entityIdentifiers(named),
    ids: scan.ids,
    stackOf,
    stacks,
  };
}

const stackVariable = (plan: PlannedStack) => camelCase(plan.part) + (plan.bucket ?? '');

/** What no exported app carries, whatever the organization holds. */
function notMappedAlways(scan: OrganizationScan): string[] {
  const lines = [
    'Passwords: WorkMail never returns them. Users are declared with generatePassword: false and keep the passwords they have.',
    'Mailbox content (mail, calendars, contacts) is not part of the app: it stays in the mailboxes (StartMailboxExportJob exports it).',
    'Organization settings other than its domains (access control rules, retention and mobile device policies, impersonation roles, '
      + 'availability configurations) are neither read nor declared.',
  ];
  const { unverifiedDomains } = scan.organization;
  if (unverifiedDomains && unverifiedDomains.length > 0) {
    lines.push(`Unverified domains (${unverifiedDomains.join(', ')}) are not listed in mailDomains: no address may use them until they are verified.`);
  }
  if (scan.skipped.deleted > 0) {
    lines.push(`${scan.skipped.deleted} DELETED entities were skipped (WorkMail still lists them for a while after a delete).`);
  }
  if (scan.skipped.systemUsers > 0) {
    lines.push(`${scan.skipped.systemUsers} system users were skipped (the organization's own accounts, which WorkMail manages).`);
  }
  return lines;
}
