import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmulatorOptions, EmulatorSeed, RunningEmulator, startEmulator } from '../../local/emulator';
import { LocalRunnerOptions } from '../../local/runner';

/** A test file's emulator and working directory: started before its tests, gone after them. */
export interface EmulatedFile {
  readonly emulator: RunningEmulator;
  /** Where the file's apps synthesize and the runner keeps its state. */
  readonly workdir: string;
  /** Runner options deploying `cloudAssemblyDir` into the emulator; log lines go to `log` (default: nowhere). */
  runnerOptions(cloudAssemblyDir: string, stateFile: string, log?: (line: string) => void): LocalRunnerOptions;
}

export function useEmulatorAndWorkdir(prefix: string, options: EmulatorOptions): EmulatedFile {
  const file = {
    runnerOptions: (cloudAssemblyDir, stateFile, log = () => undefined) => ({
      cloudAssemblyDir, stateFile, workmailEndpoint: file.emulator.endpoint, log,
    }),
  } as { emulator: RunningEmulator; workdir: string } & Pick<EmulatedFile, 'runnerOptions'>;
  beforeAll(async () => {
    file.emulator = await startEmulator(options);
    file.workdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-workmail-${prefix}-`));
  });
  afterAll(async () => {
    await file.emulator?.close();
    if (file.workdir !== undefined) fs.rmSync(file.workdir, { recursive: true, force: true });
  });
  return file;
}

/** A seed of one organization with one verified domain, its default. */
export function oneOrganization(id: string, alias: string, domain: string): EmulatorSeed {
  return { organizations: [{ id, alias, defaultMailDomain: domain, domains: [domain] }] };
}
