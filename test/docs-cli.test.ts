/**
 * docs/cli.md shows each command's `--help` as the command prints it, so a flag added, renamed or removed in
 * cli/ fails here until the reference is updated (paste the output of `cdk-workmail <command> --help`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { COMMANDS, USAGE } from '../cli/main';

const reference = fs.readFileSync(path.join(__dirname, '..', 'docs', 'cli.md'), 'utf8');

test.each(COMMANDS.map((c) => [c.name, c.usage]))('docs/cli.md has a section with the --help of %s', (name, usage) => {
  const section = reference.split(/^## /m).find((s) => s.startsWith(`${name}\n`));
  expect(section).toBeDefined();
  expect(section).toContain(`$ npx cdk-workmail ${name} --help\n${usage}\n\`\`\``);
});

test('docs/cli.md has the top-level --help, and the README\'s table lists every command', () => {
  expect(reference).toContain(`$ npx cdk-workmail --help\n${USAGE}\n\`\`\``);
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  expect(COMMANDS.filter((c) => !readme.includes(`| \`${c.name} `))).toEqual([]);
});
