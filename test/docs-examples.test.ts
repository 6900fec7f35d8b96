/**
 * Every ```ts / ```typescript block of README.md, CONTRIBUTING.md and docs/**\/*.md type-checks against the
 * library (`cdk-workmail` resolves to src/), so the examples a reader copies keep compiling as the API changes.
 *
 * A block with its own `import` lines is a module of its own: it must declare everything it uses.
 * Any other block is a fragment, checked inside the constructor of a Stack subclass (so `this` is a stack)
 * after PRELUDE below: aws-cdk-lib's and the library's names, and a few entities the examples refer to.
 * Shell, JSON and console blocks are not checked; fence an example that is deliberately not code as ```text.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');

/** Fragments see these names; a block that declares one of them itself shadows it. */
const PRELUDE = `
import { App, Duration, RemovalPolicy, Stack, aws_kms as kms, aws_s3 as s3, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  BookableResourceType, IWorkMailEntity, IWorkMailGroup, IWorkMailOrganization, IWorkMailUser, MailboxPermission, WorkMailAlias,
  WorkMailDelegate, WorkMailEntitySpread, WorkMailEntityType, WorkMailGroup, WorkMailMailboxExportDestination, WorkMailMailboxPermissions,
  WorkMailOrganization, WorkMailProvider, WorkMailResource, WorkMailUser,
} from 'cdk-workmail';

declare const app: App;
declare const organization: IWorkMailOrganization;
declare const alice: WorkMailUser;
declare const bob: WorkMailUser;
declare const engineering: WorkMailGroup;
declare const boardroom: WorkMailResource;
declare const userId: string;

export class DocsExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
`;
const POSTLUDE = `
  }
}
void [App, Duration, RemovalPolicy, kms, s3, secretsmanager, BookableResourceType, MailboxPermission, WorkMailAlias, WorkMailDelegate,
  WorkMailEntitySpread, WorkMailMailboxPermissions,
  WorkMailEntityType, WorkMailGroup, WorkMailMailboxExportDestination, WorkMailOrganization, WorkMailProvider, WorkMailResource, WorkMailUser,
  app, organization, alice, bob, engineering, boardroom, userId];
export type Unused = IWorkMailEntity | IWorkMailGroup | IWorkMailUser;
`;

interface Block {
  readonly file: string;
  /** 1-based line of the block's first code line in `file`. */
  readonly line: number;
  readonly code: string;
}

function markdownFiles(): string[] {
  const files = ['README.md', 'CONTRIBUTING.md'].filter((f) => fs.existsSync(path.join(ROOT, f)));
  const walk = (dir: string): void => {
    if (!fs.existsSync(path.join(ROOT, dir))) return;
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  walk('docs');
  return files.sort();
}

/** Fenced blocks opened by ```ts or ```typescript, at any indent (inside list items too). */
export function extractBlocks(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*(\S*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    if (lang === 'ts' || lang === 'typescript') {
      const code = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
      blocks.push({ file, line: i + 2, code });
    }
    i = end;
  }
  return blocks;
}

/** The virtual source of one block, and how many lines come before the block's code in it. */
function sourceOf(block: Block): { text: string; offset: number } {
  if (/^\s*import\s/m.test(block.code)) return { text: `${block.code}\nexport {};\n`, offset: 0 };
  const head = `${PRELUDE}{\n`;
  return { text: `${head}${block.code}\n}\n${POSTLUDE}`, offset: head.split('\n').length - 1 };
}

/** Type-checks every block in one program; returns one message per error, located in the markdown file. */
export function checkBlocks(blocks: readonly Block[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noImplicitAny: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'cdk-workmail': ['src/index.ts'] },
  };
  const virtual = new Map<string, { block: Block; text: string; offset: number }>();
  blocks.forEach((block, n) => {
    // Under test/ so that node_modules and the package.json (CommonJS) resolve as for the tests.
    const name = path.join(ROOT, 'test', `.docs-example-${n}.ts`);
    virtual.set(name, { block, ...sourceOf(block) });
  });
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f)?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, languageVersion, ...rest) => {
    const v = virtual.get(f);
    return v ? ts.createSourceFile(f, v.text, languageVersion, true) : getSourceFile.call(host, f, languageVersion, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: string[] = [];
  for (const [name, { block, offset }] of virtual) {
    const sf = program.getSourceFile(name)!;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const at = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line - offset;
      const line = at >= 0 ? block.line + at : block.line;
      errors.push(`${block.file}:${line} (block at line ${block.line - 1}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return errors;
}

const blocks = markdownFiles().flatMap((f) => extractBlocks(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
// Proof that the check bites: a wrong prop name, a fragment and a module, checked in the same program.
const wrongProp: Block = { file: 'wrong-prop.md', line: 10, code: "new WorkMailUser(this, 'U', { organization, name: 'u', emial: 'u@acme.example.com' });" };
const wrongModule: Block = {
  file: 'wrong-module.md',
  line: 20,
  code: "import { App, Stack } from 'aws-cdk-lib';\nimport { WorkMailOrganization } from 'cdk-workmail';\n"
    + "WorkMailOrganization.fromAlias(new Stack(new App(), 'S'), 'Org', 42);",
};
const results = checkBlocks([...blocks, wrongProp, wrongModule]);

test('the markdown holds TypeScript examples to check', () => {
  expect(blocks.length).toBeGreaterThan(5);
  expect(new Set(blocks.map((b) => b.file))).toContain('README.md');
});

test('every TypeScript example in README.md, CONTRIBUTING.md and docs/ compiles against the library', () => {
  const ours = results.filter((e) => !e.startsWith('wrong-'));
  expect(ours).toEqual([]);
});

test('the check fails a block with a wrong prop name or argument, and says where', () => {
  expect(results.filter((e) => e.startsWith('wrong-prop.md:10 (block at line 9): ') && /'emial' does not exist/.test(e))).toHaveLength(1);
  expect(results.filter((e) => e.startsWith('wrong-module.md:22 (block at line 19): ')
    && /'number' is not assignable to parameter of type 'string'/.test(e))).toHaveLength(1);
});
