/**
 * Entry of `npm run local-deploy`. The command line itself is in command-line.ts, which runs nothing when
 * imported: in a bundle (the cdk-workmail command) `require.main === module` holds for every module that
 * is not wrapped, so the check below must live only in a file that the bundle does not import.
 */
import { main } from './command-line';

export { main, parseArgs } from './command-line';
export type { CliIo } from './command-line';

if (require.main === module) {
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
