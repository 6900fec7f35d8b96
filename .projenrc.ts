import { awscdk, javascript } from 'projen';
import { HANDLER_NODE_VERSION } from './projenrc/handler-node';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-workmail',
  description: 'AWS CDK constructs that declare Amazon WorkMail users, groups, resources, aliases and delegates as code, reconciled by one custom resource provider per stack.',
  author: 'cdk-workmail contributors',
  authorAddress: 'cdk-workmail@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-workmail/cdk-workmail.git',
  license: 'Apache-2.0',
  keywords: ['awscdk', 'aws-cdk', 'cdk', 'workmail', 'amazon-workmail', 'custom-resource', 'email'],
  defaultReleaseBranch: 'main',
  // 0.x until the API has been used on real organizations: a minor may break, a patch never does.
  majorVersion: 0,
  stability: 'experimental',
  releaseToNpm: true,
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  // The handler lives in lambda/ and is wired by hand below.
  lambdaAutoDiscover: false,

  devDeps: [
    '@aws-sdk/client-workmail@3.1048.0',
    '@aws-sdk/client-secrets-manager',
    '@aws-sdk/client-cloudformation',
    // The handler's credential chain (lambda/credentials.ts), at the versions its clients already use.
    '@aws-sdk/credential-provider-env@^3.972.85',
    '@aws-sdk/credential-provider-http@^3.972.87',
    '@smithy/core@^3.41.0',
    // The provider framework's runtime (run by the local deploy runner) loads these two; the cdk-workmail
    // command bundles them for it, as Lambda's runtime provides them in AWS.
    '@aws-sdk/client-lambda',
    '@aws-sdk/client-sfn',
    '@types/aws-lambda',
    'cdk-nag',
    // cdk-nag 2, which most projects still run as an Aspect: the library must be clean under both majors.
    'cdk-nag-v2@npm:cdk-nag@^2',
    // Bundled into the cdk-workmail command: its CSV exports.
    'csv-stringify',
    // Bundled into the cdk-workmail command: export-mailboxes reads the exported objects.
    '@aws-sdk/client-s3',
    // The emulator's mailbox export jobs write a real zip archive.
    'fflate',
    // A real S3-compatible server for the mailbox export tests.
    's3rver',
  ],

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'lambda', 'local', 'cli', 'example', 'bench', 'campaign'],
    // One project for every linted folder: lambda/, local/, example/ and bench/ are not under src/.
    projectService: false,
    tsconfigPath: './test/tsconfig.json',
  },
  tsconfigDev: {
    include: [
      '../.projenrc.ts', '../projenrc/**/*.ts', '../src/**/*.ts', '../lambda/**/*.ts', '../local/**/*.ts', '../cli/**/*.ts',
      '../example/**/*.ts', '../bench/**/*.ts', '../campaign/**/*.ts',
    ],
    compilerOptions: {},
  },
  jestOptions: {
    // A test run must be able to fail on a changed snapshot: update them with `npx projen test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      // Most suites wait on local HTTP servers and child processes: two workers on CI's two cores halve the wall time.
      maxWorkers: 2,
      // The handler bundle and the emulator are exercised in-process; keep coverage to our code.
      coveragePathIgnorePatterns: ['/node_modules/', '/assets/'],
    },
  },
  // '/node_modules' too: node_modules/ matches only a directory, not a symlink to a shared install.
  gitignore: ['cdk.out', '/node_modules', '/.workmail-local/', '/bench/results/'],

  publishToPypi: { distName: 'cdk-workmail', module: 'cdk_workmail' },
  publishToMaven: {
    javaPackage: 'io.github.cdkworkmail',
    mavenGroupId: 'io.github.cdk-workmail',
    mavenArtifactId: 'cdk-workmail',
  },
  publishToNuget: { dotNetNamespace: 'CdkWorkmail', packageId: 'CdkWorkmail' },
  publishToGo: { moduleName: 'github.com/cdk-workmail/cdk-workmail-go' },
});

for (const pattern of ['/lambda/', '/local/', '/cli/', '/example/', '/bench/', '/campaign/', '/.ci/', 'cdk.out', '/docs/', '/CONTRIBUTING.md']) {
  project.npmignore?.exclude(pattern);
}

