/** `cdk-workmail local-deploy`: the local deploy runner, on the consumer's own synthesized app. */
import {
  LOCAL_DEPLOY_FLAGS, localDeployArgs, localDeployHelp, PARSE_OPTIONS, runLocalDeploy,
} from '../../local/runner/command-line';
import { provideModules } from '../../local/runner/fresh-require';
import { Command, command } from '../args';

// The provider framework requires these two; Lambda's runtime provides them in AWS, and a consumer's
// project rarely has them, so the command carries them (bundled) for the framework it runs.
provideModules({
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  '@aws-sdk/client-lambda': () => require('@aws-sdk/client-lambda'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  '@aws-sdk/client-sfn': () => require('@aws-sdk/client-sfn'),
});

export const localDeployCommand: Command = command({
  name: 'local-deploy',
  summary: 'deploy a synthesized app into a WorkMail endpoint, locally',
  ...localDeployHelp('cdk-workmail local-deploy'),
  flags: LOCAL_DEPLOY_FLAGS,
  ...PARSE_OPTIONS,
  run: (parsed, io) => runLocalDeploy(localDeployArgs(parsed, io), io),
});
