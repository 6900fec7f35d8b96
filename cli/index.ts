/** The `cdk-workmail` executable (bundled into assets/cli/): runs the command line and exits with its code. */
import { main } from './main';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`cdk-workmail: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