// One handler for every WorkMail kind, bundled with its SDK clients so that
// what runs in Lambda is exactly the code and SDK version the tests ran.
new awscdk.LambdaFunction(project, {
  entrypoint: 'lambda/workmail-provider.lambda.ts',
  constructFile: 'src/provider/workmail-provider-function.ts',
  // CDK's own casing, next to WorkMailProvider.
  constructName: 'WorkMailProviderFunction',
  cdkDeps: project.cdkDeps,
  runtime: awscdk.LambdaRuntime.NODEJS_24_X,
  bundlingOptions: {
    externals: [],
    sourcemap: false,
    // LambdaFunction's option type omits these, but passes every option through to the bundler.
    ...({
      minify: true,
      // The SDK's ES module builds let the bundler drop the commands, schemas and browser code the handler
      // never uses: the bundle loads in about 0.7 of the time its CommonJS builds take (`npm run bench`).
      mainFields: ['module', 'main'],
      // Those builds load some node built-ins with `import()`; as `require()` they load the same module, and
      // also where the bundle runs without an ES module loader (the local runner inside a test sandbox).
      esbuildArgs: {
        '--supported:dynamic-import': 'false',
        // Lambda's credentials only (environment, container endpoint): see lambda/credentials.ts.
        '--alias:@aws-sdk/credential-provider-node': './lambda/credentials.ts',
      },
    } as {}),
  },
});

// The cdk-workmail command, one executable file with the AWS SDK clients inside: a consumer installs
// nothing more and nothing is compiled at run time. aws-cdk-lib stays outside: the local runner runs the
// provider framework from the consumer's own aws-cdk-lib (a peer dependency).
const cliBundle = project.bundler.addBundle('cli/index.ts', {
  platform: 'node',
  target: 'node20',
  outfile: 'cdk-workmail.js',
  executable: true,
  banner: '#!/usr/bin/env node',
  externals: ['aws-cdk-lib', 'constructs'],
  tsconfigPath: 'test/tsconfig.json',
  minify: true,
  sourcemap: false,
  watchTask: false,
});
project.addBins({ 'cdk-workmail': cliBundle.outfile });
// `npm run cli -- <args>` runs the same bundled file the package ships. A plain npm script, not a projen
// task: projen's task runner turns every failing exit code into 1, and the command's codes (2 usage,
// 3 drift) are part of its interface.
project.package.setScript('cli', `npx projen ${cliBundle.bundleTask.name} && node ${cliBundle.outfile}`);

// Tests load the bundled asset, so a clean clone must bundle before it tests.
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  project.testTask.prependSpawn(bundle);
}

const tsNode = 'ts-node --transpile-only --project test/tsconfig.json';
// The handler deploys on Lambda's nodejs24.x while the library and the command support older Node.js
// releases too: the suites that exercise the handler and what it talks to run again on Node 24.
const handlerOnNode24 = project.addTask('test:node24', {
  description: `The handler, emulator and end-to-end suites on Node.js ${HANDLER_NODE_VERSION} (the handler's runtime)`,
  exec: `${tsNode} projenrc/on-node.ts ${HANDLER_NODE_VERSION} node_modules/jest/bin/jest.js --ci --coverage=false test/handler test/emulator test/e2e`,
  receiveArgs: true,
});
project.testTask.spawn(handlerOnNode24);
// jsii-pacmak packs package.json as it is; the published one must not carry projen's task scripts.
project.tasks.tryFind('package:js')?.exec(`${tsNode} projenrc/strip-package-scripts.ts dist/js`);
project.addTask('emulator', {
  description: 'Run the local WorkMail emulator (--port <n> --seed <file>)',
  exec: `${tsNode} local/emulator/cli.ts`,
  receiveArgs: true,
});
const demo = project.addTask('demo', {
  description: 'Synthesize the example app, deploy it into the local WorkMail emulator and print what it holds',
});
if (bundle) {
  demo.spawn(bundle);
}
demo.exec(`${tsNode} local/demo.ts`, { receiveArgs: true });
const bench = project.addTask('bench', {
  description: 'Measure the handler: bundle size, start time, WorkMail API calls per lifecycle',
});
if (bundle) {
  bench.spawn(bundle);
}
bench.exec(`${tsNode} bench/run.ts`);
const campaign = project.addTask('campaign', {
  description: 'Randomized lifecycle campaign against a faulty emulator (--seed <n> --steps <m> --scenarios <k>; --scenario <s> replays one)',
});
if (bundle) {
  campaign.spawn(bundle);
}
campaign.exec(`${tsNode} campaign/cli.ts`, { receiveArgs: true });
project.addTask('local-deploy', {
  description: 'Deploy, update or destroy a synthesized app against a WorkMail endpoint (see README)',
  exec: `${tsNode} local/runner/cli.ts`,
  receiveArgs: true,
});

project.synth();
