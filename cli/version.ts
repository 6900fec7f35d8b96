/** The version of cdk-workmail, from its package.json (bundled into the executable). */
import { version } from '../package.json';

export const TOOL_VERSION: string = version;
