import { spawnSync } from 'child_process';
import * as path from 'path';

// `npm run cli` is a plain npm script (not a projen task): the command's own exit code reaches the caller.
test('npm run cli keeps the command exit code (usage error exits 2)', () => {
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', '--bogus-flag'], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  expect(result.stderr).toContain("unknown command '--bogus-flag'");
  expect(result.status).toBe(2);
});
