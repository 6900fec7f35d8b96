/**
 * Serves DescribeStacks, with outputs, for stacks the runner has deployed, from their state files, to another
 * process (e.g. a command run with `AWS_ENDPOINT_URL_CLOUDFORMATION` pointing here). The files are read at every
 * request, so a later deploy is seen; only names, ids, status, times and outputs are served, never a secret of the file.
 */
import { cloudFormationRoute, LocalStackStatus } from './cloudformation-endpoint';
import { LocalEndpoints } from './local-endpoints';
import { loadState, storedTimes } from './state';

export interface LocalCloudFormationOptions {
  /** The runner's state files (`.workmail-local/<stack>.json`) of the stacks to serve. */
  readonly stateFiles: readonly string[];
}

export interface LocalCloudFormation {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  stop(): Promise<void>;
}

function stackFrom(file: string, nameOrId: string): LocalStackStatus | undefined {
  const state = loadState(file);
  if (!state || (state.stackName !== nameOrId && state.stackId !== nameOrId)) return undefined;
  return { stackName: state.stackName, stackId: state.stackId, status: 'CREATE_COMPLETE', ...storedTimes(state), outputs: state.outputs ?? [] };
}

export async function serveLocalCloudFormation(options: LocalCloudFormationOptions): Promise<LocalCloudFormation> {
  const route = cloudFormationRoute((nameOrId) => {
    for (const file of options.stateFiles) {
      const stack = stackFrom(file, nameOrId);
      if (stack) return stack;
    }
    return undefined;
  });
  const endpoints = await LocalEndpoints.start([route]);
  return { endpoint: endpoints.url, stop: () => endpoints.close() };
}
