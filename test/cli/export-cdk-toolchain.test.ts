import * as fs from 'fs';
import { AppIdentity, cdkJson, packageJson, tsconfigJson } from '../../cli/export/cdk/app-files';
import repoPackage from '../../package.json';

/**
 * The exported app's package.json must install on a fresh machine as it was verified: exact pins
 * that satisfy each other's peer ranges, and a cdk.json command whose runners the app installs.
 * (The export's own code is type-checked against this repository's aws-cdk-lib by export-cdk.test.ts.)
 */

const APP: AppIdentity = {
  organizationId: 'm-0123456789abcdef0123456789abcdef',
  organizationAlias: 'acme',
  defaultMailDomain: 'acme.example.com',
  domains: ['acme.example.com'],
  appName: 'acme-workmail',
  toolVersion: '0.3.1',
};

interface Manifest {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
}

/** `1.2.3`: one exact release, no range, no prerelease. */
const isExact = (version: string) => /^\d+\.\d+\.\d+$/.test(version);
const parts = (version: string) => version.split('.').map(Number);
const compare = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
/** `^a.b.c` with a ≥ 1, the only kind of range these manifests hold: same major, at least a.b.c. */
function satisfiesCaret(version: string, range: string): boolean {
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (floor === undefined || parts(floor)[0] === 0) throw new Error(`not a caret range of a 1.x or later: ${range}`);
  return parts(version)[0] === parts(floor)[0] && compare(version, floor) >= 0;
}

const pkg = JSON.parse(packageJson(APP)) as Manifest;
const installed = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as Manifest;

test('every dependency is pinned to one exact version', () => {
  const pins = { ...pkg.dependencies, ...pkg.devDependencies };
  expect(Object.keys(pins).sort()).toEqual(['@types/node', 'aws-cdk', 'aws-cdk-lib', 'cdk-workmail', 'constructs', 'tsx', 'typescript']);
  for (const [name, version] of Object.entries(pins)) {
    expect([name, isExact(version)]).toEqual([name, true]);
  }
  expect(pkg.dependencies['cdk-workmail']).toBe(APP.toolVersion);
});

test('the pinned aws-cdk-lib and constructs are the ones this repository tests against, and satisfy every peer range', () => {
  const lib = pkg.dependencies['aws-cdk-lib'];
  const constructs = pkg.dependencies.constructs;
  expect(installed('aws-cdk-lib').version).toBe(lib);
  expect(installed('constructs').version).toBe(constructs);
  // cdk-workmail's peers, then aws-cdk-lib's own.
  expect(satisfiesCaret(lib, repoPackage.peerDependencies['aws-cdk-lib'])).toBe(true);
  expect(satisfiesCaret(constructs, repoPackage.peerDependencies.constructs)).toBe(true);
  expect(satisfiesCaret(constructs, installed('aws-cdk-lib').peerDependencies!.constructs)).toBe(true);
});

/**
 * The newest cloud assembly schema each pinned CLI reads, as its package records it
 * (`revision` of the cloud-assembly-schema's version.json bundled in aws-cdk). Re-record on a new pin.
 */
const CLI_SCHEMA_REVISION: Record<string, number> = { '2.1148.1': 55 };

test('the pinned CDK CLI reads the cloud assembly the pinned aws-cdk-lib writes', () => {
  const cli = pkg.devDependencies['aws-cdk'];
  expect(Object.keys(CLI_SCHEMA_REVISION)).toContain(cli);
  // The schema package's major is its revision; aws-cdk-lib takes any release of one major.
  const range = installed('aws-cdk-lib').dependencies['@aws-cdk/cloud-assembly-schema'];
  const major = Number(/^\^(\d+)\./.exec(range)![1]);
  expect(major).toBeLessThanOrEqual(CLI_SCHEMA_REVISION[cli]);
});

test('the CDK CLI is one versioned apart from the library, and the Node.js types cover the Node.js the library requires', () => {
  expect(compare(pkg.devDependencies['aws-cdk'], '2.1000.0')).toBeGreaterThanOrEqual(0);
  const nodeFloor = /^>= ?(\d+)\./.exec(repoPackage.engines.node)![1];
  expect(parts(pkg.devDependencies['@types/node'])[0]).toBeGreaterThanOrEqual(Number(nodeFloor));
});

test('each step of the cdk.json app command runs a program the app installs, on the entry point it writes', () => {
  const app = (JSON.parse(cdkJson(APP)) as { app: string }).app;
  const steps = app.split(' && ').map((step) => step.split(' '));
  expect(steps).toEqual([['npx', 'tsc'], ['npx', 'tsx', 'bin/acme-workmail.ts']]);
  // Which package provides each program (tsx's bin has its own name; TypeScript's is checked on the installed copy).
  const provider: Record<string, string> = { tsc: 'typescript', tsx: 'tsx' };
  for (const [, program] of steps) {
    expect(Object.keys(pkg.devDependencies)).toContain(provider[program]);
  }
  expect(Object.keys(installed('typescript').bin as Record<string, string>)).toContain('tsc');
  expect(pkg.devDependencies).not.toHaveProperty('ts-node');
});

test('tsc only type-checks (tsx runs the code), and flags what a one-file transpiler cannot run', () => {
  const options = (JSON.parse(tsconfigJson()) as { compilerOptions: Record<string, unknown> }).compilerOptions;
  expect(options).toMatchObject({ noEmit: true, isolatedModules: true, strict: true, types: ['node'] });
  expect(options).not.toHaveProperty('outDir');
});
