// The published package.json carries no projen task scripts: consumers run none of them, and
// `npm run build` in an installed copy would only fail. Rewrites every npm tarball in dist/js in place.
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const distDir = resolve(process.argv[2] ?? 'dist/js');
const tarballs = readdirSync(distDir).filter((file) => file.endsWith('.tgz'));
if (tarballs.length === 0) {
  console.error(`strip-package-scripts: no .tgz in ${distDir}`);
  process.exit(1);
}
for (const tarball of tarballs) {
  const path = join(distDir, tarball);
  const work = mkdtempSync(join(tmpdir(), 'cdk-workmail-pack-'));
  try {
    execFileSync('tar', ['-xzf', path, '-C', work]);
    const manifestPath = join(work, 'package', 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    delete manifest.scripts;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, undefined, 2)}\n`);
    execFileSync('tar', ['-czf', path, '-C', work, 'package']);
    console.log(`strip-package-scripts: ${tarball} has no scripts`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
