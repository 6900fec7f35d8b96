/**
 * The files around the stacks that make the export a complete CDK app: package.json with the
 * versions this library supports, cdk.json, tsconfig.json, the app's entry point, the organization
 * module the stacks share, .gitignore and a short README.
 */
import { commentText, tsString } from './ts-source';
import repoPackage from '../../../package.json';

/**
 * The app's toolchain, pinned exactly so that a fresh `npm install` gets what was verified together:
 * the choice of the CDK CLI's own `cdk init app --language typescript` template (tsx runs the entry
 * point, tsc type-checks it first). ts-node 10, the last ts-node, crashes on TypeScript 7. The CLI has
 * versioned apart from the library (2.1000.0 and on) since 2025; it reads the cloud assembly of a library
 * no newer than its own schema.
 */
export const APP_TOOLCHAIN = {
  'aws-cdk': '2.1148.1',
  'typescript': '7.0.2',
  'tsx': '4.23.15',
  '@types/node': '24.19.4',
} as const;

export interface AppIdentity {
  readonly organizationId: string;
  readonly organizationAlias: string;
  readonly defaultMailDomain: string;
  readonly domains: readonly string[];
  /** The npm package name and the entry point's file name, e.g. `acme-workmail`. */
  readonly appName: string;
  readonly toolVersion: string;
}

/** `acme` → `acme-workmail`: lower-case letters, digits and single hyphens. */
export function appNameOf(alias: string): string {
  const base = alias.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base || 'organization'}-workmail`;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function packageJson(app: AppIdentity): string {
  // The library versions this repository builds and tests against (exact, and within its peer ranges).
  const dev = repoPackage.devDependencies as Record<string, string>;
  return json({
    name: app.appName,
    version: '0.1.0',
    private: true,
    description: `The WorkMail organization ${app.organizationAlias} (${app.organizationId}) as a CDK app`,
    scripts: { build: 'tsc', synth: 'cdk synth', diff: 'cdk diff --all', deploy: 'cdk deploy --all' },
    dependencies: {
      'aws-cdk-lib': dev['aws-cdk-lib'],
      // The version that wrote the code: a later one may need a newer aws-cdk-lib than the one pinned.
      'cdk-workmail': app.toolVersion,
      'constructs': dev.constructs,
    },
    devDependencies: { ...APP_TOOLCHAIN },
  });
}

export function cdkJson(app: AppIdentity): string {
  return json({
    app: `npx tsc && npx tsx bin/${app.appName}.ts`,
    watch: { include: ['**'], exclude: ['README.md', 'cdk*.json', '**/*.d.ts', '**/*.js', 'tsconfig.json', 'package*.json', 'node_modules'] },
  });
}

export function tsconfigJson(): string {
  return json({
    compilerOptions: {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      lib: ['es2022'],
      types: ['node'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      rootDir: '.',
      // tsc only type-checks; tsx runs the TypeScript, one file at a time.
      noEmit: true,
      isolatedModules: true,
    },
    include: ['bin/**/*.ts', 'lib/**/*.ts'],
    exclude: ['node_modules', 'cdk.out'],
  });
}

export const GITIGNORE = ['node_modules/', 'cdk.out/', '.workmail-local/', ''].join('\n');

/** `lib/organization.ts`: the organization every stack references (by id: no lookup at deploy time). */
export function organizationModule(app: AppIdentity): string {
  return [
    'import { WorkMailOrganizationAttributes } from \'cdk-workmail\';',
    '',
    `/** ${commentText(`The WorkMail organization ${app.organizationAlias}.`)} Addresses outside its domains fail at synth. */`,
    'export const ORGANIZATION: WorkMailOrganizationAttributes = {',
    `  organizationId: ${tsString(app.organizationId)},`,
    `  defaultMailDomain: ${tsString(app.defaultMailDomain)},`,
    `  mailDomains: [${app.domains.map(tsString).join(', ')}],`,
    '};',
    '',
  ].join('\n');
}

export interface EntryStack {
  readonly className: string;
  readonly moduleName: string;
  readonly stackName: string;
  readonly variable: string;
  /** Variables of the stacks it must be deployed after. */
  readonly after: readonly string[];
}

/** `bin/<app>.ts`: one line per stack, and the order they deploy in. */
export function entryPoint(stacks: readonly EntryStack[]): string {
  const lines = [
    '#!/usr/bin/env node',
    'import { App } from \'aws-cdk-lib\';',
    ...stacks.map((stack) => `import { ${stack.className} } from '../lib/${stack.moduleName}';`),
    '',
    'const app = new App();',
    ...stacks.map((stack) => {
      const bound = stack.after.length > 0 || stacks.some((other) => other.after.includes(stack.variable));
      return `${bound ? `const ${stack.variable} = ` : ''}new ${stack.className}(app, ${tsString(stack.stackName)});`;
    }),
  ];
  const order = stacks.flatMap((stack) => stack.after.map((other) => `${stack.variable}.addDependency(${other});`));
  if (order.length > 0) {
    lines.push('', '// Members and delegates of other stacks are referenced by id; deploy the stacks they are declared in first.', ...order);
  }
  return `${lines.join('\n')}\n`;
}

export function readme(app: AppIdentity, stacks: readonly EntryStack[], split: boolean): string {
  return [
    `# ${app.appName}`,
    '',
    `The WorkMail organization **${app.organizationAlias}** (\`${app.organizationId}\`) as a CDK app, written by`,
    `\`cdk-workmail export --format cdk\` (cdk-workmail ${app.toolVersion}) from what the organization held when it was read.`,
    'Every user, group and bookable resource is declared with `adoptExisting: true` and `RemovalPolicy.RETAIN`:',
    'the stacks take the entities over as they are, never re-create them, and never delete them. Users declare',
    '`generatePassword: false`: passwords never leave WorkMail, and each user keeps the one it has.',
    '',
    '## Take it over',
    '',
    '1. `npm install`',
    '2. `npx cdk synth`, and review the code in `lib/` (one statement per entity, named after it). Commit it.',
    '3. `npx cdk bootstrap` once per account and region (the provider\'s function code is an asset), in the organization\'s region.',
    '4. `npx cdk diff`, then `npx cdk deploy --all`. **The first deploy only adopts**: it reads every entity and',
    '   finds nothing to change.',
    '5. From then on, change the organization through pull requests to this code, and deploy after review.',
    '',
    '## Stacks',
    '',
    ...stacks.map((stack) => `- \`${stack.stackName}\` (\`lib/${stack.moduleName}.ts\`)`),
    '',
    split
      ? 'The organization is too large for one stack (CloudFormation allows 500 resources and 1 MB a template), so each kind '
        + 'is spread over stacks by a hash of the entity\'s name: adding or removing an entity changes only the stack it '
        + 'hashes to. Members and delegates declared in another stack are referenced by their WorkMail id. A new entity '
        + 'that a group or resource of another stack should reference: deploy it first, then reference it by its id.'
      : 'Every entity is in one stack, so members and delegates are wired by reference.',
    '',
  ].join('\n');
}
