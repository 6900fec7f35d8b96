import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The last step of `package:js`: every npm tarball of the release loses its package.json's task
 * scripts, and nothing else. Run as the task runs it, on tarballs `npm pack` made.
 */
const REPO = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(REPO, 'projenrc', 'strip-package-scripts.ts');
const TS_NODE = require.resolve('ts-node/dist/bin.js');

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'strip-package-scripts-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function strip(distDir: string) {
  return spawnSync(process.execPath, [TS_NODE, '--transpile-only', '--project', path.join(REPO, 'test', 'tsconfig.json'), SCRIPT, distDir], {
    cwd: REPO,
    encoding: 'utf8',
  });
}

/** `npm pack` of a small package shaped like this one's: projen task scripts, a bin, assets. */
function pack(distDir: string, version: string): string {
  const source = path.join(work, `source-${version}`);
  fs.mkdirSync(path.join(source, 'lib'), { recursive: true });
  fs.mkdirSync(path.join(source, 'assets', 'cli'), { recursive: true });
  fs.writeFileSync(path.join(source, 'lib', 'index.js'), 'exports.answer = 42;\n');
  fs.writeFileSync(path.join(source, 'assets', 'cli', 'tool.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
  fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify({
    name: 'cdk-workmail',
    version,
    main: 'lib/index.js',
    bin: { 'cdk-workmail': 'assets/cli/tool.js' },
    scripts: { build: 'projen build', test: 'projen test', cli: 'node assets/cli/tool.js' },
    keywords: ['awscdk', 'workmail'],
    stability: 'experimental',
    peerDependencies: { 'aws-cdk-lib': '^2.276.0' },
  }));
  fs.mkdirSync(distDir, { recursive: true });
  const file = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', distDir], { cwd: source, encoding: 'utf8' }).trim();
  return path.join(distDir, file);
}

function unpack(tarball: string): string {
  const dir = fs.mkdtempSync(path.join(work, 'unpacked-'));
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return path.join(dir, 'package');
}

test('every tarball loses its scripts and keeps its name, version, keywords, stability, bin and files', () => {
  const dist = path.join(work, 'dist', 'js');
  const tarballs = [pack(dist, '0.3.1'), pack(dist, '0.3.2')];
  expect(JSON.parse(fs.readFileSync(path.join(unpack(tarballs[0]), 'package.json'), 'utf8')).scripts).toBeDefined();

  const result = strip(dist);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('cdk-workmail-0.3.1.tgz has no scripts');

  for (const [tarball, version] of [[tarballs[0], '0.3.1'], [tarballs[1], '0.3.2']]) {
    const unpacked = unpack(tarball);
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).toEqual({
      name: 'cdk-workmail',
      version,
      main: 'lib/index.js',
      bin: { 'cdk-workmail': 'assets/cli/tool.js' },
      keywords: ['awscdk', 'workmail'],
      stability: 'experimental',
      peerDependencies: { 'aws-cdk-lib': '^2.276.0' },
    });
    expect(fs.readFileSync(path.join(unpacked, 'lib', 'index.js'), 'utf8')).toBe('exports.answer = 42;\n');
    // The bin stays executable.
    expect(() => fs.accessSync(path.join(unpacked, 'assets', 'cli', 'tool.js'), fs.constants.X_OK)).not.toThrow();
  }
  // The rewritten tarball is still one npm reads: its manifest as npm sees it has no scripts either.
  const seen = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', tarballs[0]], { cwd: work, encoding: 'utf8' }));
  expect(seen[0]).toMatchObject({ name: 'cdk-workmail', version: '0.3.1' });
  // (tar adds directory entries npm's own tarballs leave out; npm reads them as directories.)
  const files = seen[0].files.map((file: { path: string }) => file.path).filter((file: string) => file !== '' && !file.endsWith('/'));
  expect(files.sort()).toEqual(['assets/cli/tool.js', 'lib/index.js', 'package.json']);
});

test('a directory without tarballs is an error, not a silent success', () => {
  fs.mkdirSync(path.join(work, 'empty'));
  const result = strip(path.join(work, 'empty'));
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('strip-package-scripts: no .tgz in');
});
