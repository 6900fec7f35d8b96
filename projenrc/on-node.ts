// Runs `node <script> [args...]` on another Node.js release than the one running this script.
// Usage: on-node.ts <major.minor.patch> <script.js> [args...]
import { spawnSync } from 'child_process';
import { nodeBinary } from './handler-node';

const [version, script, ...args] = process.argv.slice(2);
if (!version || !/^\d+\.\d+\.\d+$/.test(version) || !script) {
  console.error('usage: on-node.ts <major.minor.patch> <script.js> [args...]');
  process.exit(2);
}
let node: string;
try {
  node = nodeBinary(version);
} catch (err) {
  console.error(`on-node: ${(err as Error).message}`);
  process.exit(1);
}
console.log(`on-node: running on Node.js v${version}: ${script} ${args.join(' ')}`);
const run = spawnSync(node, [script, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
